"""`archive ingest`: raw clippings in, draft sources out, with nothing lost and nothing written twice.

A clipping file mixes article paragraphs and social posts, with no metadata. Each social post becomes
its own draft; consecutive article paragraphs stay together. Every character of the input (other than
whitespace) lands in exactly one excerpt, verbatim. An excerpt that the archive already holds, or nearly
holds, is reported instead of written, so ingesting the same file twice writes nothing the second time.

A page saved from a browser (`pages.py`) and each work of a CSL-JSON export (`csl.py`) become one draft
each, with the metadata they carry; one whose address the archive already holds is reported, not written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.core.dates import FuzzyDate
from builder.core.diagnostics import Diagnostic, Diagnostics
from builder.core.load import UNICODE_MARKS, decode, load
from builder.core.model import Entity, Item
from builder.core.paths import Kind, content_path, id_from_title, id_problem, is_shortened
from builder.core.quotes import normalize
from builder.commands.scaffold import create, schema_link, template
from builder.commands.works import Draft, carries_metadata, read_drafts
from builder.core.validate import INGEST_NOTE_OPENING, WORKING_TITLE_END, validate

INBOX = "inbox"
SHINGLE = 5  # words per shingle
DUPLICATE_SHARE = 0.8  # of an excerpt's shingles already in the archive
TITLE_WORDS = 8

_URL = re.compile(r"https?://[^\s<>\"“”]+?(?=[.,;:!?)\]]*(?:\s|$|https?://))")
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
_HASHTAG = re.compile(r"(?<![\w&])#\w+")
# Pictographs and symbols that mark a post; letters with accents are not among them.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F]")
_SPANISH = re.compile(r"\b(?:el|la|los|las|de|del|que|y|en|por|para|con|una?|es|se)\b", re.IGNORECASE)
_ENGLISH = re.compile(r"\b(?:the|of|and|to|in|that|for|with|was|is|on|by|an?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Excerpt:
    text: str
    line: int  # where it starts in the clipping file
    kind: str  # "social-post" or "article"

    @property
    def links(self) -> list[str]:
        return _URL.findall(self.text)


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)


def is_social_post(line: str) -> bool:
    return bool(any(is_shortened(url) for url in _URL.findall(line)) or _HANDLE.search(line)
                or _HASHTAG.search(line) or _EMOJI.search(line))


def split_clipping(text: str) -> list[Excerpt]:
    """Excerpts in reading order: each post alone, consecutive article paragraphs together.

    An article's excerpt is the clipping's own lines, byte for byte: lines with no blank line between them
    stay one paragraph, and blank lines between paragraphs stay as they were.
    """
    excerpts: list[Excerpt] = []
    article: list[str] = []  # its lines, blank ones included, from its first line
    article_line = 0

    def close_article() -> None:
        while article and not article[-1].strip():
            article.pop()
        if article:
            excerpts.append(Excerpt("\n".join(article), article_line, "article"))
            article.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if article:
                article.append(line)
            continue
        if is_social_post(line):
            close_article()
            excerpts.append(Excerpt(line.strip(), number, "social-post"))
        else:
            if not article:
                article_line = number
            article.append(line)
    close_article()
    return excerpts


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", normalize(text).lower())
    size = min(SHINGLE, len(words))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)} if words else set()


class _Holdings:
    """What the archive already holds, for spotting duplicates: every source's shingles."""

    def __init__(self, sources: list[Item]) -> None:
        self.by_source = {source.id: shingles(source.body) for source in sources if source.body.strip()}

    def match(self, text: str) -> tuple[str, float] | None:
        """The source the text most overlaps, when the archive already holds most of the text."""
        mine = shingles(text)
        if not mine:
            return None
        held = set().union(*self.by_source.values()) if self.by_source else set()
        share = len(mine & held) / len(mine)
        if share < DUPLICATE_SHARE:
            return None
        best = max(self.by_source, key=lambda source_id: len(mine & self.by_source[source_id]))
        return best, share

    def add(self, source_id: str, text: str) -> None:
        self.by_source[source_id] = shingles(text)


def read_clipping(path: Path, diagnostics: Diagnostics) -> str | None:
    """The clipping's text; None, with the reason among `diagnostics`, when it cannot be ingested."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(where, 1, 1, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return None
    if b"\x00" in data and not any(data.startswith(mark) for mark, _ in UNICODE_MARKS):  # UTF-16 has NULs too
        diagnostics.error(where, 1, 1, "not-text", "this looks like a binary file, not a text clipping",
                          "ingest clippings saved as plain text")
        return None
    text = decode(data, where, diagnostics)
    if text is not None and not text.strip():
        diagnostics.error(where, 1, 1, "empty-file", "the file is empty")
        return None
    return text


def ingest(project: Path, files: list[Path], today: dt.date | None = None) -> Report:
    """Drafts from raw clippings, pages saved from a browser (.html) and CSL-JSON exports (.json)."""
    report = Report()
    unusable = Diagnostics()
    today = today or dt.date.today()
    clippings, drafts = [], []
    for path in files:
        if (text := read_clipping(path, unusable)) is None:
            continue
        if carries_metadata(path):
            drafts.extend(read_drafts(path, text, today, unusable))
        else:
            clippings.append((path, text))
    if errors := unusable.sorted():
        report.errors = errors
        return report  # nothing is written unless every input is readable
    inbox = _Inbox(project, report, today)
    for path, text in clippings:
        inbox.add_clipping(path, text)
    for draft in drafts:
        inbox.add_draft(draft)
    return report


class _Inbox:
    """Where drafts go, and what the archive already holds, so that nothing is written twice."""

    def __init__(self, project: Path, report: Report, today: dt.date) -> None:
        self.project, self.report, self.today = project, report, today
        diagnostics = Diagnostics()
        items = validate(load(project, diagnostics).items, diagnostics)
        sources = [i for i in items if i.kind is Kind.SOURCE]
        self.holdings = _Holdings(sources)
        self.by_address = {_address_key(s.meta.url): s.id for s in sources if s.meta.url}
        self.by_work = {_work_key(s.meta.title, s.meta.published): s.id for s in sources}
        self.entities = [i for i in items if i.kind is Kind.ENTITY]
        self.taken = {i.id for i in items} | {p.stem for p in (project / "content").rglob("*.md")}
        self.clipping_template = template(project, "ingested.md")
        self.drafted_template = template(project, "drafted.md")

    def add_clipping(self, path: Path, text: str) -> None:
        for excerpt in split_clipping(text):
            where = f"{path.name}:{excerpt.line}"
            duplicate = self.holdings.match(excerpt.text)
            if duplicate:
                self.report.skipped.append(f"{where}: already in the archive as '{duplicate[0]}' ({duplicate[1]:.0%} of its words)")
                continue
            item_id = _free_id(_title_words(excerpt.text), self.taken)
            relative = content_path(Kind.SOURCE, item_id, INBOX)
            if not self._create(relative, _draft(self.clipping_template, excerpt, relative, path, self.entities, self.today)):
                self.report.skipped.append(f"{where}: {relative} already exists")
                continue
            self.holdings.add(item_id, excerpt.text)
            flags = [f"shortened link {url} cannot be resolved offline" for url in excerpt.links if is_shortened(url)]
            self.report.written.append(f"{relative} ({excerpt.kind}, from {where})" + "".join(f"; {f}" for f in flags))

    def add_draft(self, draft: Draft) -> None:
        where = f"{draft.origin}: '{draft.title}'"
        if held := self._held(draft):
            self.report.skipped.append(f"{where}: already in the archive as '{held}'")
            return
        if draft.wanted_id and not id_problem(draft.wanted_id) and draft.wanted_id not in self.taken:
            item_id = draft.wanted_id
        else:
            slug = id_from_title(draft.title) or "source"
            item_id = _free_id(f"{draft.published.iso()}-{slug}" if draft.published else slug, self.taken)
        relative = content_path(Kind.SOURCE, item_id, INBOX)
        text = "\n\n".join(f"== para. {number} ==\n{passage}" for number, passage in enumerate(draft.passages, start=1))
        written = self.drafted_template.render(
            schema=schema_link(Kind.SOURCE, relative), origin=draft.origin, title=draft.title, kind=draft.kind,
            outlet=draft.outlet, authors=draft.authors, published=draft.published and str(draft.published),
            url=draft.url, access_date=draft.access_date and str(draft.access_date), language=draft.language or _language(text),
            entities=_proposed_entities(f"{draft.title}\n{text}", self.entities), note=draft.note,
            excerpt=text + "\n" if text else "")
        if not self._create(relative, written):
            self.report.skipped.append(f"{where}: {relative} already exists")
            return
        self.by_work[_work_key(draft.title, draft.published)] = item_id
        if draft.url:
            self.by_address[_address_key(draft.url)] = item_id
        self.holdings.add(item_id, text)
        self.report.written.append(f"{relative} ({draft.kind}, from {draft.origin})")

    def _held(self, draft: Draft) -> str | None:
        """The source that already holds this work: the same address, the same title and date, or the same text."""
        if draft.url and (held := self.by_address.get(_address_key(draft.url))):
            return held
        if held := self.by_work.get(_work_key(draft.title, draft.published)):
            return held
        duplicate = self.holdings.match("\n\n".join(draft.passages))
        return duplicate[0] if duplicate else None

    def _create(self, relative, text: str) -> bool:
        if not create(self.project / relative, text):
            return False
        self.taken.add(relative.stem)
        return True


def _work_key(title: str, published: FuzzyDate | None) -> tuple[str, str | None]:
    """A work as compared for duplicates when it has no address: its title, in any case, and its date."""
    return " ".join(title.casefold().split()), published and str(published)


def _address_key(url: str) -> str:
    """An address as compared for duplicates: without its fragment, and a trailing slash or none alike."""
    return url.split("#", 1)[0].rstrip("/")


def _draft(template, excerpt: Excerpt, relative, origin: Path, entities: list[Entity], today: dt.date) -> str:
    links = excerpt.links
    notes = [f"{INGEST_NOTE_OPENING}{origin.name}, line {excerpt.line}, on {today.isoformat()}; outlet, author and date are not in the clipping."]
    shortened = [url for url in links if is_shortened(url)]
    if shortened:
        notes.append(f"The link {shortened[0]} is shortened and has not been resolved; replace url with the address it leads to.")
    return template.render(
        schema=schema_link(Kind.SOURCE, relative),
        origin=f"{origin.name}, line {excerpt.line}",
        title=f"[{_title_words(excerpt.text)}{WORKING_TITLE_END}",
        kind=excerpt.kind,
        url=links[0] if links else None,
        language=_language(excerpt.text),
        entities=_proposed_entities(excerpt.text, entities),
        note=" ".join(notes),
        excerpt=excerpt.text,
    )


def _title_words(text: str) -> str:
    words = _URL.sub("", text).split()
    return " ".join(words[:TITLE_WORDS]).rstrip(",;:") or "Untitled clipping"


def _free_id(title: str, taken: set[str]) -> str:
    base = id_from_title(title) or "clipping"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _proposed_entities(text: str, entities: list[Entity]) -> list[str]:
    """Entities whose name or an alias appears in the text, as whole words and in its case."""
    found = []
    for entity in entities:
        for name in (entity.meta.name, *entity.meta.aliases):
            if len(name) >= 3 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append(entity.id)
                break
    return sorted(found)


def _language(text: str) -> str:
    """A first guess from common words; the draft's note asks the editor to check everything."""
    return "es" if len(_SPANISH.findall(text)) > len(_ENGLISH.findall(text)) else "en"
