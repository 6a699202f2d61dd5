"""Dates known to a precision: a day, a month, a year, or approximately one of those."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

_FORMAT_TEXT = r"(?P<approx>~|c\.\s*)?(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
_FORMAT = re.compile(_FORMAT_TEXT + r"\Z")
_MONTHS = [calendar.month_abbr[m] for m in range(13)]
DATE_SYNTAX = "write 2025-08-08, 2025-08, 2025 or ~1916"


@dataclass(frozen=True)
class FuzzyDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def precision(self) -> str:
        if self.approximate:
            return "approximate"
        return "day" if self.day else "month" if self.month else "year"

    @classmethod
    def parse(cls, value: Any) -> "FuzzyDate":
        """Parse an editor's date; raises ValueError with a reader-facing reason."""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueError(f"a date is text like 2025-08-08, not {type(value).__name__}")
        text = str(value).strip()
        match = _FORMAT.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a date")
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if day is not None:
            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"'{text}' is not a day of the calendar") from None
        return cls(year, month, day, bool(match["approx"]))

    def display(self) -> str:
        """Shown at its own precision: '8 Aug 2025', 'Aug 2025', '2025', 'c. 1916'."""
        parts = [str(self.day)] if self.day else []
        if self.month:
            parts.append(_MONTHS[self.month])
        parts.append(str(self.year))
        text = " ".join(parts)
        return f"c. {text}" if self.approximate else text

    def iso(self) -> str:
        """ISO 8601 at the date's own precision (2025, 2025-08, 2025-08-08)."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def earliest(self) -> dt.date:
        """The first day the date can mean: a month's first day, a year's 1 January."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def sort_key(self) -> tuple[int, int, int]:
        """Less precise dates sort after the more precise ones within their span: "8 Aug 2025" before
        "Aug 2025", which could be any day of it, and "Aug 2025" before "2025"."""
        return (self.year, self.month or 13, self.day or 32)

    def __lt__(self, other: "FuzzyDate") -> bool:
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        return ("~" if self.approximate else "") + self.iso()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> FuzzyDate:
            if isinstance(value, FuzzyDate):
                return value
            try:
                return cls.parse(value)
            except ValueError as exc:
                raise PydanticCustomError("bad_date", "{reason} ({syntax})", {"reason": str(exc), "syntax": DATE_SYNTAX})

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        # JSON Schema regexes have no named groups.
        pattern = "^" + re.sub(r"\?P<\w+>", "", _FORMAT_TEXT) + "$"
        return {"type": ["string", "integer"], "pattern": pattern, "description": DATE_SYNTAX}
