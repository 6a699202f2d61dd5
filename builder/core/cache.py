"""Memos kept between runs in .cache/archive/, so that `archive check` and a build redo only what changed.

Parsing front matter (by each file's bytes), scanning Markdown for citations (by each text) and checking
quotations (by each item's text and the excerpts it cites) are most of what `archive check` costs on a
large archive, and editors run it over and over with a file or two changed. Formatted references (by
what they are formatted from) are most of a first build. Memos are JSON, never pickle, so a cache file
from anywhere can hold data but never code; a memo from another version of the code that made it, or one
that does not read, is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import yaml

from builder.core.diagnostics import Diagnostic
from builder.core.markup import Scan, scan_from_stored, stored_scan

MEMO_FOLDER = Path(".cache") / "archive"
CACHE_FILE = MEMO_FOLDER / "parsed.json"
_LOADER_SOURCE = Path(__file__).with_name("load.py")
_SCANNER_SOURCE = Path(__file__).with_name("markup.py")
# What a verdict is worked out by: the checks, the quotation finder, the scanner, what link.py hands them
# (`Archive.scans`), the diagnostics' shape and this module's layout of an entry.
_VERIFIER_SOURCES = tuple(Path(__file__).with_name(name)
                          for name in ("verify.py", "quotes.py", "markup.py", "link.py", "diagnostics.py", "cache.py"))


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stat_key(path: str | os.PathLike) -> tuple[int, int]:
    """A file's modification time (ns) and size: what tells a long-running process it changed, without reading it."""
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


def signature(paths: Iterable[Path]) -> tuple:
    """The stat keys of a set of files, in a stable order: equal as long as none of them changed."""
    return tuple(sorted((str(path), *stat_key(path)) for path in paths))


class _CodeBoundMemo:
    """Values worked out by some modules' code, kept in .cache/archive/<name>.json between runs.

    A memo written by another version of that code, of Python (its regular expressions and Unicode tables)
    or of the libraries named in `made_with`, or one that does not read, is ignored. What a run does not
    ask for is left out when it saves, so the memo holds only what the content still needs.
    """

    def __init__(self, project: Path, name: str, code: tuple[Path, ...], made_with: tuple[str, ...] = ()) -> None:
        self.path = project / MEMO_FOLDER / f"{name}.json"
        self.version = digest(b"".join(path.read_bytes() for path in code) + json.dumps([sys.version, *made_with]).encode())
        self.old: dict[str, Any] = self._read()
        self.new: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        stored = _read_json(self.path)
        if not isinstance(stored, dict) or stored.get("version") != self.version or not isinstance(stored.get("entries"), dict):
            return {}
        return stored["entries"]

    def save(self) -> None:
        """Write the memo if it changed; a project that cannot be written to just goes uncached."""
        if self.new == self.old:
            return
        _write_atomically(self.path, {"version": self.version, "entries": self.new})


class _FileMemo(_CodeBoundMemo):
    """A value for each content file, by the file's path, good only as long as the key it was stored with
    (a digest of what it was worked out from) is the one asked for."""

    def get(self, relative: str, key: str) -> Any | None:
        """What was stored for this file under exactly this key."""
        entry = self.old.get(relative)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == key:
            self.new[relative] = entry
            return entry[1]
        return None

    def put(self, relative: str, key: str, value: Any) -> None:
        self.new[relative] = [key, value]


class ParseCache(_FileMemo):
    """Each content file's front matter as parsed, checked against the file's bytes."""

    def __init__(self, project: Path) -> None:
        super().__init__(project, CACHE_FILE.stem, (_LOADER_SOURCE,), made_with=(f"PyYAML {yaml.__version__}",))


class StoredScans(_CodeBoundMemo):
    """Scans of Markdown texts (`markup.scan`) by each text's digest, for `link`: scanning every body again
    was a third of linking ten thousand sources."""

    def __init__(self, project: Path) -> None:
        super().__init__(project, "scanned", (_SCANNER_SOURCE,))

    def get(self, text: str) -> Scan | None:
        key = text_digest(text)
        if (stored := self.old.get(key)) is None:
            return None
        try:
            found = scan_from_stored(stored, text)
        except (TypeError, ValueError):
            return None  # a damaged entry: the text is scanned again
        self.new[key] = stored
        return found

    def __setitem__(self, text: str, found: Scan) -> None:
        self.new[text_digest(text)] = stored_scan(found, text)


class StoredVerdicts(_FileMemo):
    """What verifying each explainer and event found, checked against a digest of all that the verdict
    depends on (`verify.verdict_inputs`): quoting checks were a sixth of `archive check`."""

    def __init__(self, project: Path) -> None:
        super().__init__(project, "verified", _VERIFIER_SOURCES)

    def get(self, relative: str, inputs: str) -> tuple[Counter[str], list[Diagnostic]] | None:
        if (stored := super().get(relative, inputs)) is None:
            return None
        try:
            counts, problems = stored
            if not all(isinstance(name, str) and type(count) is int for name, count in counts.items()):
                raise TypeError("counts are not whole numbers")
            return Counter(counts), [Diagnostic.from_dict(problem) for problem in problems]
        except (AttributeError, TypeError, ValueError):
            return None  # a damaged entry: the item is verified again, and `put` replaces it

    def put(self, relative: str, inputs: str, counts: Counter[str], problems: list[Diagnostic]) -> None:
        super().put(relative, inputs, [dict(counts), [problem.to_dict() for problem in problems]])


def text_digest(text: str) -> str:
    """A digest of a text, as of a file's bytes (`digest`)."""
    # surrogatepass: PyYAML's pure-Python parser (used where libyaml is missing) lets a "\ud800" escape
    # through, and a digest must not fail on it
    return digest(text.encode("utf-8", "surrogatepass"))


class JsonMemo:
    """A plain JSON dictionary kept between builds in .cache/archive/<name>.json (formatted references)."""

    def __init__(self, project: Path, name: str) -> None:
        self.path = project / MEMO_FOLDER / f"{name}.json"
        loaded = _read_json(self.path)
        good = isinstance(loaded, dict) and all(isinstance(v, str) for v in loaded.values())
        self.values: dict[str, str] = dict(loaded) if good else {}
        self._saved = dict(self.values)

    def save(self) -> None:
        if self.values == self._saved:
            return
        _write_atomically(self.path, self.values)
        self._saved = dict(self.values)


def _read_json(path: Path) -> Any:
    """A memo file's contents; None if it is missing or damaged, nested too deeply to decode included."""
    try:
        if not path.is_file():  # a folder or a named pipe in its place, which reading would wait on forever
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def _write_atomically(path: Path, data) -> None:
    """Write a memo, or nothing: a project that cannot be written to, or a value that cannot be written as
    UTF-8 (half a surrogate pair), just goes uncached, and no half-written file is left behind."""
    written = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # json.dumps, not json.dump: only the one-shot form uses the C encoder, ten times faster on a memo
        # of ten thousand entries.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as file:
            written = file.name
            file.write(text)
        os.replace(written, path)
    except (OSError, ValueError):
        if written is not None:
            Path(written).unlink(missing_ok=True)
