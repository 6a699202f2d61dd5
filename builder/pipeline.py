"""The whole build, read top to bottom: load, validate, link, verify, then emit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

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


def check(project: Path) -> Checked:
    """Everything `archive check` reports; nothing is written."""
    diagnostics = Diagnostics()
    loaded = load(project, diagnostics)
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
