"""The check, read top to bottom: load, validate, link, verify. Drawing pages is rendering/build.py's."""

from __future__ import annotations

import gc
import json
import re
import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from builder.core.cache import ParseCache, StoredScans, StoredVerdicts
from builder.core.diagnostics import Diagnostic, Diagnostics, error_count
from builder.core.link import Archive, check_references, link
from builder.core.load import MAX_FILE_BYTES, Known as KnownFiles, Loaded, claimed_id, load, parse_text
from builder.core.markup import Scan, scan
from builder.core.model import Item
from builder.core.paths import CONTENT_DIR, Kind, id_from_filename, kind_of_content_path
from builder.core.validate import Known as KnownItems, stand_in, validate, validate_item
from builder.core.verify import Integrity, Verdicts, verify, verify_one


@dataclass(frozen=True)
class Checked:
    archive: Archive  # what is published
    items: list[Item]  # every valid item, drafts included
    integrity: Integrity
    diagnostics: list[Diagnostic]
    timings: "Timings"

    @property
    def ok(self) -> bool:
        return error_count(self.diagnostics) == 0


class Timings:
    """Wall time and peak memory after each stage, for `make bench` and anyone profiling a build."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, float, float]] = []  # (stage, seconds, peak RSS in MB so far)
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages.append((stage, now - self._last, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        self._last = now


@dataclass
class Memo:
    """What a long-running process (the preview) keeps between checks, so a save costs what it changed:
    a file with the same time and size is not read again, and an item loaded as before is not validated again."""

    loaded: KnownFiles = field(default_factory=dict)
    validated: KnownItems = field(default_factory=dict)
    scans: dict[str, Scan] = field(default_factory=dict)  # of each text, as link.py scans them
    verdicts: Verdicts = field(default_factory=dict)


@contextmanager
def collection_paused():
    """The stages allocate millions of small objects and free few: the cyclic garbage collector would only
    rescan them, over and over (a fifth of the time at ten thousand sources)."""
    was_enabled = gc.isenabled()  # pauses nest: only the outermost one resumes collection
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(project: Path, cache: bool = True, memo: Memo | None = None, unsaved: dict[str, str] | None = None) -> Checked:
    """Everything `archive check` reports. Nothing is written but the parse, scan and verdict memos in .cache/.

    `unsaved`: the texts an editor has open, by project-relative path, checked instead of the files on disk.
    """
    with collection_paused():
        return _check(project, ParseCache(project) if cache else None, memo, unsaved)


def _check(project: Path, cache: ParseCache | None, memo: Memo | None, unsaved: dict[str, str] | None = None) -> Checked:
    """`cache` is the parse memo on disk, and with it come the scan and verdict memos; a preview's `memo`
    holds the same in memory, so it reads no scans or verdicts from disk."""
    diagnostics, timings = Diagnostics(), Timings()
    loaded = load(project, diagnostics, cache, memo.loaded if memo else None, unsaved)
    timings.lap("load")
    items = validate(loaded.items, diagnostics, memo.validated if memo else None, project)
    timings.lap("validate")
    valid = {item.origin.path for item in items}
    valid_ids = {item.id for item in items}
    unloaded = _unloaded_texts(project, loaded)
    # The ids of files that did not load or validate, as far as they can be told: a file that does not load
    # may still set its id on an `id:` line of YAML that reads no further.
    broken_ids = {*(PurePosixPath(path).stem for path in loaded.failed),
                  *(claimed_id(raw) for raw in loaded.items if raw.path not in valid),
                  # A file left out for an id another file has: what cites it by its name is not a second mistake.
                  *(id_from_filename(PurePosixPath(raw.path)) for raw in loaded.items
                    if raw.path not in valid and claimed_id(raw) in valid_ids),
                  *(found for text in unloaded for found in _ID_LINE.findall(_front_of(text)))}
    # A file whose front matter did not validate still has its text checked: every problem at once.
    unvalidated = [stand_in(raw) for raw in loaded.items if raw.path not in valid and raw.kind is not Kind.SOURCE]
    text_only = [(item, scan(item.body)) for item in unvalidated]
    on_disk = cache is not None and memo is None
    stored_scans = StoredScans(project) if on_disk else None
    archive = link(items, diagnostics, broken_ids, memo.scans if memo else stored_scans,
                   _cited_by_broken(loaded, unloaded, valid, items), text_only)
    if stored_scans is not None:
        stored_scans.save()
    timings.lap("link")
    stored_verdicts = StoredVerdicts(project) if on_disk else None
    integrity = verify(archive, items, diagnostics, memo.verdicts if memo else None, stored_verdicts, text_only)
    if stored_verdicts is not None:
        stored_verdicts.save()
    timings.lap("verify")
    return Checked(archive, items, integrity, diagnostics.sorted(), timings)


def check_one(checked: Checked, relative: str, text: str) -> list[Diagnostic]:
    """One file's diagnostics as it is typed, against the rest of the archive as `checked` last found it.

    The same stages as `check`, for this file alone: read, validate, resolve its references, verify its
    quotations. What depends on the whole archive (an id another file has, a source no longer cited) waits
    for the next full check; an editor runs one on save.
    """
    diagnostics = Diagnostics()
    kind = kind_of_content_path(relative)
    raw = parse_text(text, relative, kind, diagnostics) if kind is not None else None
    item = validate_item(raw, diagnostics) if raw is not None else None
    if item is not None:
        others = {other.id: other for other in checked.items if other.origin.path != relative}
        found = check_references(item, others, diagnostics)
        sources = {source.id: source for source in others.values() if source.kind is Kind.SOURCE}
        verify_one(item, found, sources, diagnostics)
    return diagnostics.sorted()


def _cited_by_broken(loaded: Loaded, unloaded: list[str], valid: set[str], items: list[Item]) -> set[str]:
    """The sources that files which did not load or validate may cite: any source id their text names.

    A citation in the body, a `sources:` list in an event's front matter, YAML that does not parse: the
    file is, for now, what cannot be read, so none of the sources it names is called an orphan.
    """
    if not loaded.failed and len(valid) == len(loaded.items):
        return set()
    texts = [json.dumps(raw.data, default=str) + raw.body for raw in loaded.items if raw.path not in valid] + unloaded
    sources = {item.id for item in items if item.kind is Kind.SOURCE}
    return {word for text in texts for word in _ID_LIKE.findall(text) if word in sources}


def _unloaded_texts(project: Path, loaded: Loaded) -> list[str]:
    """The text of each file that did not load, as far as it reads."""
    texts = []
    content = (project / CONTENT_DIR).resolve()
    for path in map(project.joinpath, loaded.failed):
        # Only a regular file inside content/: the loader refuses a link out of it, and a pipe would hang.
        if not path.is_file() or not path.resolve().is_relative_to(content):
            continue
        try:
            with open(path, "rb") as file:  # no more than the loader reads of a file
                texts.append(file.read(MAX_FILE_BYTES).decode("utf-8", errors="replace"))
        except OSError:
            continue
    return texts


def _front_of(text: str) -> str:
    """The front matter of a file's text, as far as its lines of '---' can be told (all of it if not)."""
    parts = re.split(r"^---[ \t]*\r?$", text, maxsplit=2, flags=re.MULTILINE)
    return parts[1] if len(parts) > 2 else text


_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?[ \t]*\r?$", re.MULTILINE)
_ID_LIKE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
