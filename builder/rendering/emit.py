"""Stage 4, emit: draw every page of the site from the templates in theme/archive/, and every download.

A page comes out finished: its content as HTML, its title, its headings for the table of contents, and
its tags for machines; a site engine puts it in the theme's page as it is (the MkDocs adapter does). All
structure is HTML from autoescaped templates, so a `<script>` in a title or an excerpt reaches the reader
as text. Editors' own Markdown (explainer bodies, entity and topic texts, event paragraphs, editor's
notes) is converted once, with its citations and wikilinks drawn by the templates (`texts.py`).

Each document also keeps what it read of the archive while it was drawn (`reads.py`): a preview redraws
the documents that read what an edit changed.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from functools import partial
from contextlib import contextmanager
from typing import Callable, Collection, Iterable, Iterator
from urllib.parse import urlsplit

import inflect
from babel import Locale, UnknownLocaleError
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.runtime import Macro
from markdown.extensions.toc import slugify as heading_slug, unique
from markupsafe import Markup

from builder.rendering import sanitize
from builder.core.dates import FuzzyDate
from builder.core.diagnostics import Diagnostic, Severity
from builder.rendering.citation import bibtex, cited_sources, csl_json, formatted_many
from builder.rendering.data import TABLES, data_files, data_paths
from builder.rendering.feeds import FEEDS, feed_files, feed_paths
from builder.core.link import Archive, alphabetical
from builder.rendering.metadata import json_ld, json_ld_script, open_graph, web_page, without_site_addresses
from builder.core.parallel import forked_map
from builder.rendering.strip import strip
from builder.core.markup import Citation, Scan, WikiLink, line_and_col, quotations, substitute
from builder.rendering.page_links import PageLink, resolver
from builder.rendering.reads import RecordedArchive, RecordedWhole, Reads
from builder.rendering.texts import NOTES_PLACE, Heading, TextRenderer
from builder.core.quotes import find
from builder.core.kinds import ENTITY_KINDS, KIND_LABELS
from builder.core.model import Item, Source, SourceMeta, passage_for
from builder.core.verify import Integrity
from builder.core.paths import (
    CORRECTIONS, DATA_PAGE, HOME, INDEX_OF, SEARCH, TIMELINE, file_url, Kind, document_of, item_url, relative_url, url_of, year_document,
)

_NOTE_LABEL = "cite-"  # keeps generated notes apart from any footnote an editor writes
_LINE_START = re.compile(r"[ \t]*(?:[#>|]|[-*+]\s|\d+[.)]\s)")
# The home page is a set of doors to the sections: its few headings need no table of contents beside them.
_WITHOUT_CONTENTS = frozenset({HOME})


@dataclass(frozen=True)
class Document:
    path: str  # relative to the site's root: "sources/x.md" is a page; "data/sources.csv" a file as it is
    content: str | bytes  # a page's finished HTML (what goes inside the theme's article); a download's text
    changed: FuzzyDate | None = None  # when its content last changed, where the content says
    title: str = ""  # a page's, as text
    head: str = ""  # a page's tags for machines, for the <head>: link previews and schema.org data
    headings: tuple[Heading, ...] = ()  # a page's table of contents
    table_of_contents: bool = True  # whether the page shows its table of contents
    # The archive's keys this document read while drawn (`reads.py`); not part of what it is.
    reads: frozenset[str] = field(default=frozenset(), compare=False)
    # The links its editors' texts make to other pages by their Markdown paths, checked once all are drawn.
    page_links: tuple[PageLink, ...] = field(default=(), compare=False)

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")


@dataclass(frozen=True)
class SiteInfo:
    name: str
    description: str
    url: str  # site_url, for the absolute URLs that citations, feeds and metadata need


def problems_page(diagnostics: list[Diagnostic], templates: Path) -> Document:
    """The home page a preview shows while the content has errors and nothing good was built yet."""
    env = _environment(templates)
    env.globals["facets_of"] = lambda item, document: None  # nothing to search for on this page
    title = "Problems in the content"
    content = env.get_template("problems.html").render(title=title, diagnostics=diagnostics, head=None)
    return Document(HOME, content, title=title, table_of_contents=False)


def problems_banner(diagnostics: list[Diagnostic], templates: Path, shown: int = 5) -> str:
    """The notice a preview puts on each page it serves while the content has errors: the first few of them."""
    errors = [diagnostic for diagnostic in diagnostics if diagnostic.severity is Severity.ERROR]
    return _environment(templates).get_template("problems-banner.html").render(errors=errors, shown=shown)


def _environment(templates: Path, compiled: BytecodeCache | None = None) -> Environment:
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=compiled)
    env.globals["KIND_LABELS"] = KIND_LABELS
    env.globals.update(unknown_facts=unknown_facts, URL_STATUS_TEXT=URL_STATUS_TEXT)
    env.filters["host"] = lambda url: urlsplit(url).hostname.removeprefix("www.")
    env.filters["alphabetical"] = alphabetical
    # A date as a key that sorts as text: 2025-08-08, then 2025-08-32 (August 2025), 0000-00-00 (not known).
    env.globals["date_key"] = lambda date: "%04d-%02d-%02d" % (date.sort_key() if date else (0, 0, 0))
    env.filters["join_words"] = lambda words: ENGLISH.join(list(words))
    # "Government bodies", "3 sources", "1 event": English plurals from inflect, never a bare "+s".
    env.filters["plural"] = lambda noun, count=2: ENGLISH.plural_noun(noun, count)
    env.filters["counted"] = lambda count, noun: f"{count} {ENGLISH.plural_noun(noun, count)}"
    return env


ENGLISH = inflect.engine()
# What a reader is told of an original that is not `live`, in "The original address …".
URL_STATUS_TEXT = {"live": "still leads to the text", "dead": "no longer answers",
                   "unfit": "now leads to something else", "usurped": "has been taken over by another site"}


def unknown_facts(meta: SourceMeta) -> list[str]:
    """What is not known of a source, said once on its page rather than as 'unknown' in every field."""
    facts = [("the outlet", meta.outlet), ("the author", meta.authors), ("the date of publication", meta.published),
             ("the address of the original", meta.original or meta.archive_url)]
    return [fact for fact, value in facts if not value]


class CompiledTemplates(BytecodeCache):
    """Compiled templates, kept in memory: a preview compiles a template again only when its text changes.

    Each Emitter needs an environment of its own (Jinja keeps imported macros with the globals they were
    first imported with), and compiling the templates for each was a good part of redrawing a page.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)  # Jinja checks it against the template's current text

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class Links:
    """Relative URLs from one document, so the site works under any sub-path. A link to an item is a read of it."""

    def __init__(self, document: str, reads: Reads | None = None) -> None:
        self.document = document
        self.reads = reads

    def item(self, item: Item) -> str:
        if self.reads is not None:
            self.reads.item(item.id)
        url, anchor = item_url(item.kind, item.id)
        return relative_url(self.document, url, anchor)

    def doc(self, document: str, anchor: str | None = None) -> str:
        return relative_url(self.document, url_of(document), anchor)

    def file(self, path: str) -> str:
        """A link to a download, such as data/sources.csv."""
        return file_url(self.document, path)

    def year(self, year: int | None) -> str:
        return self.doc(year_document(year))


def emit(archive: Archive, integrity: Integrity, templates: Path, site: SiteInfo,
         history: dict[str, FuzzyDate] | None = None, references: dict[str, str] | None = None) -> list[Document]:
    """Every page and download.

    `history` gives content files' last commit dates, for explainers without an `updated` date and for
    undated sources in the feed; `references` is a memo of formatted references from earlier builds,
    which this one reads and fills.
    """
    return Emitter(archive, integrity, templates, site, history, references).documents()


class Emitter:
    """Draws the site's documents, all of them or only some: a preview redraws only what an edit touched.

    Documents are drawn one at a time in each process; `archive` is the archive as the document being drawn
    sees it, recording its reads.
    """

    def __init__(self, archive: Archive, integrity: Integrity, templates: Path, site: SiteInfo,
                 history: dict[str, FuzzyDate] | None = None, references: dict[str, str] | None = None,
                 compiled: CompiledTemplates | None = None) -> None:
        """`compiled` keeps compiled templates from one Emitter to the next (in a preview)."""
        self.archive = RecordedArchive(archive, Reads())
        self.history = history or {}
        self.references = references if references is not None else {}
        self.citable: dict[str, tuple[dict, str, frozenset[str]]] = {}  # id -> (CSL-JSON, formatted reference, its reads)
        self.site = site
        self.env = _environment(templates, compiled)
        self.env.filters["date"] = lambda value: value.display() if value is not None else "unknown"
        self.env.filters["inline_html"] = lambda html: Markup(sanitize.inline(str(html)))
        self.env.filters["language_name"] = language_name
        self.env.globals["facets_of"] = self._facets
        self.env.globals["drawn_row"] = self._drawn_row
        self.env.globals["section"] = self._section
        self._rows: dict[tuple[str, str, str], Markup] = {}
        self.env.globals["archive_url"] = lambda item: relative_url("index.md", *item_url(item.kind, item.id))
        self.env.globals.update(archive=self.archive, integrity=RecordedWhole(integrity, self.archive), site=site, Kind=Kind,
                                lookup=self._lookup, INDEX_OF=INDEX_OF, TIMELINE=TIMELINE, CORRECTIONS=CORRECTIONS,
                                DATA_PAGE=DATA_PAGE)
        self.macros = self.env.get_template("_macros.html").module
        self.texts = TextRenderer()
        self.inline_texts = TextRenderer(blocks=False)
        self._headings: list[Heading] = []  # of the page being drawn, in order
        self._page_links: list[PageLink] = []
        self._anchors: set[str] = set()
        self._download_cache: dict[tuple[str, str], tuple[dict[str, bytes], frozenset[str]]] = {}
        self._by_year: dict[Kind, dict[int | None, list[Item]]] = {}
        self.page_items = {document: item for item in archive.items.values()
                           if (document := document_of(item.kind, item.id)) is not None}
        self.plan = self._plan(archive)

    def _plan(self, archive: Archive) -> dict[str, Callable[[], Document]]:
        """Every document of the site, by path, in the order they are built, and how to draw each."""
        plan: dict[str, Callable[[], Document]] = {
            HOME: lambda: self._render("home.html", HOME, title=self.site.name),
            TIMELINE: lambda: self._render(
                "timeline.html", TIMELINE, title="Timeline", years=self._years(Kind.EVENT),
                strip=strip(self.archive, year_link=lambda row, year: Links(TIMELINE).year(year) if row == "sources" else f"#year-{year}",
                            event_link=lambda event_id: f"#event-{event_id}"),
                event_topics={t for e in self.archive.events for t in e.meta.topics},
                event_entities={n for e in self.archive.events for n in e.meta.entities}),
            INDEX_OF[Kind.EXPLAINER]: lambda: self._render("explainers_index.html", INDEX_OF[Kind.EXPLAINER], title="Explainers"),
            INDEX_OF[Kind.SOURCE]: lambda: self._render("sources_index.html", INDEX_OF[Kind.SOURCE], title="Sources",
                                                        years=self._years(Kind.SOURCE), newest_first=_newest_first(self.archive.sources)),
            INDEX_OF[Kind.ENTITY]: lambda: self._render("entities_index.html", INDEX_OF[Kind.ENTITY],
                                                        title="People and organizations", groups=_group_entities(self.archive)),
            INDEX_OF[Kind.TOPIC]: lambda: self._render("topics_index.html", INDEX_OF[Kind.TOPIC], title="Topics"),
            SEARCH: lambda: self._render("search.html", SEARCH, title="Search"),
            CORRECTIONS: lambda: self._render("corrections.html", CORRECTIONS, title="Corrections",
                                              corrections=self.archive.corrections),
            DATA_PAGE: lambda: self._render("data.html", DATA_PAGE, title="Data and feeds"),
        }
        downloads = {path: ("data", table) for table in TABLES for path in data_paths(table)}
        downloads.update({path: ("feeds", feed) for feed in FEEDS for path in feed_paths(feed)})
        for path in sorted(downloads):
            plan[path] = partial(self._download, path, *downloads[path])
        years = {listing_year(item) for item in archive.items.values() if item.kind in (Kind.SOURCE, Kind.EVENT)}
        for year in sorted(years, key=_year_sort):
            plan[year_document(year)] = partial(self._year, year)
        for document, item in self.page_items.items():
            plan[document] = partial(self._item_page, item, document)
        return plan

    def documents(self, only: Collection[str] | None = None) -> list[Document]:
        """The documents at the paths in `only` (every one by default), in the plan's order."""
        paths = [path for path in self.plan if only is None or path in only]
        # citeproc is slow: the references of all the pages drawn are formatted together, on every core.
        cited = [item for path in paths if (item := self.page_items.get(path)) is not None
                 and item.kind in (Kind.EXPLAINER, Kind.SOURCE) and item.id not in self.citable]
        csls, reads = [], []
        for item in cited:
            with self._reading() as read:
                csls.append(csl_json(item, self.archive, self.site.url, self.site.name))  # "": no URL of ours
            reads.append(frozenset(read.keys))
        self.citable.update(zip((item.id for item in cited), zip(csls, formatted_many(csls, self.references), reads)))
        return forked_map(self._draw, paths)

    def _draw(self, path: str) -> Document:
        with self._reading() as read:
            document = self.plan[path]()
        return replace(document, reads=frozenset(read.keys))

    @contextmanager
    def _reading(self) -> Iterator[Reads]:
        """Record what the archive is asked while the block runs."""
        self.archive.reads = reads = Reads()
        try:
            yield reads
        finally:
            self.archive.reads = Reads()

    def _download(self, path: str, folder: str, name: str) -> Document:
        # With no public address, the downloads' links are relative to their own folder (data/, feeds/),
        # one level below the site's root, which feed readers and JSON Schema resolve as such.
        base = self.site.url or "../"
        if (folder, name) not in self._download_cache:  # the JSON, CSV and schema of a table are made together
            files = (data_files(self.archive, base, [name]) if folder == "data"
                     else feed_files(self.archive, base, self.site.name, [name], self.history, addressed=bool(self.site.url)))
            self._download_cache[folder, name] = files, frozenset(self.archive.reads.keys)
        files, reads = self._download_cache[folder, name]
        self.archive.reads.keys.update(reads)
        return Document(path, files[path])

    def _years(self, kind: Kind) -> dict[int | None, list[Item]]:
        """The sources or the events by year (read from the archive, as the document being drawn reads it)."""
        items = self.archive.sources if kind is Kind.SOURCE else self.archive.events
        if kind not in self._by_year:
            self._by_year[kind] = _group_by_year(items)
        return self._by_year[kind]

    def _year(self, year: int | None) -> Document:
        return self._render("year.html", year_document(year), title=str(year) if year is not None else "Undated", year=year,
                            sources=self._years(Kind.SOURCE).get(year, []), events=self._years(Kind.EVENT).get(year, []))

    def _item_page(self, item: Item, document: str) -> Document:
        updated = self._last_updated(item)
        page = self._render(f"{item.kind.value}.html", document, title=item.label, item=item, updated=updated)
        return replace(page, changed=updated or (item.meta.published if item.kind is Kind.EXPLAINER else None))

    def _last_updated(self, item: Item) -> FuzzyDate | None:
        """An explainer's own `updated` date, else its last commit; never the build's date."""
        if item.kind is not Kind.EXPLAINER:
            return None
        return item.meta.updated or self.history.get(item.origin.path)

    def _render(self, template: str, document: str, **context) -> Document:
        item, title, read = context.get("item"), context["title"], self.archive.reads
        if item is not None:  # its page shows all of it, and its reference (`documents`)
            read.item(item.id)
            read.text(item.id)
            read.keys.update(self.citable[item.id][2] if item.id in self.citable else ())
        links = Links(document, read)
        context.update(links=links, document=document, body=lambda item: self._body(item, links),
                       inline=lambda item: self._inline_body(item, links), note=lambda source: self._note(source, links),
                       head=self._head(item, document, title), cite=self._cite(item))
        self._headings, self._anchors, self._page_links = [], set(), []
        content = self.env.get_template(template).render(**context)
        return Document(document, content, title=title, head=context["head"], headings=tuple(self._headings),
                        table_of_contents=document not in _WITHOUT_CONTENTS, page_links=tuple(self._page_links))

    def _section(self, title: str, anchor: str | None = None, classes: str = "", searched: bool = True) -> Markup:
        """A heading of the page the templates draw (`section(...)`), listed in its table of contents."""
        anchor = unique(anchor or heading_slug(str(title), "-"), self._anchors)
        self._headings.append(Heading(2, anchor, str(title)))
        return self.macros.section_heading(title, anchor, classes, searched)

    def _add_headings(self, headings: tuple[Heading, ...]) -> None:
        """An editor's headings, in the page's table of contents, their anchors kept from the page's own."""
        self._headings += headings
        stack = list(headings)
        while stack:
            heading = stack.pop()
            self._anchors.add(heading.id)
            stack += heading.children

    def _drawn_row(self, row: Macro, item: Item, links: Links) -> Markup:
        """A row of a list (`source_row` and the like), drawn once for each item and link to it.

        A row shows only its item and links to it, so it is the same on every page with the same link:
        the related sources of ten thousand source pages are some fifty thousand rows of ten thousand
        sources, and drawing each as a macro call was a fifth of drawing a source page.
        """
        key = (row.name, item.id, links.item(item))
        if (drawn := self._rows.get(key)) is None:
            drawn = self._rows[key] = row(item, links)
        return drawn

    def _head(self, item: Item | None, document: str, title: str) -> str:
        """What goes in the page's <head> for machines: Open Graph and Twitter tags, and JSON-LD."""
        url = self.site.url + url_of(document)
        description = _description(item) or self.site.description
        if item is not None:
            data = json_ld(item, self.archive, self.site.url, self.site.name)
        else:
            data = web_page(title, url, self.site.url, self.site.name, collection=document != HOME, description=description)
        if not self.site.url:
            data = without_site_addresses(data)
        tags = open_graph(item, title, description, url, self.site.name)
        return str(self.macros.head(tags, Markup(json_ld_script(data)))).strip()

    def _cite(self, item: Item | None) -> dict | None:
        """The "Cite this" box: a formatted reference, BibTeX and CSL-JSON, for explainers and sources."""
        if item is None or item.kind not in (Kind.EXPLAINER, Kind.SOURCE):
            return None
        csl, reference, _ = self.citable[item.id]
        # Cleaned, though citeproc escapes what it is given: the formatted reference may come from the memo
        # in .cache/, which a build reads from disk.
        return {"formatted": Markup(sanitize.inline(reference)), "bibtex": bibtex(csl, item.id),
                "csl": json.dumps(csl, indent=2, ensure_ascii=False)}

    # Editors' Markdown ----------------------------------------------------------------------------

    def _body(self, item: Item, links: Links) -> Markup:
        """A full Markdown body as HTML, its citations as numbered notes listed under a "Notes" heading."""
        numbers: dict[tuple[str, str | None], int] = {}
        first_note: dict[str, int] = {}  # the note that carries each source's editor's note
        notes = []
        found = self.archive.scans[item.id]
        fragments = self.texts.fragments(self._links_from(item, item.body, links))
        # The words each citation attributes, by its keys (shared by the citation and its hugging copy below).
        quoted = {id(q.citation.keys): q.text for q in quotations(item.body, found) if q.citation is not None}

        def note_markers(citation: Citation) -> str:
            markers = []
            for key in citation.keys:
                source = self.archive.items[key.id]
                self.archive.reads.text(key.id)  # the note shows the passage cited
                locator = key.locator or _quoted_passage(source, quoted.get(id(citation.keys)))
                number = numbers.setdefault((key.id, locator), len(numbers) + 1)
                if number > len(notes):
                    note_in = first_note.setdefault(key.id, number)
                    cited = passage_for(source.passages, locator)
                    note = self.macros.cite_note(source, locator, links,
                                                 self._note(source, links) if note_in == number else None,
                                                 passage=cited[0].text if cited else None,
                                                 note_in=note_in if note_in != number and source.meta.note else None,
                                                 note_anchor=f"fn:{_NOTE_LABEL}{note_in}")
                    notes.append(f"[^{_NOTE_LABEL}{number}]: {fragments.place(str(note).strip())}")
                markers.append(f"[^{_NOTE_LABEL}{number}]")
            # Notes cited together read "10,11", not "1011".
            return fragments.place('<sup class="ar-note-sep">,</sup>').join(markers)

        hugging = replace(found, citations=tuple(_hugging(item.body, found.masked, c) for c in found.citations))
        text = self._substitute(item.body, hugging, note_markers, links, fragments.place).strip()
        if notes:
            heading = str(self.macros.notes_heading()).strip()
            text += f"\n\n{heading}\n\n{NOTES_PLACE}\n\n" + "\n".join(notes)
        rendered = self.texts.render(text)
        self._add_headings(rendered.headings)
        return Markup(rendered.html)

    def _inline_body(self, item: Item, links: Links) -> Markup:
        """A short Markdown text (an event's paragraph) as HTML, its citations as inline references."""
        return self._inline(item, item.body, self.archive.scans[item.id], links, self._links_from(item, item.body, links))

    def _note(self, source: Source, links: Links) -> Markup | None:
        if source.id not in self.archive.note_scans:
            return None
        note_at = source.origin.at("note")
        return self._inline(source, source.meta.note, self.archive.note_scans[source.id], links,
                            self._links_from(source, source.meta.note, links, (note_at.line, note_at.col)))

    def _links_from(self, item: Item, text: str, links: Links, at: tuple[int, int] | None = None) -> Callable[[str], str | None]:
        """How the links of an item's text to pages by their Markdown paths are resolved; each is kept, with the
        line and column it is written at (`at`: the start of a text inside the front matter)."""
        def where(href: str) -> tuple[str, int, int]:
            if at is not None:
                return item.origin.path, *at
            line, col = line_and_col(text, max(text.find(href), 0))
            return item.origin.path, item.origin.body_line + line - 1, col
        return resolver(links.document, self.plan, where, self._page_links)

    def _inline(self, item: Item, text: str, found: Scan, links: Links, resolve_link: Callable[[str], str | None]) -> Markup:
        fragments = self.inline_texts.fragments(resolve_link)

        def references(citation: Citation) -> str:
            sources = [(self.archive.items[key.id], key.locator) for key in citation.keys]
            return fragments.place(str(self.macros.inline_cite(sources, links, compact=item.kind is Kind.EVENT)).strip())

        return Markup(self.inline_texts.render(self._substitute(text, found, references, links, fragments.place)).html)

    def _substitute(self, text: str, found: Scan, citation: Callable[[Citation], str], links: Links,
                    place: Callable[[str], str]) -> str:
        def wikilink(link: WikiLink) -> str:
            target = self.archive.items.get(link.target)  # None for a draft: its label shows as plain text
            label = link.label or self.archive.labels.get(link.target, link.target)
            return place(str(self.macros.wikilink(target, label, links)).strip())

        return substitute(text, found, citation, wikilink)

    def _facets(self, item: Item | None, document: str) -> Facets | None:
        """Search facets of a page: an item's kind, topics and years; the timeline is the events' page.

        The years are those of what a page is about, never of when the archive wrote it: a source's year of
        publication, the years of the sources an explainer cites, the years of the timeline's events.
        """
        if document == TIMELINE:
            return Facets("Timeline", [("kind", "Event"), *_years_filter(e.meta.date for e in self.archive.events)])
        if item is None:
            return None
        kind = KIND_LABELS[item.meta.kind] if item.kind is Kind.ENTITY else item.kind.label
        filters = [("kind", kind)]
        filters += [("topic", self.archive.labels.get(topic, topic)) for topic in getattr(item.meta, "topics", ())]
        if item.kind is Kind.SOURCE:
            filters += _years_filter([item.meta.published])
        elif item.kind is Kind.EXPLAINER:
            filters += _years_filter(source.meta.published for source in cited_sources(item, self.archive))
        return Facets(kind, filters)

    def _lookup(self, ids: list[str]) -> list[Item]:
        """The published items among `ids`, in the editor's order."""
        return [self.archive.items[i] for i in ids if i in self.archive.items]


def _years_filter(dates: Iterable[FuzzyDate | None]) -> list[tuple[str, str]]:
    return [("year", str(year)) for year in sorted({date.year for date in dates if date is not None})]


@dataclass(frozen=True)
class Facets:
    kind: str  # shown beside each search result
    filters: list[tuple[str, str]]  # (filter, value): kind, topic and year


def language_name(tag: str) -> str:
    """A source's language in words, in English: "es-MX" is "Spanish (Mexico)". A tag Babel does not know stays."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return tag
    if locale.language != tag.split("-")[0].lower():  # Babel guesses for some tags ("und" as English)
        return tag
    return locale.get_display_name("en") or tag


def _quoted_passage(source: Source, words: str | None) -> str | None:
    """For a citation with no locator that attributes a quotation: the locator of the passage holding it, so
    that the note shows that passage. None when the quotation is in no one passage, or the excerpt says none."""
    if words is None or len(source.passages) < 2:
        return None
    return next((passage.locator for passage in source.passages if passage.locator and find(words, passage.text).found), None)


def _hugging(text: str, masked: str, citation: Citation) -> Citation:
    """The citation widened over the space before it, so its note marker hugs the word, as in print.

    It crosses a line break only inside a paragraph: never after a heading, a table row, a quote or
    a code block, and never when the citation opens a list item.
    """
    start = citation.start
    while start and text[start - 1] in " \t":
        start -= 1
    if start and text[start - 1] == "\n":
        previous_start = text.rfind("\n", 0, start - 1) + 1
        previous = masked[previous_start : start - 1]
        if previous.strip() and not previous.endswith(" ") and not _LINE_START.match(previous):
            start -= 1
        else:
            start = citation.start
    return replace(citation, start=start)


def _description(item: Item | None) -> str | None:
    """A page's one-line description, for search engines and link previews."""
    if item is None:
        return None
    if item.kind is Kind.EXPLAINER:
        return item.meta.summary
    if item.kind in (Kind.ENTITY, Kind.TOPIC):
        return item.meta.description
    if item.kind is Kind.SOURCE:
        outlet = item.meta.outlet or "outlet unknown"
        return f"{item.meta.kind.replace('-', ' ').capitalize()} ({outlet}, {item.meta.published.display() if item.meta.published else 'date unknown'}), with its provenance and what cites it."
    return None


# The date that places an item on a year page: a source's publication, an event's date.
_DATED_BY = {Kind.SOURCE: "published", Kind.EVENT: "date"}


def listing_year(item: Item) -> int | None:
    """The year whose page lists a source or an event (None: the page of undated ones)."""
    date = getattr(item.meta, _DATED_BY[item.kind])
    return date.year if date is not None else None


def _year_sort(year: int | None) -> tuple[int, int]:
    return (1, 0) if year is None else (0, year)


def _newest_first(sources: list[Source]) -> list[Source]:
    """Every source, the most recent first and the undated last, as the full list of sources opens."""
    dated = sorted((s for s in sources if s.meta.published), key=lambda s: (s.meta.published.sort_key(), alphabetical(s.label)))
    return [*reversed(dated), *sorted((s for s in sources if not s.meta.published), key=lambda s: alphabetical(s.label))]


def _group_by_year(items: list[Item]) -> dict[int | None, list[Item]]:
    """Sources or events by year, oldest first, each year in date order; undated items last."""
    groups: dict[int | None, list[Item]] = defaultdict(list)
    for item in items:
        groups[listing_year(item)].append(item)

    def in_date_order(item: Item) -> tuple:
        date = getattr(item.meta, _DATED_BY[item.kind])
        return (date.sort_key() if date else (0, 0, 0), alphabetical(item.label), item.id)

    for members in groups.values():
        members.sort(key=in_date_order)
    return {year: groups[year] for year in sorted(groups, key=_year_sort)}


def _group_entities(archive: Archive) -> list[tuple[str, list[Item]]]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for entity in archive.entities:
        groups[entity.meta.kind].append(entity)
    return [(kind, groups[kind]) for kind in ENTITY_KINDS if groups[kind]]
