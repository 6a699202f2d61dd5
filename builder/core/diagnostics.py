"""Problems found in content, collected rather than raised, and reported together."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. Ordered by place so reports read top to bottom, file by file."""

    path: str
    line: int
    col: int
    severity: Severity = field(compare=False)
    code: str
    message: str
    hint: str | None = field(default=None, compare=False)

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity.value}[{self.code}]: {self.message}"
        text = f"{text} ({self.hint})" if self.hint else text
        return " ".join(text.split())  # always one line, whatever the message quotes

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Diagnostic:
        """What `to_dict` wrote, back (from a memo on disk); TypeError or ValueError for anything else."""
        found = cls(**{**data, "severity": Severity(data.get("severity"))})
        texts = (found.path, found.code, found.message, "" if found.hint is None else found.hint)
        numbers = (found.line, found.col)
        if not all(isinstance(text, str) for text in texts) or not all(type(number) is int for number in numbers):
            raise TypeError(f"not a diagnostic: {data!r}")
        return found


class Diagnostics:
    """A collector each stage writes into; nothing is raised, the caller decides what fails."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def error(self, path: str, line: int, col: int, code: str, message: str, hint: str | None = None) -> None:
        self._items.append(Diagnostic(path, line, col, Severity.ERROR, code, message, hint))

    def warning(self, path: str, line: int, col: int, code: str, message: str, hint: str | None = None) -> None:
        self._items.append(Diagnostic(path, line, col, Severity.WARNING, code, message, hint))

    def extend(self, found: Iterable[Diagnostic]) -> None:
        self._items.extend(found)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self._items))


def error_count(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity is Severity.ERROR)


def a(noun: str) -> str:
    """The noun with its indefinite article, for messages: "an entity", "a source"."""
    return f"{'an' if noun[:1] in ('a', 'e', 'i', 'o', 'u') else 'a'} {noun}"


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate `word` is most likely a misspelling of, or None when nothing is close enough."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The "did you mean …?" hint, or None when nothing is close enough to help."""
    match = closest(word, candidates)
    return f"did you mean '{match}'?" if match else None


def format_text(diagnostics: list[Diagnostic]) -> str:
    lines = [d.format() for d in diagnostics]
    errors = error_count(diagnostics)
    warnings = len(diagnostics) - errors
    lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines)


def format_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], indent=2, ensure_ascii=False)


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so each problem shows inline on the pull request's diff."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    lines = []
    for d in diagnostics:
        message = f"{d.message} ({d.hint})" if d.hint else d.message
        lines.append(f"::{d.severity.value} file={prop(d.path)},line={d.line},col={d.col},title={prop(d.code)}::{data(message)}")
    return "\n".join(lines)


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
