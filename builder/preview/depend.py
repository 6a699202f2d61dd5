"""Which documents an edit touches: the dependency graph a preview rebuilds from.

A page shows its own item and, of any other item, only what links the two: the sources an explainer
cites and the explainers citing a source, the items naming an entity, a topic's members. So an edit to
an item touches its own page, the pages of the items it refers to and of those referring to it (in the
graph before the edit and after it), the section pages listing its kind, and the downloads of the kinds
involved. Two ties reach further, and are followed: a note on a cited source is shown on the citing
page, and a source's related sources are worked out from shared entities and topics.

The preview draws the touched documents again and compares them with what it served, so this errs
towards too many; tests check that what it draws matches a full build, edit after edit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from builder.rendering.data import TABLES, data_paths
from builder.rendering.emit import listing_year
from builder.rendering.feeds import FEEDS, feed_paths
from builder.core.link import Archive
from builder.core.markup import Scan
from builder.core.model import Item
from builder.core.paths import CORRECTIONS, HOME, INDEX_OF, TIMELINE, Kind, document_of, year_document

# The section pages that list items of each kind (and count them, on the home page).
_SECTIONS = {
    Kind.SOURCE: (HOME, INDEX_OF[Kind.SOURCE], TIMELINE),  # the timeline's strip counts sources by month
    Kind.EXPLAINER: (HOME, INDEX_OF[Kind.EXPLAINER], CORRECTIONS),
    Kind.ENTITY: (HOME, INDEX_OF[Kind.ENTITY], TIMELINE),
    Kind.TOPIC: (HOME, INDEX_OF[Kind.TOPIC], TIMELINE),
    Kind.EVENT: (HOME, TIMELINE),
    Kind.PAGE: (HOME,),
}
# Downloads by the kind of item their rows are.
_DOWNLOADS = {kind: [*(path for table, of in TABLES.items() if of is kind for path in data_paths(table)),
                     *(path for feed, of in FEEDS.items() if of is kind for path in feed_paths(feed))]
              for kind in Kind}


@dataclass(frozen=True)
class Graph:
    """Every item, drafts included, with what it refers to and what refers to it."""

    archive: Archive
    items: dict[str, Item]
    refers_to: dict[str, frozenset[str]]
    referred_by: dict[str, set[str]]

    @classmethod
    def of(cls, archive: Archive, items: list[Item], previous: Graph | None = None) -> Graph:
        """The graph of a checked archive; an item unchanged since `previous` keeps its edges."""
        by_id = {item.id: item for item in items}
        refers_to = {}
        for item_id, item in by_id.items():
            if previous is not None and previous.items.get(item_id) is item:
                refers_to[item_id] = previous.refers_to[item_id]
            else:
                refers_to[item_id] = _references(archive, item)
        referred_by: dict[str, set[str]] = defaultdict(set)
        for item_id, targets in refers_to.items():
            for target in targets:
                referred_by[target].add(item_id)
        return cls(archive, by_id, refers_to, dict(referred_by))

    def changed_since(self, previous: Graph) -> set[str]:
        """The ids whose item was added, removed or edited (an unchanged file keeps its very item)."""
        return {item_id for item_id in self.items.keys() | previous.items.keys()
                if self.items.get(item_id) is not previous.items.get(item_id)}


def touched(before: Graph, after: Graph, changed: set[str]) -> set[str]:
    """The paths of every document that may differ once the items in `changed` are edited."""
    documents: set[str] = set()
    text_only = {item_id for item_id in changed if _text_only(before, after, item_id)}
    for graph in (before, after):
        for item_id in changed - text_only:
            documents |= _touched_by(graph, item_id)
        for item_id in text_only:
            documents |= _touched_by_text(graph, graph.items[item_id])
        # The figures of what the build verified change with any edit.
        documents |= {document_of(Kind.PAGE, page.id) for page in graph.archive.pages if page.meta.show_integrity}
    if any(item_id in graph.items and graph.items[item_id].kind is Kind.SOURCE
           for graph in (before, after) for item_id in changed - text_only):
        documents |= _related_pages(before, after, changed)
    documents.discard(None)
    return documents


def _text_only(before: Graph, after: Graph, item_id: str) -> bool:
    """Whether only an item's text changed: the same front matter, and the same citations and links in it."""
    old, new = before.items.get(item_id), after.items.get(item_id)
    return (old is not None and new is not None and old.meta == new.meta and old.origin.path == new.origin.path
            and before.refers_to[item_id] == after.refers_to[item_id]
            and _cited(before.archive, item_id) == _cited(after.archive, item_id))  # [@x] and [[x]] count apart


def _cited(archive: Archive, item_id: str) -> set[str]:
    """The ids an item's texts cite (not those they only link to): what the sources' citation counts come from."""
    return {key.id for text_scan in _scans(archive, item_id) for citation in text_scan.citations for key in citation.keys}


def _scans(archive: Archive, item_id: str) -> list[Scan]:
    """What was found in an item's texts: its body, and a source's editor's note."""
    return [found for found in (archive.scans.get(item_id), archive.note_scans.get(item_id)) if found is not None]


def _touched_by_text(graph: Graph, item: Item) -> set[str]:
    """An edit to the text alone shows on the item's own page, and beside its citations on the cited sources' pages.

    Elsewhere an item shows only its front matter (title, date, summary…), except an event, whose text is on
    the timeline and its year's page, and a source, whose excerpt is in the downloads and, passage by
    passage, in the notes of the explainers citing it (for their previews).
    """
    documents = {document_of(item.kind, item.id)}
    documents.update(document_of(Kind.SOURCE, target_id) for target_id in graph.refers_to.get(item.id, ())
                     if target_id in graph.items and graph.items[target_id].kind is Kind.SOURCE)
    if item.kind is Kind.EVENT:
        documents |= {TIMELINE, *_years(item)}
    if item.kind is Kind.SOURCE:
        documents.update(_DOWNLOADS[Kind.SOURCE])
        documents.update(document_of(Kind.EXPLAINER, citing) for citing in graph.referred_by.get(item.id, ())
                         if citing in graph.items and graph.items[citing].kind is Kind.EXPLAINER)
    return documents


def _touched_by(graph: Graph, item_id: str) -> set[str]:
    documents: set[str] = set()
    item = graph.items.get(item_id)
    if item is not None:  # its own page, the sections listing it, the downloads holding it
        documents |= {document_of(item.kind, item.id), *_SECTIONS[item.kind], *_DOWNLOADS[item.kind], *_years(item)}
    for target_id in graph.refers_to.get(item_id, ()):  # pages listing what refers to them: a cited source's, an entity's
        if (target := graph.items.get(target_id)) is not None:
            documents.add(document_of(target.kind, target.id))
            if target.kind in (Kind.ENTITY, Kind.TOPIC):  # their index counts their members
                documents |= {HOME, INDEX_OF[target.kind]}
            elif target.kind is Kind.SOURCE:  # the sources' index lists the most cited
                documents.add(INDEX_OF[Kind.SOURCE])
    referrers = set(graph.referred_by.get(item_id, ()))
    # A page citing a source shows that source's editor's note, and the note names what it cites.
    for referrer in list(referrers):
        if referrer in graph.archive.note_scans:
            referrers |= graph.referred_by.get(referrer, set())
    for referrer_id in referrers:  # pages and downloads showing the item's title, or whether it exists
        if (referrer := graph.items.get(referrer_id)) is not None:
            documents |= {document_of(referrer.kind, referrer.id), *_DOWNLOADS[referrer.kind]}
            if referrer.kind is Kind.EVENT:
                documents |= {TIMELINE, *_years(referrer)}
    return documents


def _related_pages(before: Graph, after: Graph, changed: set[str]) -> set[str]:
    """Pages of sources whose related sources include a changed source, before or after the edit."""
    documents = set()
    for graph in (before, after):
        archive = graph.archive
        candidates = set()
        for item_id in changed:
            item = graph.items.get(item_id)
            if item is None or item.kind is not Kind.SOURCE:
                continue
            for entity_id in item.meta.entities:
                candidates.update(other.id for other in archive.named_in.get(entity_id, ()) if other.kind is Kind.SOURCE)
            for topic_id in item.meta.topics:
                candidates.update(other.id for other in archive.tagged.get(topic_id, ()) if other.kind is Kind.SOURCE)
        for source_id in candidates:
            if any(related.id in changed for related in archive.related_sources(archive.items[source_id])):
                documents.add(document_of(Kind.SOURCE, source_id))
    return documents


def _references(archive: Archive, item: Item) -> frozenset[str]:
    """The ids an item refers to: its entities, topics and sources, and every citation and wikilink in its texts."""
    meta = item.meta
    found = {*getattr(meta, "entities", ()), *getattr(meta, "topics", ()), *getattr(meta, "sources", ())}
    for text_scan in _scans(archive, item.id):
        found.update(key.id for citation in text_scan.citations for key in citation.keys)
        found.update(link.target for link in text_scan.links)
    return frozenset(found)


def _years(item: Item) -> set[str]:
    """The year page listing a source or an event."""
    return {year_document(listing_year(item))} if item.kind in (Kind.SOURCE, Kind.EVENT) else set()
