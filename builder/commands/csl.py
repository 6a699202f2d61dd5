"""`archive ingest export.json`: a CSL-JSON export (Zotero's standard one, or the site's own "Cite this"
download) read into the works it cites, with their provenance: address, access date, authors, date of issue
and the outlet that carried them. CSL-JSON is a list of items; each field is mapped as CSL 1.0.2 defines it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.core.dates import FuzzyDate
from builder.core.diagnostics import Diagnostics

# Where CSL keeps the name of what carried a work: a newspaper or site for an article, else its publisher.
_OUTLET_FIELDS = ("container-title", "publisher")


@dataclass(frozen=True)
class CitedWork:
    csl_id: str | None
    csl_type: str | None
    title: str
    outlet: str | None
    authors: list[str]
    issued: FuzzyDate | None
    url: str | None
    accessed: FuzzyDate | None
    language: str | None


def read_csl(path: Path, text: str, diagnostics: Diagnostics) -> list[CitedWork] | None:
    """The works a CSL-JSON export cites; None, with the reasons among `diagnostics`, when it cannot be read."""
    where = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        diagnostics.error(where, exc.lineno, exc.colno, "bad-json", f"this is not JSON: {exc.msg.lower()}",
                          "export the collection again as CSL JSON")
        return None
    entries = [data] if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries or not all(isinstance(entry, dict) for entry in entries):
        diagnostics.error(where, 1, 1, "not-csl-json", "a CSL-JSON export is a list of items, each a set of fields",
                          "export the collection again as CSL JSON")
        return None
    works, untitled = [], False
    for number, entry in enumerate(entries, start=1):
        title = _text(entry.get("title"))
        if not title:
            diagnostics.error(where, 1, 1, "missing-field", f"item {number} of {len(entries)} has no title",
                              "give it one in the reference manager, and export it again")
            untitled = True
            continue
        works.append(CitedWork(
            csl_id=_text(entry.get("id")),
            csl_type=_text(entry.get("type")),
            title=title,
            outlet=next((outlet for key in _OUTLET_FIELDS if (outlet := _text(entry.get(key)))), None),
            authors=[name for person in entry.get("author") or [] if (name := _name(person))],
            issued=_date(entry.get("issued")),
            url=_text(entry.get("URL")),
            accessed=_date(entry.get("accessed")),
            language=_text(entry.get("language")),
        ))
    return None if untitled else works


def _text(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _name(person: Any) -> str | None:
    """A CSL name as the archive writes it: 'Given Family', or an institution's literal name."""
    if not isinstance(person, dict):
        return None
    if literal := _text(person.get("literal")):
        return literal
    parts = [_text(person.get(key)) for key in ("given", "non-dropping-particle", "family", "suffix")]
    return " ".join(part for part in parts if part) or None


def _date(value: Any) -> FuzzyDate | None:
    """A CSL date at its own precision: [[2025]], [[2025, 8]] or [[2025, 8, 8]], `circa` for approximate.

    Zotero sometimes exports a date it could not parse as `raw` text; it is kept when it reads as a date.
    """
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else None
    try:
        if first:
            numbers = [int(part) for part in first[:3]]
            return FuzzyDate.parse(("~" if value.get("circa") else "") + "-".join(
                f"{number:04d}" if index == 0 else f"{number:02d}" for index, number in enumerate(numbers)))
        raw = _text(value.get("raw"))
        return FuzzyDate.parse(raw) if raw else None
    except (TypeError, ValueError):
        return None  # not a date the archive can state: the draft says `unknown`, for the editor to settle

