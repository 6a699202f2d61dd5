"""Stage 3, link: resolve every reference, and derive backlinks and indexes from the forward edges.

Editors only ever write forward references (a citation, a wikilink, an entity in a list). Everything a
reader sees in the other direction ("cited in", an entity's sources, a topic's pages) is computed here.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Protocol

from builder.core.diagnostics import Diagnostics, a, did_you_mean
from builder.core.markup import Scan, citing_sentence, line_and_col, scan
from builder.core.model import Correction, Entity, Event, Explainer, Item, Page, Source, Topic
from builder.core.paths import Kind, without_accents

RELATED_LIMIT = 5
# "Cited in" lists explainers first, then the timeline, then anything else.


@dataclass(frozen=True)
class Cite:
    """One source cited at one place."""

    citing: Item
    source_id: str
    locator: str | None
    in_note: bool = False  # cited from another source's editor's note
    # (text, offset, scan, labels): enough to find the citing sentence when a page needs it. The
    # labels are a plain dict, not the archive, so no reference cycle keeps the archive alive.
    context: tuple | None = field(default=None, repr=False, compare=False)

    @cached_property
    def sentence(self) -> str:
        """The citing sentence, as plain text; worked out only when a page shows it."""
        if self.context is None:
            return ""
        text, offset, found, labels = self.context
        return citing_sentence(text, offset, found, lambda target: labels.get(target, target))


@dataclass
class Archive:
    """Every published item, and the graph between them."""

    items: dict[str, Item]
    scans: dict[str, Scan]  # of each item's Markdown body
    note_scans: dict[str, Scan]  # of each source's editor's note
    labels: dict[str, str] = field(default_factory=dict)  # of every item, drafts included
    cited_by: dict[str, list[Cite]] = field(default_factory=dict)
    named_in: dict[str, list[Item]] = field(default_factory=dict)  # entity id -> items naming it
    tagged: dict[str, list[Item]] = field(default_factory=dict)  # topic id -> items with the topic

    # `items` is fixed once the archive is linked, so each kind's list is worked out once: templates ask for
    # them on every page, and at ten thousand sources refiltering them each time was a hot spot.
    def _of_kind(self, kind: Kind) -> list[Item]:
        return [item for item in self.items.values() if item.kind is kind]

    @cached_property
    def sources(self) -> list[Source]:
        return self._of_kind(Kind.SOURCE)

    @cached_property
    def explainers(self) -> list[Explainer]:
        return self._of_kind(Kind.EXPLAINER)

    @cached_property
    def entities(self) -> list[Entity]:
        return self._of_kind(Kind.ENTITY)

    @cached_property
    def events(self) -> list[Event]:
        return sorted(self._of_kind(Kind.EVENT), key=lambda e: (e.meta.date.sort_key(), e.id))

    @cached_property
    def topics(self) -> list[Topic]:
        return self._of_kind(Kind.TOPIC)

    @cached_property
    def pages(self) -> list[Page]:
        return self._of_kind(Kind.PAGE)

    @cached_property
    def corrections(self) -> list[tuple[Item, Correction]]:
        """Every correction of every published explainer, source and event, newest first."""
        found = [(item, correction) for item in (*self.explainers, *self.sources, *self.events)
                 for correction in item.meta.corrections]
        return sorted(found, key=lambda pair: (tuple(-n for n in pair[1].date.sort_key()), pair[0].id))

    def cited_ids(self, item_id: str) -> list[str]:
        """The ids an item's text cites, in the order of their first citation."""
        return list(dict.fromkeys(key.id for citation in self.scans[item_id].citations for key in citation.keys))

    def linked_ids(self, item_id: str) -> set[str]:
        """The ids an item's text cites or links to."""
        found = self.scans[item_id]
        return {key.id for citation in found.citations for key in citation.keys} | {link.target for link in found.links}

    def text_of(self, item: Item) -> str:
        """An item's text: an explainer's body, a source's excerpt. (Asked of the archive, so that what reads
        it can be told apart from what reads only the front matter: `rendering.reads`.)"""
        return item.body

    def most_cited(self, limit: int) -> list[Source]:
        """The sources cited by the most items (explainers, events, notes), most first, then by label."""
        cited = [(len({cite.citing.id for cite in self.cited_by[source.id]}), source)
                 for source in self.sources if self.cited_by.get(source.id)]
        return [source for _, source in heapq.nsmallest(limit, cited, key=lambda pair: (-pair[0], _order(pair[1])))]

    def backlinks(self, source_id: str) -> list[tuple[Item, list[Cite]]]:
        """Who cites a source, each citing item once with all its citing places, in reading order."""
        grouped: dict[str, tuple[Item, list[Cite]]] = {}
        for cite in self.cited_by.get(source_id, ()):
            grouped.setdefault(cite.citing.id, (cite.citing, []))[1].append(cite)
        return list(grouped.values())

    def related_sources(self, source: Source) -> list[Source]:
        """Sources sharing the most entities and topics with `source`, best first.

        An entity is the stronger tie: a topic may hold thousands of sources, so topics only rank the
        sources that share an entity, unless too few do.
        """
        shared_entities: Counter[str] = Counter()
        for entity_id in source.meta.entities:
            shared_entities.update(self._sources_naming.get(entity_id, ()))
        shared_entities.pop(source.id, None)
        if len(shared_entities) < RELATED_LIMIT:
            scores = Counter({other_id: 2 * count for other_id, count in shared_entities.items()})
            for topic_id in source.meta.topics:
                scores.update(self._sources_tagged.get(topic_id, ()))
            scores.pop(source.id, None)
        else:
            topics, topics_of = set(source.meta.topics), self._topics_of_sources
            scores = Counter({other_id: 2 * count + len(topics.intersection(topics_of[other_id]))
                              for other_id, count in shared_entities.items()})
        best = heapq.nsmallest(RELATED_LIMIT, scores.items(), key=lambda pair: (-pair[1], pair[0]))
        return [self.items[source_id] for source_id, _ in best]

    # Every source page ranks its related sources: at ten thousand sources, filtering the entities' and
    # topics' item lists down to sources on each page was the costliest part of drawing one.
    @cached_property
    def _sources_naming(self) -> dict[str, list[str]]:
        return _source_ids(self.named_in)

    @cached_property
    def _sources_tagged(self) -> dict[str, list[str]]:
        return _source_ids(self.tagged)

    @cached_property
    def _topics_of_sources(self) -> dict[str, list[str]]:
        return {source.id: source.meta.topics for source in self.sources}


def _source_ids(groups: dict[str, list[Item]]) -> dict[str, list[str]]:
    """Each group's items, reduced to the ids of its sources."""
    return {key: [item.id for item in items if item.kind is Kind.SOURCE] for key, items in groups.items()}


class ScanMemo(Protocol):
    """Scans of texts already made: a preview's dictionary, or `cache.StoredScans` on disk."""

    def get(self, text: str) -> Scan | None: ...

    def __setitem__(self, text: str, found: Scan) -> None: ...


def link(items: list[Item], diagnostics: Diagnostics, broken_ids: Iterable[str] = (),
         scans: ScanMemo | None = None, cited_by_broken: Iterable[str] = (),
         text_only: Iterable[tuple[Item, Scan]] = ()) -> Archive:
    """Resolve references between valid items.

    `broken_ids` are the ids of files that failed to load or validate: references to them are not
    reported again, since their own diagnostics already explain the problem. `cited_by_broken` are the
    ids those files' text cites: none of them is called an orphan. `scans` is a memo of scanned texts, kept
    in memory by a preview and on disk by `archive check`, so that only edited texts are scanned again.
    `text_only` are the files whose front matter did not validate (`validate.stand_in`), with the scans
    of their text: its citations and links are checked too, so that an editor hears of every problem at once.
    """
    memo = scans if scans is not None else {}

    def scanned(text: str) -> Scan:
        if (found := memo.get(text)) is None:
            found = memo[text] = scan(text)
        return found

    every = {item.id: item for item in items}
    published = {item.id: item for item in sorted(items, key=_order) if not item.is_draft}
    archive = Archive(
        items=published,
        labels={item.id: item.label for item in items},
        scans={item.id: scanned(item.body) for item in items if item.kind is not Kind.SOURCE},
        note_scans={item.id: scanned(item.meta.note) for item in items if item.kind is Kind.SOURCE and item.meta.note},
    )
    resolver = _Resolver(every, diagnostics, set(broken_ids))
    for item in sorted(items, key=lambda i: i.origin.path):
        resolver.check_item(item, archive.scans.get(item.id), archive.note_scans.get(item.id))
    for item, found in text_only:
        resolver.check_body(item, item.body, found, item.origin.body_line)
    _derive(archive)
    _warn_orphans(archive, items, diagnostics, set(cited_by_broken))
    return archive


def check_references(item: Item, others: dict[str, Item], diagnostics: Diagnostics) -> Scan:
    """One item's front-matter references, citations and wikilinks, against the other items as they are:
    what `link` reports of this item. Its scan of the body, for the quotation checks."""
    found = scan(item.body)
    note = scan(item.meta.note) if item.kind is Kind.SOURCE and item.meta.note else None
    _Resolver({**others, item.id: item}, diagnostics, set()).check_item(item, None if item.kind is Kind.SOURCE else found, note)
    return found


def _order(item: Item) -> tuple:
    """Listings read newest explainers first, then everything else by label."""
    if item.kind is Kind.EXPLAINER:
        return (item.kind.value, tuple(-part for part in item.meta.published.sort_key()), item.id)
    return (item.kind.value, alphabetical(item.label), item.id)


def alphabetical(label: str) -> str:
    """A label as an index sorts it: "Mérida" with "Merida", and "[Reports of…]" under R, not before A."""
    return without_accents(label).lstrip(" [(\"'“‘«¿¡").casefold()


class _Resolver:
    def __init__(self, items: dict[str, Item], diagnostics: Diagnostics, broken_ids: set[str]) -> None:
        self.items = items
        self.diagnostics = diagnostics
        self.broken_ids = broken_ids
        self.ids_of = defaultdict(list)
        for item in items.values():
            self.ids_of[item.kind].append(item.id)

    def check_item(self, item: Item, body: Scan | None, note: Scan | None) -> None:
        """An item's front-matter references, and those in its body and its editor's note (a source's
        body is an excerpt: it refers to nothing)."""
        self.check_front_matter(item)
        if body is not None:
            self.check_body(item, item.body, body, item.origin.body_line)
        if note is not None:
            self.check_body(item, item.meta.note, note, item.origin.at("note").line, note=True)

    def check_front_matter(self, item: Item) -> None:
        expected = {"entities": Kind.ENTITY, "topics": Kind.TOPIC, "sources": Kind.SOURCE}
        for field_name, kind in expected.items():
            for index, target in enumerate(getattr(item.meta, field_name, ())):
                found = self.items.get(target)
                if (found is not None and found.kind is kind) or target in self.broken_ids:
                    continue
                pos = item.origin.at(field_name, index)
                what = f"is {a(found.kind.value)}, not {a(kind.value)}" if found else f"is not the id of any {kind.value}"
                self.diagnostics.error(item.origin.path, pos.line, pos.col, f"unknown-{kind.value}",
                                       f"'{target}' in '{field_name}' {what}", did_you_mean(target, self.ids_of[kind]))

    def check_body(self, item: Item, text: str, found: Scan, first_line: int, note: bool = False) -> None:
        for problem in found.problems:
            line, col = self._where(item, text, problem.offset, first_line, note)
            self.diagnostics.error(item.origin.path, line, col, problem.code, problem.message, problem.hint)
        for citation in found.citations:
            for key in citation.keys:
                line, col = self._where(item, text, key.offset, first_line, note)
                target = self.items.get(key.id)
                if key.id in self.broken_ids and target is None:
                    continue
                if target is None:
                    self.diagnostics.error(item.origin.path, line, col, "unknown-citation", f"no source has the id '{key.id}'",
                                           did_you_mean(key.id, self.ids_of[Kind.SOURCE]))
                elif target.kind is not Kind.SOURCE:
                    self.diagnostics.error(item.origin.path, line, col, "cite-non-source",
                                           f"'{key.id}' is {a(target.kind.value)}; only sources can be cited",
                                           f"link to it with [[{key.id}]]")
                elif note and target is item:
                    self.diagnostics.warning(item.origin.path, line, col, "self-citation",
                                             "the editor's note cites its own source", "cite the sources that qualify it")
                elif not item.is_draft and target.is_draft:
                    self.diagnostics.error(item.origin.path, line, col, "cite-draft", f"the source '{key.id}' is a draft",
                                           "publish the source, or cite another")
        for wikilink in found.links:
            line, col = self._where(item, text, wikilink.start + len("[["), first_line, note)
            target = self.items.get(wikilink.target)
            if wikilink.target in self.broken_ids and target is None:
                continue
            if target is None:
                self.diagnostics.error(item.origin.path, line, col, "unknown-link", f"nothing has the id '{wikilink.target}'",
                                       did_you_mean(wikilink.target, self.items))
            elif not item.is_draft and target.is_draft:
                self.diagnostics.warning(item.origin.path, line, col, "link-to-draft",
                                         f"'{wikilink.target}' is a draft; the link shows as plain text until it is published")
        # "[[northcom]" or "[[northcom would": a wikilink to an item that exists, left unclosed. Brackets around
        # other words are prose ("[[the] plans]"), so only a real id counts.
        reported = {wikilink.start for wikilink in found.links} | {problem.offset for problem in found.problems}
        for opening in _WIKILINK_OPENING.finditer(found.masked):
            if opening.start() not in reported and opening["id"] in self.items:
                line, col = self._where(item, text, opening.start(), first_line, note)
                self.diagnostics.error(item.origin.path, line, col, "malformed-link",
                                       f"the wikilink to '{opening['id']}' is not closed", "write [[id]] or [[id|the words to show]]")

    @staticmethod
    def _where(item: Item, text: str, offset: int, first_line: int, note: bool) -> tuple[int, int]:
        if note:  # a folded YAML scalar has no faithful columns: point at the 'note' key
            pos = item.origin.at("note")
            return pos.line, pos.col
        line, col = line_and_col(text, offset)
        return first_line + line - 1, col


_WIKILINK_OPENING = re.compile(r"\[\[(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?![a-z0-9-])")


def _derive(archive: Archive) -> None:
    """Fill every backward edge from the forward ones, in a stable order."""
    cited_by, linked_from = defaultdict(list), defaultdict(list)
    named_in, tagged = defaultdict(list), defaultdict(list)
    for item in archive.items.values():
        for citation_scan, text, in_note in _texts(archive, item):
            for citation in citation_scan.citations:
                context = (text, citation.start, citation_scan, archive.labels)
                for key in citation.keys:
                    if key.id in archive.items and archive.items[key.id].kind is Kind.SOURCE and key.id != item.id:
                        cited_by[key.id].append(Cite(item, key.id, key.locator, in_note, context))
            for wikilink in citation_scan.links:
                if wikilink.target in archive.items and item not in linked_from[wikilink.target]:
                    linked_from[wikilink.target].append(item)
        if item.kind is Kind.EVENT:
            for source_id in item.meta.sources:
                if not any(c.citing is item for c in cited_by[source_id]):
                    cited_by[source_id].append(Cite(item, source_id, None))
        for entity_id in getattr(item.meta, "entities", ()):
            named_in[entity_id].append(item)
        for topic_id in getattr(item.meta, "topics", ()):
            tagged[topic_id].append(item)
    # An explainer names the entities it links to; that is how it appears on their pages.
    for target_id, items in linked_from.items():
        if archive.items[target_id].kind is Kind.ENTITY:
            named_in[target_id].extend(i for i in items if i not in named_in[target_id])
    for cites in cited_by.values():
        cites.sort(key=lambda cite: (cite.in_note, cite.citing.kind.citing_order, _order(cite.citing)))
    archive.cited_by = dict(cited_by)
    archive.named_in, archive.tagged = dict(named_in), dict(tagged)


def _texts(archive: Archive, item: Item) -> Iterable[tuple[Scan, str, bool]]:
    if item.id in archive.scans:
        yield archive.scans[item.id], item.body, False
    if item.id in archive.note_scans:
        yield archive.note_scans[item.id], item.meta.note, True


def _warn_orphans(archive: Archive, items: list[Item], diagnostics: Diagnostics, cited_by_broken: set[str]) -> None:
    """A published source nothing published cites; a draft that cites it is named, since it is not nothing."""
    cited_by_drafts = {key.id for item in items if item.is_draft and item.id in archive.scans
                       for citation in archive.scans[item.id].citations for key in citation.keys}
    for source in archive.sources:
        if archive.cited_by.get(source.id) or source.id in cited_by_broken:
            continue
        if source.id in cited_by_drafts:
            diagnostics.warning(source.origin.path, 1, 1, "orphan-source", f"only drafts cite the source '{source.id}'",
                                "it is cited once a draft that cites it is published, or cite it from a published page")
        else:
            diagnostics.warning(source.origin.path, 1, 1, "orphan-source", f"nothing cites the source '{source.id}'",
                                "cite it from an explainer or a timeline event, or remove it")
