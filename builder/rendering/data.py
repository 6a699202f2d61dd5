"""Data downloads: every published source, explainer, entity and event as JSON and CSV.

Each JSON file comes with a JSON Schema generated from the record models below, so the schema cannot
drift from the data. A date is exported as ISO 8601 at its own precision ("2025", "2025-08",
"2025-08-08"), with its precision and whether it is approximate beside it; an unknown fact is null
(an empty cell in CSV). Sources also come as CSL-JSON, for reference managers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from builder.rendering.citation import all_sources_csl, cited_sources, page_url, site_root
from builder.core.dates import FuzzyDate
from builder.core.link import Archive
from builder.core.paths import Kind
from builder.core.model import Correction, Entity, EntityKind, Event, Explainer, Item, Source, SourceKind, UrlStatus

DRAFT = "https://json-schema.org/draft/2020-12/schema"
LIST_SEPARATOR = "; "
ItemT = TypeVar("ItemT", bound=Item)

Precision = Literal["day", "month", "year"]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO 8601 at its precision.")]
PageUrl = Annotated[str, Field(json_schema_extra={"format": "uri"}, description="The item's page on the site.")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CorrectionRecord(_Record):
    date: IsoDate
    date_precision: Precision
    date_approximate: bool
    wrong: str = Field(description="What the explainer said that was wrong.")
    right: str = Field(description="What is right, as the explainer now says.")

    def __str__(self) -> str:
        """How a correction reads in a CSV cell."""
        return f"{self.date}: was “{self.wrong}”, now “{self.right}”"


class SourceRecord(_Record):
    id: str
    page_url: PageUrl
    title: str
    kind: SourceKind
    outlet: str | None
    authors: list[str] | None
    published: IsoDate | None
    published_precision: Precision | None
    published_approximate: bool | None
    url: str | None = Field(description="The original, where it was published.")
    url_status: UrlStatus = Field(description="Whether the original still leads to the text: live, dead, unfit or usurped.")
    archive_url: str | None = Field(description="A snapshot of the original.")
    archive_date: IsoDate | None
    archive_date_precision: Precision | None
    archive_date_approximate: bool | None
    access_date: IsoDate | None = Field(description="When an editor last confirmed that the original supports the text.")
    access_date_precision: Precision | None
    access_date_approximate: bool | None
    via_outlet: str | None = Field(description="The site whose copy the editors read, when not the original publisher's.")
    via_url: str | None
    identifiers: dict[str, str] = Field(description="Document identifiers (executive_order, federal_register, public_law, bill, crs, doi).")
    language: str
    entities: list[str]
    topics: list[str]
    note: str | None = Field(description="The editor's note, in Markdown.")
    excerpt: str | None = Field(description="The excerpt, verbatim; null for a reference, which has none.")


class ExplainerRecord(_Record):
    id: str
    page_url: PageUrl
    title: str
    summary: str
    published: IsoDate
    published_precision: Precision
    published_approximate: bool
    updated: IsoDate | None
    updated_precision: Precision | None
    updated_approximate: bool | None
    authors: list[str]
    topics: list[str]
    sources: list[str] = Field(description="Ids of the sources it cites, in the order of first citation.")
    corrections: list[CorrectionRecord]


class EntityRecord(_Record):
    id: str
    page_url: PageUrl
    name: str
    kind: EntityKind
    aliases: list[str]
    description: str


class EventRecord(_Record):
    id: str
    page_url: PageUrl
    title: str
    date: IsoDate
    date_precision: Precision
    date_approximate: bool
    sources: list[str]
    entities: list[str]
    topics: list[str]


# Each table, and the kind of item its rows are: a preview rewrites only the tables of what changed.
TABLES = {"sources": Kind.SOURCE, "explainers": Kind.EXPLAINER, "entities": Kind.ENTITY, "events": Kind.EVENT}


def data_paths(table: str) -> list[str]:
    """The files of one table, by path under the site; the sources also come as CSL-JSON."""
    paths = [f"data/{table}.json", f"data/{table}.schema.json", f"data/{table}.csv"]
    return paths + ["data/sources.csl.json"] if table == "sources" else paths


def data_files(archive: Archive, site_url: str, tables: Iterable[str] = TABLES) -> dict[str, bytes]:
    """Relative path under the site -> file content, for the given tables in data/ (all of them by default)."""
    rows = {
        "sources": lambda: (SourceRecord, [_source(s, archive, site_url) for s in _by_id(archive.sources)]),
        "explainers": lambda: (ExplainerRecord, [_explainer(e, archive, site_url) for e in _by_id(archive.explainers)]),
        "entities": lambda: (EntityRecord, [_entity(e, site_url) for e in _by_id(archive.entities)]),
        "events": lambda: (EventRecord, [_event(e, site_url) for e in _by_id(archive.events)]),
    }
    files: dict[str, bytes] = {}
    for name in tables:
        model, records = rows[name]()
        contents = [_json([record.model_dump(mode="json") for record in records]),
                    _json(_schema(model, name, site_url), sort_keys=True), _csv(model, records)]
        if name == "sources":
            contents.append(_json(all_sources_csl(archive, site_url)))
        files.update(zip(data_paths(name), contents, strict=True))
    return files


def _by_id(items: list[ItemT]) -> list[ItemT]:
    # Ids never change when titles do, so the files diff cleanly from one build to the next.
    return sorted(items, key=lambda item: item.id)


def _date(name: str, date: FuzzyDate | None) -> dict[str, Any]:
    """A date as three fields: `name`, `name_precision`, `name_approximate`; all null when unknown."""
    if date is None:
        return {name: None, f"{name}_precision": None, f"{name}_approximate": None}
    precision = "day" if date.day else "month" if date.month else "year"
    return {name: date.iso(), f"{name}_precision": precision, f"{name}_approximate": date.approximate}


def _source(source: Source, archive: Archive, site_url: str) -> SourceRecord:
    meta = source.meta
    return SourceRecord(
        id=source.id, page_url=page_url(source, site_url), title=meta.title, kind=meta.kind, outlet=meta.outlet,
        authors=meta.authors, **_date("published", meta.published), url=meta.url, url_status=meta.url_status,
        archive_url=meta.archive_url, **_date("archive_date", meta.archive_date), **_date("access_date", meta.access_date),
        via_outlet=meta.via and meta.via.outlet, via_url=meta.via and meta.via.url,
        identifiers=meta.identifiers.model_dump(exclude_none=True), language=meta.language, entities=meta.entities, topics=meta.topics,
        note=meta.note, excerpt=archive.text_of(source).strip() or None,  # as the page shows it: without the file's blank lines
    )


def _explainer(explainer: Explainer, archive: Archive, site_url: str) -> ExplainerRecord:
    meta = explainer.meta
    return ExplainerRecord(
        id=explainer.id, page_url=page_url(explainer, site_url), title=meta.title, summary=meta.summary,
        **_date("published", meta.published), **_date("updated", meta.updated), authors=meta.authors,
        topics=meta.topics, sources=[source.id for source in cited_sources(explainer, archive)],
        corrections=[_correction(correction) for correction in meta.corrections],
    )


def _correction(correction: Correction) -> CorrectionRecord:
    return CorrectionRecord(**_date("date", correction.date), wrong=correction.wrong, right=correction.right)


def _entity(entity: Entity, site_url: str) -> EntityRecord:
    meta = entity.meta
    return EntityRecord(id=entity.id, page_url=page_url(entity, site_url), name=meta.name, kind=meta.kind,
                        aliases=meta.aliases, description=meta.description)


def _event(event: Event, site_url: str) -> EventRecord:
    meta = event.meta
    return EventRecord(id=event.id, page_url=page_url(event, site_url), title=meta.title, **_date("date", meta.date),
                       sources=meta.sources, entities=meta.entities, topics=meta.topics)


def _schema(model: type[_Record], name: str, site_url: str) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": f"{site_root(site_url)}data/{name}.schema.json",
        "title": f"data/{name}.json: the archive's published {name}",
        **TypeAdapter(list[model]).json_schema(),
    }


def _json(data: Any, sort_keys: bool = False) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n").encode("utf-8")


def _csv(model: type[_Record], records: list[_Record]) -> bytes:
    """One row per record, columns in the model's field order, lists joined with "; " (mappings as "key: value")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = list(model.model_fields)
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(getattr(record, column)) for column in columns])
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(element) for element in value)
    if isinstance(value, dict):
        return LIST_SEPARATOR.join(f"{key}: {element}" for key, element in value.items())
    return str(value)
