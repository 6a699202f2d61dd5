"""Every kind of item, of source and of entity, and all that the archive knows of each, in one registry.

A new kind is one entry here: its folder and label, where it comes among the pages that cite a source,
its CSL type and its schema.org type. The model's fields, the pages, Cite this, the metadata and search
read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """The kinds of item, each a folder of content/ and a section of the site."""

    SOURCE = "source"
    EXPLAINER = "explainer"
    ENTITY = "entity"
    EVENT = "event"
    TOPIC = "topic"
    PAGE = "page"

    @property
    def folder(self) -> str:
        return ITEM_KINDS[self].folder

    @property
    def label(self) -> str:
        return ITEM_KINDS[self].label

    @property
    def citing_order(self) -> int:
        return ITEM_KINDS[self].citing_order


@dataclass(frozen=True)
class ItemKindFacts:
    folder: str  # under content/, and the first part of its items' URLs
    label: str  # in words, beside a search result and in the list of corrections
    citing_order: int  # among the pages that cite a source ("Cited in"): explainers first, then events


ITEM_KINDS = {
    Kind.SOURCE: ItemKindFacts("sources", "Source", citing_order=3),
    Kind.EXPLAINER: ItemKindFacts("explainers", "Explainer", citing_order=0),
    Kind.ENTITY: ItemKindFacts("entities", "Entity", citing_order=2),
    Kind.EVENT: ItemKindFacts("timeline", "Timeline event", citing_order=1),
    Kind.TOPIC: ItemKindFacts("topics", "Topic", citing_order=2),
    Kind.PAGE: ItemKindFacts("pages", "Page", citing_order=2),
}
KIND_BY_FOLDER = {kind.folder: kind for kind in Kind}


@dataclass(frozen=True)
class SourceKindFacts:
    label: str
    csl_type: str  # CSL 1.0.2 item type, for Cite this, CSL-JSON and BibTeX
    schema_type: str  # schema.org type, for the page's JSON-LD
    genre: str | None = None  # CSL's genre, where the type alone does not say it


SOURCE_KINDS = {
    "article": SourceKindFacts("Article", "article-newspaper", "NewsArticle"),
    "social-post": SourceKindFacts("Social post", "post", "SocialMediaPosting"),
    "statement": SourceKindFacts("Statement", "speech", "CreativeWork", genre="Statement"),
    "testimony": SourceKindFacts("Testimony", "speech", "CreativeWork", genre="Testimony"),
    "report": SourceKindFacts("Report", "report", "Report"),
    "document": SourceKindFacts("Document", "document", "CreativeWork"),
    # A reference work's entry is a web page; without a URL, Cite this calls it a document.
    "reference": SourceKindFacts("Reference", "webpage", "CreativeWork"),
}


@dataclass(frozen=True)
class EntityKindFacts:
    label: str  # singular; the entities page groups them under its plural, in this registry's order
    schema_type: str


ENTITY_KINDS = {
    "person": EntityKindFacts("Person", "Person"),
    "organization": EntityKindFacts("Organization", "Organization"),
    "government-body": EntityKindFacts("Government body", "GovernmentOrganization"),
    "armed-group": EntityKindFacts("Armed group", "Organization"),
    "place": EntityKindFacts("Place", "Place"),
}

# What a source or an entity is, in words: on its page, in lists, and beside it in search results.
KIND_LABELS = {name: kind.label for name, kind in (*SOURCE_KINDS.items(), *ENTITY_KINDS.items())}
