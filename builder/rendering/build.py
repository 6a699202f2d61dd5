"""The site's documents from checked content: the check (core/pipeline.py), then emit; and a broken template as a diagnostic."""

from __future__ import annotations

import traceback
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from jinja2 import TemplateError

from builder.core.cache import JsonMemo
from builder.core.diagnostics import Diagnostic, Severity
from builder.core.history import last_changed
from builder.core.paths import CONTENT_DIR
from builder.core.pipeline import Checked, check, collection_paused
from builder.rendering.emit import Document, SiteInfo, emit
from builder.rendering.page_links import link_problems

TEMPLATES = Path("theme") / "archive"


def build(project: Path, site: SiteInfo) -> tuple[list[Document], Checked]:
    """The site's documents, or none when the content has errors."""
    checked = check(project)
    if not checked.ok:
        return [], checked
    history = last_changed(project, CONTENT_DIR)
    references = JsonMemo(project, "references")
    try:
        with collection_paused():
            documents = emit(checked.archive, checked.integrity, project / TEMPLATES, site, history, references.values)
        references.save()
        checked.timings.lap("emit")
        return documents, with_link_problems(checked, documents)
    except TemplateError as exc:
        return [], with_template_problem(project, checked, exc)


def with_link_problems(checked: Checked, documents: Iterable[Document]) -> Checked:
    """The check's results with the broken links of editors' texts to pages by their Markdown paths."""
    documents = list(documents)
    links = [link for document in documents for link in document.page_links]
    if not links:
        return checked
    contents = {document.path: document.content for document in documents if document.is_page}
    return replace(checked, diagnostics=sorted([*checked.diagnostics, *link_problems(links, contents)]))


def with_template_problem(project: Path, checked: Checked, exc: TemplateError) -> Checked:
    """The check's results with a broken template among its problems, at the template's own file and line."""
    return replace(checked, diagnostics=[*checked.diagnostics, template_problem(project, exc)])


def template_problem(project: Path, exc: TemplateError) -> Diagnostic:
    """A broken template as a diagnostic, at the template's own file and line."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:  # a runtime error: the deepest template frame is where it happened
        for frame, frame_line in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename.endswith(".html"):
                filename, line = frame.f_code.co_filename, frame_line
    path = Path(filename).resolve() if filename else project / TEMPLATES
    shown = path.relative_to(project.resolve()).as_posix() if path.is_relative_to(project.resolve()) else str(path)
    return Diagnostic(shown, line or 1, 1, Severity.ERROR, "template-error", exc.message or type(exc).__name__,
                      "fix the template; the site was not built")
