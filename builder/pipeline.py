"""The whole build, read top to bottom: load, validate, link, verify, then emit."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from builder.cache import ParseCache
from builder.diagnostics import Diagnostic, Diagnostics, error_count
from builder.emit import Document, SiteInfo, emit
from builder.link import Archive, link
from builder.model import Item
from builder.load import claimed_id, load
from builder.validate import validate
from builder.verify import Integrity, verify

TEMPLATES = Path("theme") / "archive"


@dataclass(frozen=True)
class Checked:
    archive: Archive  # what is published
    items: list[Item]  # every valid item, drafts included
    integrity: Integrity
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return error_count(self.diagnostics) == 0


def check(project: Path, cache: bool = True) -> Checked:
    """Everything `archive check` reports. Nothing is written but the parse memo in .cache/."""
    # The stages allocate millions of small objects and free few: the cyclic garbage collector would
    # only rescan them, over and over (a fifth of the time at ten thousand sources).
    gc.disable()
    try:
        return _check(project, ParseCache(project) if cache else None)
    finally:
        gc.enable()


def _check(project: Path, cache: ParseCache | None) -> Checked:
    diagnostics = Diagnostics()
    loaded = load(project, diagnostics, cache)
    items = validate(loaded.items, diagnostics)
    valid = {item.origin.path for item in items}
    broken_ids = {*(PurePosixPath(path).stem for path in loaded.failed),
                  *(claimed_id(raw) for raw in loaded.items if raw.path not in valid)}
    archive = link(items, diagnostics, broken_ids)
    integrity = verify(archive, items, diagnostics)
    return Checked(archive, items, integrity, diagnostics.sorted())


def build(project: Path, site: SiteInfo) -> tuple[list[Document], Checked]:
    """The site's documents, or none when the content has errors."""
    checked = check(project)
    if not checked.ok:
        return [], checked
    return emit(checked.archive, checked.integrity, project / TEMPLATES, site), checked
