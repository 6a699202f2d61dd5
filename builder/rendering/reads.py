"""What a document read of the archive while it was drawn: the record a preview redraws from.

The templates and the code that draws pages and downloads see the archive through `RecordedArchive`,
which notes every read in the document's `Reads` as a key:

- `item:<id>`: something of an item but its text (its title, dates, outlet...), or that it does not exist;
- `text:<id>`: an item's text (a body, an excerpt's passages);
- `kind:<kind>`: the list of every item of a kind, in its order;
- `cited-by:<id>`, `named-in:<id>`, `tagged:<id>`: which items cite a source, name an entity, carry a topic;
  `cited-by:*`: how often every source is cited;
- `*`: everything (the figures of what the build verified).

`depend.affected_keys` says which keys an edit changes, and a preview redraws the documents that read
one. Nothing here knows what a template shows: a template that starts to show something new reads it
through the archive, and so records it.
"""

from __future__ import annotations

from typing import Any, Iterable

from builder.core.link import Archive
from builder.core.model import Item
from builder.core.paths import Kind

EVERY_CITATION = "cited-by:*"
EVERYTHING = "*"


def item_key(item_id: str) -> str:
    return f"item:{item_id}"


def text_key(item_id: str) -> str:
    return f"text:{item_id}"


def kind_key(kind: Kind) -> str:
    return f"kind:{kind.value}"


RELATIONS = ("cited-by", "named-in", "tagged")  # what refers to an item, by how


class Reads:
    """The keys one document read, gathered while it is drawn."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def item(self, item_id: str) -> None:
        self.keys.add(item_key(item_id))

    def items(self, items: Iterable[Item]) -> None:
        self.keys.update(item_key(item.id) for item in items)

    def text(self, item_id: str) -> None:
        self.keys.add(text_key(item_id))

    def kinds(self, *kinds: Kind) -> None:
        self.keys.update(kind_key(kind) for kind in kinds)


class _RecordedMap:
    """A read-only view of one of the archive's dictionaries by item id, noting each id it is asked for."""

    def __init__(self, mapping: dict, owner: "RecordedArchive", prefix: str, lists_items: bool = False) -> None:
        self._mapping, self._owner, self._prefix, self._lists_items = mapping, owner, prefix, lists_items

    @property
    def _reads(self) -> Reads:
        return self._owner.reads

    def _read(self, key: str, value: Any) -> Any:
        self._reads.keys.add(f"{self._prefix}:{key}")
        if self._lists_items and value:
            self._reads.items(value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        return self._read(key, self._mapping.get(key, default))

    def __getitem__(self, key: str) -> Any:
        return self._read(key, self._mapping[key])

    def __contains__(self, key: str) -> bool:
        self._reads.keys.add(f"{self._prefix}:{key}")
        return key in self._mapping

    def __iter__(self):
        self._reads.kinds(*Kind)
        return iter(self._mapping)

    def values(self):
        self._reads.kinds(*Kind)
        return self._mapping.values()

    def items(self):
        self._reads.kinds(*Kind)
        return self._mapping.items()


class _ListOf:
    """The archive's list of every item of a kind, by the same name: reading it reads the kind."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, recorded: "RecordedArchive", owner: type | None = None) -> list:
        recorded.reads.kinds(self.kind)
        return getattr(recorded.unrecorded, self.name)


class RecordedArchive:
    """The archive as a document's drawing sees it: the same answers, each read noted in `reads` (which the
    drawing sets afresh for each document)."""

    def __init__(self, archive: Archive, reads: Reads) -> None:
        self.unrecorded = archive  # the archive itself, which records nothing
        self.reads = reads
        self.items = _RecordedMap(archive.items, self, "item")
        self.labels = _RecordedMap(archive.labels, self, "item")
        self.scans = _RecordedMap(archive.scans, self, "text")
        self.note_scans = _RecordedMap(archive.note_scans, self, "item")  # an editor's note is front matter
        self.cited_by = _RecordedMap(archive.cited_by, self, "cited-by")
        self.named_in = _RecordedMap(archive.named_in, self, "named-in", lists_items=True)
        self.tagged = _RecordedMap(archive.tagged, self, "tagged", lists_items=True)

    sources = _ListOf(Kind.SOURCE)
    explainers = _ListOf(Kind.EXPLAINER)
    entities = _ListOf(Kind.ENTITY)
    events = _ListOf(Kind.EVENT)
    topics = _ListOf(Kind.TOPIC)
    pages = _ListOf(Kind.PAGE)

    @property
    def corrections(self):
        self.reads.kinds(*Kind)
        return self.unrecorded.corrections

    def text_of(self, item: Item) -> str:
        self.reads.text(item.id)
        return self.unrecorded.text_of(item)

    def cited_ids(self, item_id: str) -> list[str]:
        """What an item cites: its text says, but only an edit that changes what it cites changes the answer."""
        self.reads.item(item_id)
        return self.unrecorded.cited_ids(item_id)

    def linked_ids(self, item_id: str) -> set[str]:
        """What an item's text cites or links to: like `cited_ids`, an answer only such an edit changes."""
        self.reads.item(item_id)
        return self.unrecorded.linked_ids(item_id)

    def most_cited(self, limit: int):
        self.reads.kinds(Kind.SOURCE)
        self.reads.keys.add(EVERY_CITATION)
        found = self.unrecorded.most_cited(limit)
        self.reads.items(found)
        return found

    def backlinks(self, source_id: str):
        self.reads.keys.add(f"cited-by:{source_id}")
        found = self.unrecorded.backlinks(source_id)
        for citing, _ in found:  # its title, and the sentences that cite
            self.reads.item(citing.id)
            self.reads.text(citing.id)
        return found

    def related_sources(self, source):
        """Ranked by the entities and topics a source shares with others: it reads who else names or carries them."""
        self.reads.keys.update(f"named-in:{entity}" for entity in source.meta.entities)
        self.reads.keys.update(f"tagged:{topic}" for topic in source.meta.topics)
        found = self.unrecorded.related_sources(source)
        self.reads.items(found)
        return found


class RecordedWhole:
    """A value worked out from the whole archive (what the build verified): reading it reads everything."""

    def __init__(self, value: Any, owner: RecordedArchive) -> None:
        self._value, self._owner = value, owner

    def __getattr__(self, name: str) -> Any:
        self._owner.reads.keys.add(EVERYTHING)
        return getattr(self._value, name)
