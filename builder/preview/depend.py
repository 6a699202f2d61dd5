"""Which documents an edit touches: those that read, when they were last drawn, something the edit changed.

Each document records what it read of the archive while it was drawn (`rendering.reads`). An edit changes
some keys of that record: an item's text, or its front matter, the list of its kind and what it refers
to (`affected_keys`); the documents that read one of them are drawn again (`Readers`). Nothing here knows
what a template shows. The preview compares what it draws with what it served, so erring towards too
many costs time, never correctness; tests check that what it draws matches a full build, edit after edit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from builder.core.link import Archive
from builder.core.markup import Scan
from builder.core.model import Item
from builder.rendering.emit import Document
from builder.rendering.reads import EVERY_CITATION, EVERYTHING, RELATIONS, item_key, kind_key, text_key


@dataclass(frozen=True)
class Graph:
    """Every item, drafts included, with what it refers to."""

    archive: Archive
    items: dict[str, Item]
    refers_to: dict[str, frozenset[str]]

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
        return cls(archive, by_id, refers_to)

    def changed_since(self, previous: Graph) -> set[str]:
        """The ids whose item was added, removed or edited (an unchanged file keeps its very item)."""
        return {item_id for item_id in self.items.keys() | previous.items.keys()
                if self.items.get(item_id) is not previous.items.get(item_id)}


def affected_keys(before: Graph, after: Graph, changed: set[str]) -> set[str]:
    """The keys of `rendering.reads` whose answer may differ once the items in `changed` are edited."""
    keys = {EVERYTHING}
    for item_id in changed:
        keys.add(text_key(item_id))
        if _text_only(before, after, item_id):
            continue
        keys.add(item_key(item_id))
        for graph in (before, after):  # the lists it is in, and who refers to what it refers to
            if (item := graph.items.get(item_id)) is not None:
                keys.add(kind_key(item.kind))
            keys.update(f"{relation}:{target}" for target in graph.refers_to.get(item_id, ()) for relation in RELATIONS)
    if any(key.startswith("cited-by:") for key in keys):
        keys.add(EVERY_CITATION)
    return keys


class Readers:
    """Which documents read each key, as they were last drawn."""

    def __init__(self) -> None:
        self._documents: dict[str, set[str]] = defaultdict(set)  # by key
        self._keys: dict[str, frozenset[str]] = {}  # by document

    def record(self, documents: Iterable[Document]) -> None:
        for document in documents:
            self.remove(document.path)
            self._keys[document.path] = document.reads
            for key in document.reads:
                self._documents[key].add(document.path)

    def remove(self, path: str) -> None:
        for key in self._keys.pop(path, ()):
            self._documents[key].discard(path)

    def of(self, keys: Iterable[str]) -> set[str]:
        return {path for key in keys for path in self._documents.get(key, ())}


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


def _references(archive: Archive, item: Item) -> frozenset[str]:
    """The ids an item refers to: its entities, topics and sources, and every citation and wikilink in its texts."""
    meta = item.meta
    found = {*getattr(meta, "entities", ()), *getattr(meta, "topics", ()), *getattr(meta, "sources", ())}
    for text_scan in _scans(archive, item.id):
        found.update(key.id for citation in text_scan.citations for key in citation.keys)
        found.update(link.target for link in text_scan.links)
    return frozenset(found)
