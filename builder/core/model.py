"""The typed content model: what an editor may write in front matter, and the items it becomes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, Generic, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from builder.core.dates import FuzzyDate
from builder.core.identifiers import Identifiers
from builder.core.kinds import ENTITY_KINDS, SOURCE_KINDS
from builder.core.paths import ID_PATTERN, Kind, id_problem

UNKNOWN = "unknown"


def _unknown_as_none(value: Any) -> Any:
    """`unknown` is an editor's explicit answer; an empty value is a forgotten one."""
    if value is None:
        raise PydanticCustomError("empty", "has no value")
    return None if isinstance(value, str) and value.strip().casefold() == UNKNOWN else value


def _accepts_unknown(schema: dict) -> None:
    """In the JSON Schema an editor's tools see, 'unknown' is the way to leave a fact blank."""
    schema["anyOf"] = [branch for branch in schema.get("anyOf", []) if branch.get("type") != "null"] + [
        {"type": "string", "pattern": "^\\s*[Uu][Nn][Kk][Nn][Oo][Ww][Nn]\\s*$"}]  # in any case, as the model reads it


def _check_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise PydanticCustomError("bad_id", "'{value}' is not a valid id: {problem}", {"value": value, "problem": problem})
    return value


_SPACE = re.compile(r"\s")


def _check_web_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(value):
        raise PydanticCustomError("bad_url", "'{value}' is not an http(s) URL", {"value": value})
    return value


Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]
WebUrl = Annotated[str, AfterValidator(_check_web_url),
                   WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://\\S+$"})]
Text = Annotated[str, Field(min_length=1)]


def _not_unknown(name: str) -> str:
    if name.casefold() == UNKNOWN:
        raise PydanticCustomError("unknown_in_list", "'unknown' cannot stand among names")
    return name


# A name in a list of authors: "unknown" is said of the whole field, not of one author among others.
Name = Annotated[Text, AfterValidator(_not_unknown)]
# A value an editor must state, but may state as `unknown`; None in the model means unknown.
OrUnknown = BeforeValidator(_unknown_as_none)

UrlStatus = Literal["live", "dead", "unfit", "usurped"]
SourceKind = Literal[tuple(SOURCE_KINDS)]
EntityKind = Literal[tuple(ENTITY_KINDS)]
Status = Literal["published", "draft"]


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: Id | None = None


class Via(BaseModel):
    """The copy an editor actually read, when it is not the original publisher's own page."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    outlet: Text = Field(description="The site that carries the copy, such as a member station re-running an agency story.")
    url: WebUrl


class Correction(BaseModel):
    """A mistake that was fixed: shown at the top of the item and on the Corrections page."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    date: FuzzyDate
    wrong: Text = Field(description="What the archive said that was wrong.")
    right: Text = Field(description="What is right, as the archive now says.")


class SourceMeta(FrontMatter):
    title: Text = Field(description="The work's own title, or the editors' description of it in [square brackets].")
    kind: SourceKind = Field(description='article, social-post, statement, testimony, report, document or reference.')
    outlet: Annotated[Text | None, OrUnknown] = Field(description="Outlet or publisher, or 'unknown'.",
                                                      json_schema_extra=_accepts_unknown)
    authors: Annotated[Annotated[list[Name], Field(min_length=1)] | None, OrUnknown] = Field(
        description="Names, or 'unknown'.", json_schema_extra=_accepts_unknown)
    published: Annotated[FuzzyDate | None, OrUnknown] = Field(description="Publication date, or 'unknown'.",
                                                              json_schema_extra=_accepts_unknown)
    url: WebUrl | None = Field(default=None, description="The original's address, as published.")
    archive_url: WebUrl | None = Field(default=None, description="A snapshot of the original; needs archive_date.")
    archive_date: FuzzyDate | None = Field(default=None, description="When the snapshot was taken; needs archive_url.")
    access_date: FuzzyDate | None = Field(default=None, description="When an editor last confirmed that the url supports the text.")
    url_status: UrlStatus = Field(default="live", description="live, dead, unfit (it leads to something else) or usurped.")
    via: Via | None = None
    identifiers: Identifiers = Field(default_factory=Identifiers)
    language: Text = Field(description='The language of the excerpt, as a tag such as en or es-MX.')
    entities: list[Id] = []
    topics: list[Id] = []
    note: Text | None = Field(default=None, description="Editor's note, Markdown; may cite sources.")
    status: Status = "published"
    corrections: list[Correction] = []

    @cached_property  # asked for by every page and note that shows the source
    def original(self) -> str | None:
        """The original's address: the one recorded, or else the canonical public page of its first identifier
        (a Federal Register document, a bill on congress.gov), which is the original publication itself."""
        if self.url:
            return self.url
        identified = self.identifiers.links()
        return identified[0][1] if identified else None


class ExplainerMeta(FrontMatter):
    title: Text = Field(description="The explainer's title, as readers see it.")
    summary: Text = Field(description='One or two sentences that say what the explainer explains.')
    published: FuzzyDate = Field(description='The day the explainer was first published, such as 2025-08-20.')
    updated: FuzzyDate | None = None
    authors: list[Text] = Field(min_length=1)
    topics: list[Id] = []
    status: Status = Field(description='draft while it is written; published when readers may see it.')
    corrections: list[Correction] = []


class EntityMeta(FrontMatter):
    name: Text = Field(description='The name readers know it by.')
    kind: EntityKind = Field(description='person, organization, government-body, armed-group or place.')
    aliases: list[Text] = []
    description: Text = Field(description='One sentence that says who or what it is.')


class EventMeta(FrontMatter):
    title: Text = Field(description='What happened, in a few words.')
    date: FuzzyDate = Field(description='When it happened: 2025-09-02, 2025-09, 2025, ~2025.')
    sources: list[Id] = []
    entities: list[Id] = []
    topics: list[Id] = []
    corrections: list[Correction] = []


class TopicMeta(FrontMatter):
    name: Text = Field(description="The topic's name, as readers see it.")
    description: Text = Field(description='One or two sentences that say what the topic covers.')


class PageMeta(FrontMatter):
    title: Text
    show_integrity: bool = Field(default=False, description="Show what the build verified, under the text.")


META_MODEL: dict[Kind, type[FrontMatter]] = {
    Kind.SOURCE: SourceMeta,
    Kind.EXPLAINER: ExplainerMeta,
    Kind.ENTITY: EntityMeta,
    Kind.EVENT: EventMeta,
    Kind.TOPIC: TopicMeta,
    Kind.PAGE: PageMeta,
}

M = TypeVar("M", bound=FrontMatter)


@dataclass(frozen=True)
class Position:
    line: int
    col: int


@dataclass(frozen=True)
class Origin:
    """Where an item came from, so later stages can point at the exact line."""

    path: str
    # Positions of front-matter keys and list entries, by their path: ("entities", 2).
    positions: Mapping[tuple, Position] = field(default_factory=dict, compare=False, hash=False)
    body_line: int = 1

    def at(self, *key: Any) -> Position:
        """The position of a front-matter key or entry, falling back to its parent, then line 1."""
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return Position(1, 1)


@dataclass(frozen=True)
class Item(Generic[M]):
    kind: Kind
    id: str
    meta: M
    body: str
    origin: Origin

    @property
    def label(self) -> str:
        """What a reader calls the item: its title, or its name."""
        return getattr(self.meta, "title", None) or getattr(self.meta, "name")

    @property
    def is_draft(self) -> bool:
        return getattr(self.meta, "status", "published") == "draft"

    @cached_property
    def passages(self) -> list[Passage]:
        """A source's excerpt as its passages, read once: every quotation, note and page citing it asks."""
        return passages(self.body)


# A line `== LOCATOR ==` opens a passage of a source's excerpt: `== Sec. 2 ==`, `== para. 4 ==`.
_PASSAGE_HEAD = re.compile(r"^==[ \t]+(?P<locator>\S(?:.*\S)?)[ \t]+==[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Passage:
    """One passage of an excerpt, with where it stands in its work (None: the excerpt does not say)."""

    locator: str | None
    text: str


def passages(body: str) -> list[Passage]:
    """A source's excerpt as its passages: the text before the first locator line is one without a locator."""
    found = []
    heads = list(_PASSAGE_HEAD.finditer(body))
    lead = body[: heads[0].start()] if heads else body
    if lead.strip():
        found.append(Passage(None, lead.strip()))
    for head, following in zip(heads, [*heads[1:], None]):
        text = body[head.end(): following.start() if following else len(body)].strip()
        if text:
            found.append(Passage(head["locator"], text))
    return found


def passage_for(source_passages: list[Passage], locator: str | None) -> list[Passage]:
    """The passages a citation with `locator` points at: the one so named, or else all of them."""
    named = [p for p in source_passages if locator and p.locator and p.locator.casefold() == locator.casefold()]
    return named or source_passages


Source = Item[SourceMeta]
Explainer = Item[ExplainerMeta]
Entity = Item[EntityMeta]
Event = Item[EventMeta]
Topic = Item[TopicMeta]
Page = Item[PageMeta]
