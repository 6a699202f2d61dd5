"""The preview's memory: the archive kept between saves, so a save costs what it touches, not the archive's size.

A full build checks every file and draws every document. A preview checks again only the files whose
time or size changed, finds the documents that read what the edit changed (depend.py, from what each
document recorded while it was drawn), draws those, and reports the ones that came out different.
Everything else stays as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from jinja2 import TemplateError

from builder.core.cache import JsonMemo, signature
from builder.preview.depend import Graph, Readers, affected_keys
from builder.core.diagnostics import Diagnostic
from builder.rendering.emit import CompiledTemplates, Document, Emitter, SiteInfo, problems_page
from builder.core.history import last_changed
from builder.core.paths import CONTENT_DIR, built_path, remove_scratch_folder, scratch_folder
from builder.rendering.build import TEMPLATES, with_link_problems, with_template_problem
from builder.core.pipeline import Checked, Memo, check, collection_paused
from builder.rendering.search import Reindexer, SearchPages


@dataclass(frozen=True)
class Update:
    checked: Checked
    changed: list[str]  # paths of the documents drawn anew that differ from before (all, the first time)
    removed: list[str]  # paths of documents that are no longer part of the site


class Preview:
    def __init__(self, project: Path) -> None:
        self.project = project
        self.memo = Memo()
        self.documents: dict[str, Document] = {}  # the site as last drawn from good content
        self._graph: Graph | None = None
        self._readers = Readers()
        self._drawn_with: tuple | None = None  # the site settings and templates the documents were drawn with
        self._compiled = CompiledTemplates()
        self._history = last_changed(project, CONTENT_DIR)
        self._references = JsonMemo(project, "references")

    def update(self, site: SiteInfo) -> Update:
        """Check the content again and redraw what changed; with errors, the last good documents stay."""
        first = self._graph is None
        checked = check(self.project, cache=first, memo=self.memo)
        if not checked.ok:
            return Update(checked, [], [])
        drawn_with = (site, signature((self.project / TEMPLATES).glob("*.html")))
        try:
            with collection_paused():
                graph = Graph.of(checked.archive, checked.items, self._graph)
                # A changed template or setting shows on every page.
                redraw_all = first or drawn_with != self._drawn_with
                emitter = Emitter(checked.archive, checked.integrity, self.project / TEMPLATES, site, self._history,
                                  self._references.values, self._compiled)
                only = None
                if not redraw_all:  # what read what changed, and what is new
                    only = self._readers.of(affected_keys(self._graph, graph, graph.changed_since(self._graph)))
                    only |= emitter.plan.keys() - self.documents.keys()
                drawn = emitter.documents(only)
        except TemplateError as exc:
            return Update(with_template_problem(self.project, checked, exc), [], [])
        self._references.save()
        changed = [document.path for document in drawn if self.documents.get(document.path) != document]
        removed = [path for path in self.documents if path not in emitter.plan]
        for path in removed:
            del self.documents[path]
            self._readers.remove(path)
        self.documents.update((document.path, document) for document in drawn)
        self._readers.record(drawn)
        self._graph, self._drawn_with = graph, drawn_with
        checked.timings.lap("emit")
        return Update(with_link_problems(checked, self.documents.values()), changed, removed)


class PreviewFolder:
    """The preview's documents as files, rewritten only when they change, for a site engine's dirty build.

    An engine that compares modification times (MkDocs' dirty build does) then renders only the documents
    an edit changed. Pages of documents that are gone are removed from the served site, and the search
    index is brought up to date in the background.
    """

    def __init__(self, project: Path, site_dir: Path, search_pages: SearchPages, report: Callable[[str], None]) -> None:
        self.project, self.site_dir, self.search_pages = project, site_dir, search_pages
        self.preview = Preview(project)
        self.folder = scratch_folder("archive-preview-")
        self._report = report
        self._reindexer: Reindexer | None = None
        self._gone: list[str] = []
        self._problems: Document | None = None

    @property
    def documents(self) -> dict[str, Document]:
        return self.preview.documents

    def update(self, site: SiteInfo) -> Update:
        if self._reindexer is not None:  # a save: a search index run under way is out of date, and would slow this
            self._reindexer.interrupt()
        update = self.preview.update(site)
        for path in update.changed:
            self._write(self.preview.documents[path])
        for path in update.removed:
            (self.folder / path).unlink(missing_ok=True)
        self._gone += update.removed
        return update

    def show_problems(self, diagnostics: list[Diagnostic], templates: Path) -> str:
        """Until the content first builds, the home page lists what is wrong with it; its path."""
        self._problems = problems_page(diagnostics, templates)
        self._write(self._problems)
        return self._problems.path

    def mark_all_changed(self) -> None:
        """Date every document now, so the engine renders each page again (its theme or settings changed)."""
        for path in self.folder.rglob("*"):
            if path.is_file():
                os.utime(path)

    def removed(self) -> list[str]:
        """The documents removed since the site was last published."""
        return list(self._gone)

    def current(self) -> list[Document]:
        if self.preview.documents:
            return list(self.preview.documents.values())
        return [self._problems] if self._problems else []

    def published(self) -> None:
        """Called once the engine has written the site: sweep away the pages of removed documents, reindex."""
        for path in self._gone:
            built = built_path(path)
            (self.site_dir / built).unlink(missing_ok=True)
            self.search_pages.remove(built)
        self._gone = []
        if not self.preview.documents:  # only the page of problems: nothing to search yet
            return
        if self._reindexer is None:
            self._reindexer = Reindexer(self.search_pages, self.site_dir, self._report)
        # The pages are complete only now: a run that began while workers still wrote them is redone.
        self._reindexer.published()

    def close(self) -> None:
        if self._reindexer is not None:
            self._reindexer.stop()
        remove_scratch_folder(self.folder)

    def _write(self, document: Document) -> None:
        path = self.folder / document.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(document.content, bytes):
            path.write_bytes(document.content)
        else:
            path.write_text(document.content, encoding="utf-8")
