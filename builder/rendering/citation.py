""""Cite this": CSL-JSON for sources and explainers, a formatted reference, and a BibTeX entry.

CSL-JSON is the exchange format of reference managers (Zotero, Pandoc, citeproc); the formatted
reference and the BibTeX entry are both derived from it, so the three always agree. A fact the archive
does not know (`unknown` in the front matter) is left out, never written as a value.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import model as citeproc_model
from citeproc.source.json import CiteProcJSON

from builder.core.dates import FuzzyDate
from builder.core.link import Archive
from builder.core.markup import Citation as MarkupCitation, plain_text, substitute
from builder.core.kinds import SOURCE_KINDS
from builder.core.model import Explainer, Item, Source
from builder.core.parallel import forked_map
from builder.core.paths import Kind, item_url, slugify

# Cite Them Right (Harvard), as bundled with citeproc-py, with one fix described in the file.
STYLE_FILE = Path(__file__).parent / "styles" / "archive-harvard.csl"
# The style's own locale: day-month dates, as the site shows them.
LOCALE = "en-GB"

# Where the outlet goes: the periodical or site that carries these types; for the others, the body
# that issues them is their publisher.
_CONTAINER_TYPES = {"article-newspaper", "post", "webpage"}

_BIBTEX_TYPE = {"article-newspaper": "article", "report": "techreport"}
_BIBTEX_CONTAINER = {"article": "journal", "techreport": "institution"}
_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Characters that are commands to LaTeX, spelled as text.
_LATEX_SPECIAL = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
})
# Braces and backslashes cannot appear raw in a BibTeX field; in a URL they are percent-encoded.
_URL_UNSAFE = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})
_CAPITALIZED_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def site_root(site_url: str) -> str:
    """The site's address as a base for its pages, which are all below it: with a final slash."""
    return site_url if site_url.endswith("/") else site_url + "/"


def page_url(item: Item, site_url: str) -> str:
    """The URL of an item's place on the site: absolute under site_url, or relative to a relative base."""
    url, anchor = item_url(item.kind, item.id)
    absolute = site_address(site_url, url)
    return f"{absolute}#{anchor}" if anchor else absolute


@cache
def site_address(site_url: str, url: str) -> str:
    """A URL of the site (`url`, from its root) under `site_url`: joined to an absolute address, or set after
    a relative base (`../`, from a folder of the site). Kept: pages ask for the same few thousand items'
    URLs over and over (a source's on every page that cites it)."""
    root = site_root(site_url)
    return urljoin(root, url) if urlsplit(root).scheme else root + url


def cited_sources(explainer: Explainer, archive: Archive) -> list[Source]:
    """The published sources an explainer cites, in the order of their first citation."""
    return [archive.items[i] for i in archive.cited_ids(explainer.id) if i in archive.items and archive.items[i].kind is Kind.SOURCE]


# Names -------------------------------------------------------------------------------------------

def split_name(name: str, archive: Archive) -> tuple[str, str] | None:
    """(given, family) when a name can be split without guessing wildly; None keeps it whole.

    "Ruiz, Ana" is split as written; "Ana Ruiz", two capitalized words, is read as given and family.
    Anything longer ("Andrés Manuel López Obrador") or not shaped like a person's name ("Archive
    editors") stays whole, and so does a name that is an organization or place in the archive.
    """
    if _entity_kind(name, archive) not in (None, "person"):
        return None
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        return (given, family) if family and given else None
    words = name.split()
    if len(words) == 2 and all(_is_capitalized(word) for word in words):
        return words[0], words[1]
    return None


def is_person(name: str, archive: Archive) -> bool:
    """Whether an author is a person rather than an organization, as far as the name tells.

    The archive's own entities decide first; otherwise a name of capitalized words is a person's.
    """
    kind = _entity_kind(name, archive)
    if kind is not None:
        return kind == "person"
    return split_name(name, archive) is not None or all(_is_capitalized(word) for word in name.split())


def _is_capitalized(word: str) -> bool:
    return bool(_CAPITALIZED_WORD.fullmatch(word)) and word[0].isupper()


def _entity_kind(name: str, archive: Archive) -> str | None:
    """The kind of the entity a name stands for, found by id, since ids are made from names."""
    entity = archive.items.get(slugify(name))
    return entity.meta.kind if entity is not None and entity.kind is Kind.ENTITY else None


def _csl_names(names: list[str] | None, archive: Archive) -> list[dict[str, str]]:
    result = []
    for name in names or ():
        parts = split_name(name, archive)
        result.append({"family": parts[1], "given": parts[0]} if parts else {"literal": name})
    return result


# CSL-JSON ----------------------------------------------------------------------------------------

def csl_date(date: FuzzyDate) -> dict[str, Any]:
    """A CSL date at the date's own precision: [[2025]], [[2025, 8]] or [[2025, 8, 8]]."""
    parts = [part for part in (date.year, date.month, date.day) if part is not None]
    return {"date-parts": [parts], **({"circa": True} if date.approximate else {})}


def csl_json(item: Item, archive: Archive, site_url: str, site_name: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item for a source or an explainer. `site_name` is an explainer's container title."""
    if item.kind is Kind.SOURCE:
        return _source_csl(item, archive)
    if item.kind is Kind.EXPLAINER:
        return _explainer_csl(item, archive, site_url, site_name)
    raise ValueError(f"only sources and explainers can be cited, not {item.kind.value} '{item.id}'")


def all_sources_csl(archive: Archive, site_url: str) -> list[dict[str, Any]]:
    """Every published source, by id."""
    return [csl_json(source, archive, site_url) for source in sorted(archive.sources, key=lambda s: s.id)]


def _source_csl(source: Source, archive: Archive) -> dict[str, Any]:
    meta = source.meta
    csl_type = _csl_type(source)
    outlet_field = "container-title" if csl_type in _CONTAINER_TYPES else "publisher"
    fields: dict[str, Any] = {
        "genre": SOURCE_KINDS[meta.kind].genre,
        "title": meta.title,
        outlet_field: meta.outlet,
        "author": _csl_names(meta.authors, archive),
        "issued": csl_date(meta.published) if meta.published else None,
        "URL": meta.original,
        "accessed": csl_date(meta.access_date) if meta.access_date else None,
        "language": meta.language,
        "note": _note_text(source, archive),
    }
    return {"id": source.id, "type": csl_type, **{key: value for key, value in fields.items() if value}}


def _csl_type(source: Source) -> str:
    # A reference can be any kind of work; a URL is the one sign that it is a web page.
    if source.meta.kind == "reference" and not source.meta.url:
        return "document"
    return SOURCE_KINDS[source.meta.kind].csl_type


def _explainer_csl(explainer: Explainer, archive: Archive, site_url: str, site_name: str | None) -> dict[str, Any]:
    meta = explainer.meta
    fields: dict[str, Any] = {
        "title": meta.title,
        "container-title": site_name,
        "author": _csl_names(meta.authors, archive),
        "issued": csl_date(meta.published),
        "URL": page_url(explainer, site_url) if site_url else None,  # no public address, no URL to give
        "abstract": meta.summary,
    }
    # "webpage", not "article": in CSL an article is a preprint or working paper.
    return {"id": explainer.id, "type": "webpage", **{key: value for key, value in fields.items() if value}}


def _note_text(source: Source, archive: Archive) -> str | None:
    """The editor's note as plain text, each citation in it as the cited sources' titles."""
    if not source.meta.note:
        return None
    found = archive.note_scans.get(source.id)
    if found is None:
        return plain_text(source.meta.note)

    def cited(citation: MarkupCitation) -> str:
        titles = [", ".join(filter(None, (archive.labels.get(key.id, key.id), key.locator))) for key in citation.keys]
        return "(" + "; ".join(titles) + ")"

    return plain_text(substitute(source.meta.note, found, cited,
                                 lambda link: link.label or archive.labels.get(link.target, link.target)))


# A formatted reference ---------------------------------------------------------------------------

@cache
def _style() -> CitationStylesStyle:
    _remember_style_lookups()
    return CitationStylesStyle(str(STYLE_FILE), locale=LOCALE)


def _remember_style_lookups() -> None:
    """Make citeproc-py look each of a style's terms and macros up once, not every time it uses one.

    citeproc-py (pinned in requirements.lock) runs an XPath query over the style each time it prints a
    term ("and", "Available at", a month's name) or expands a macro: half of the time it takes a reference.
    A parsed style never changes, so the answers are kept, keyed by the element asked, which the memo also
    keeps alive (lxml may otherwise hand out a new proxy, and a new id, for the same element).
    """
    missing = object()  # a term the locale lacks: citeproc-py expects IndexError, and tries the next locale

    def remembered(lookup):
        answers: dict = {}

        def remembered_lookup(element, *args, **options):
            key = (element, args, tuple(sorted(options.items())))
            if key not in answers:
                try:
                    answers[key] = lookup(element, *args, **options)
                except IndexError:
                    answers[key] = missing
            if answers[key] is missing:
                raise IndexError(args)
            return answers[key]
        return remembered_lookup

    citeproc_model.Locale.get_term = remembered(citeproc_model.Locale.get_term)
    citeproc_model.CitationStylesElement.get_macro = remembered(citeproc_model.CitationStylesElement.get_macro)


# What decides a reference's format besides its content: the style, and this module's code (the escaping,
# the lookups kept from citeproc-py). A memo from CI's cache or an editor's .cache/ made before either
# changed is then not read, rather than read wrong.
FORMAT_INPUTS = (STYLE_FILE, Path(__file__))


@cache
def _style_fingerprint(inputs: tuple[Path, ...]) -> str:
    """The format's inputs, and the version of citeproc-py, as one digest."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in inputs)
                          + package_version("citeproc-py").encode()).hexdigest()


def formatted(csl: dict[str, Any]) -> str:
    """The reference as an HTML fragment (text with <i> for titles), formatted by citeproc-py."""
    # citeproc-py reads values as markup and copies them through unescaped: escape them first.
    item = {key: value if key in ("id", "type") else _escaped(value) for key, value in csl.items()}
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return _DESCRIPTION_QUOTED.sub(r"\1", str(bibliography.bibliography()[0]))


# A title in brackets is the editors' description of an untitled work, which a reference gives as it is
# ("[Statement on …]"), not in the quotation marks of a title ("‘[Statement on …]’").
_DESCRIPTION_QUOTED = re.compile(r"‘(\[[^‘’\]]*\])’")


def formatted_many(csls: list[dict[str, Any]], memo: dict[str, str]) -> list[str]:
    """`formatted` for many references, reusing `memo` (keyed by each reference's content) and filling it.

    citeproc-py takes a few milliseconds a reference, which adds up to half a minute at ten thousand
    sources; the memo makes a rebuild pay only for what changed, and a first build uses every core.
    """
    style = _style_fingerprint(FORMAT_INPUTS)
    keys = [hashlib.sha256((style + json.dumps(csl, sort_keys=True, ensure_ascii=False)).encode()).hexdigest()
            for csl in csls]
    missing = {key: csl for key, csl in zip(keys, csls) if key not in memo}
    memo.update(zip(missing, forked_map(formatted, list(missing.values()))))
    return [memo[key] for key in keys]


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(element) for element in value]
    if isinstance(value, dict):
        return {key: _escaped(element) for key, element in value.items()}
    return value


# BibTeX ------------------------------------------------------------------------------------------

def bibtex(csl: dict[str, Any], key: str) -> str:
    """A BibTeX entry for a CSL-JSON item, readable by BibTeX and biblatex."""
    entry_type = _BIBTEX_TYPE.get(csl["type"], "misc")
    container = csl.get("container-title") or csl.get("publisher")
    issued = _first_date(csl.get("issued"))
    accessed = _first_date(csl.get("accessed"))
    fields: list[tuple[str, str | None]] = [
        ("author", " and ".join(_bibtex_name(name) for name in csl.get("author", ())) or None),
        ("title", "{" + _latex(csl["title"]) + "}"),  # braced twice: styles must not change its case
        (_BIBTEX_CONTAINER.get(entry_type, "howpublished"), _latex(container) if container else None),
        ("year", str(issued[0]) if issued else None),
        ("month", _MONTH_MACROS[issued[1] - 1] if issued and len(issued) > 1 else None),
        ("url", csl["URL"].translate(_URL_UNSAFE) if csl.get("URL") else None),
        ("urldate", FuzzyDate(*accessed).iso() if accessed else None),
        ("note", _latex(csl["note"]) if csl.get("note") else None),
    ]
    lines = [f"  {name} = {_bibtex_value(name, value)}," for name, value in fields if value]
    return f"@{entry_type}{{{key},\n" + "\n".join(lines) + "\n}\n"


def _bibtex_value(name: str, value: str) -> str:
    # A month macro (jan, feb, …), unbraced, reads right in BibTeX's styles and biblatex's alike.
    return value if name == "month" else "{" + value + "}"


def _first_date(date: dict[str, Any] | None) -> list[int] | None:
    return date["date-parts"][0] if date else None


def _bibtex_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + _latex(name["literal"]) + "}"  # braced: BibTeX must not split it into parts
    return f"{_latex(name['family'])}, {_latex(name['given'])}"


def _latex(text: str) -> str:
    return text.translate(_LATEX_SPECIAL)
