"""A memo of parsed front matter, keyed by each file's bytes, so unchanged files skip YAML parsing.

Parsing YAML is most of what `archive check` costs on a large archive, and editors run it over and over
with a file or two changed. The memo is JSON, never pickle, so a cache file from anywhere can hold data
but never code; a cache from another version of the loader, or one that does not read, is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

CACHE_FILE = Path(".cache") / "archive" / "parsed.json"
_LOADER_SOURCE = Path(__file__).with_name("load.py")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stat_key(path: str | os.PathLike) -> tuple[int, int]:
    """A file's modification time (ns) and size: what tells a long-running process it changed, without reading it."""
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


def signature(paths: Iterable[Path]) -> tuple:
    """The stat keys of a set of files, in a stable order: equal as long as none of them changed."""
    return tuple(sorted((str(path), *stat_key(path)) for path in paths))


class ParseCache:
    def __init__(self, project: Path) -> None:
        self.path = project / CACHE_FILE
        self.version = digest(_LOADER_SOURCE.read_bytes())
        self.old: dict[str, list] = self._read()
        self.new: dict[str, list] = {}

    def _read(self) -> dict[str, list]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != self.version or not isinstance(stored.get("entries"), dict):
            return {}
        return stored["entries"]

    def get(self, relative: str, key: str) -> Any | None:
        """What was stored for this file when it had exactly these bytes."""
        entry = self.old.get(relative)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == key:
            self.new[relative] = entry
            return entry[1]
        return None

    def put(self, relative: str, key: str, value: Any) -> None:
        self.new[relative] = [key, value]

    def save(self) -> None:
        """Write the memo if it changed; a project that cannot be written to just goes uncached."""
        if self.new == self.old:
            return
        _write_atomically(self.path, {"version": self.version, "entries": self.new})


class JsonMemo:
    """A plain JSON dictionary kept between builds in .cache/archive/<name>.json (formatted references)."""

    def __init__(self, project: Path, name: str) -> None:
        self.path = project / CACHE_FILE.parent / f"{name}.json"
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        good = isinstance(loaded, dict) and all(isinstance(v, str) for v in loaded.values())
        self.values: dict[str, str] = dict(loaded) if good else {}
        self._saved = dict(self.values)

    def save(self) -> None:
        if self.values == self._saved:
            return
        _write_atomically(self.path, self.values)
        self._saved = dict(self.values)


def _write_atomically(path: Path, data) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # json.dumps, not json.dump: only the one-shot form uses the C encoder, ten times faster on a memo
        # of ten thousand entries.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as file:
            file.write(text)
        os.replace(file.name, path)
    except OSError:
        pass
