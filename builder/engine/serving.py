"""The preview under MkDocs' live-reload server: a save redraws only the pages it touched (MkDocs adapter).

MkDocs' own rebuild, even a dirty one, walks and sorts every file and makes every page object again:
seconds at ten thousand sources. So after the first build, a save to content/ goes through the preview
(preview/preview.py), and the pages it changed are drawn with MkDocs' two page steps (render.py). A full
MkDocs build still runs when mkdocs.yml or the theme changes. Bad content, a broken mkdocs.yml or a broken
theme never stop the preview: it keeps serving the last good site, with a notice of what is wrong.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Callable

from jinja2 import TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from builder.core.diagnostics import Diagnostic, Severity
from builder.core.paths import CONFIG
from builder.core.pipeline import collection_paused
from builder.engine.notice import PreviewNotice
from builder.engine.render import PagesNotRendered, draw_page, populate_page
from builder.engine.site import Documents, document_file, log, nav_paths, report, settings_signature, site_info
from builder.engine.watching import SaveListener
from builder.preview.preview import PreviewFolder
from builder.rendering.build import TEMPLATES, template_problem
from builder.rendering.emit import Document, SiteInfo, problems_banner
from builder.rendering.search import SearchPages


class ServedPreview:
    """The preview's state from one save to the next, and what MkDocs' server does on a save."""

    def __init__(self, project: Path, site_dir: Path, search_pages: SearchPages,
                 take: Callable[[list[Document]], Documents]) -> None:
        self.folder = PreviewFolder(project, site_dir, search_pages, lambda message: log.warning(message))
        self.take = take  # hands the plugin the documents of the site as it now is, and has them by path
        self.notice = PreviewNotice(site_dir)
        self.listener: SaveListener | None = None
        # What the last full build made, for redrawing single pages: (config, files, nav, env).
        self.rendered: tuple | None = None
        self.settings: tuple | None = None  # mkdocs.yml and the theme, as they were for that build
        self.had_errors = False  # after the last check, so that the preview can say when they are fixed
        self.timings = None

    def documents(self, site: SiteInfo) -> list[Document]:
        self.update(site)
        return self.folder.current()

    def update(self, site: SiteInfo) -> list[str]:
        """The paths of the documents that changed; with errors in the content, the last good site stays."""
        update = self.folder.update(site)
        self.timings = update.checked.timings
        errors = report(update.checked.diagnostics)
        if not errors:
            if self.had_errors:
                log.info("No errors are left; the preview shows the site as it is now")
            self.had_errors = False
            self.notice.show(None)
            return update.changed
        self.had_errors = True
        # A preview must survive a half-typed edit: keep showing the last good site, and say so on it.
        if self.folder.documents:
            log.warning(f"{errors}; still serving the last good version")
            self._show_notice(update.checked.diagnostics)
            return []
        log.warning(f"{errors}; the preview lists them until they are fixed")
        return [self.folder.show_problems(update.checked.diagnostics, self.folder.project / TEMPLATES)]

    def built(self, config: MkDocsConfig, files: Files, nav: Navigation, env) -> None:
        """Keep what a full build made. Only a build of good content has the navigation and pages to redraw
        into; after a build that showed only the problems page, the next save builds in full again."""
        self.rendered = (config, files, nav, env) if self.folder.documents else None
        self.settings = settings_signature(config)

    def published(self) -> None:
        self.folder.published()
        self.notice.write()
        # What the preview keeps lives as long as it does: out of the cycle collector's way (gc.freeze), a
        # collection no longer rescans the whole site in the middle of a save's redraw.
        gc.freeze()

    def serve(self, server, config: MkDocsConfig, full_build: Callable[[], None]) -> None:
        def rebuild() -> None:
            if self.rendered is not None and self.settings == settings_signature(self.rendered[0]):
                # The preview's heap holds the whole site; one pass of the cycle collector over it costs more
                # than redrawing a page.
                with collection_paused():
                    self._redraw(*self.rendered)
                return
            if self.rendered is not None:  # new settings or theme: every page, changed or not, is rendered again
                self.folder.mark_all_changed()
            try:
                full_build()
            except (MkDocsException, TemplateError) as exc:
                # A broken mkdocs.yml or theme. MkDocs would hold every request until it is fixed; the last
                # good site is served instead, with the notice on it, as for broken content, and the next
                # save builds in full again (what `built` kept may be the broken build's).
                self.rendered = None
                problem = _build_problem(exc, self.folder.project)
                log.warning(f"{problem.format()}; still serving the last good version")
                self.had_errors = True
                self._show_notice([problem])

        server.builder = rebuild
        self.listener = SaveListener(server, config.docs_dir)

    def _show_notice(self, diagnostics: list[Diagnostic]) -> None:
        """Put the notice of these errors on every page served from now on."""
        try:
            self.notice.show(problems_banner(diagnostics, self.folder.project / TEMPLATES))
        except TemplateError as exc:  # the terminal has told of the errors; the pages go without the notice
            log.warning(f"The notice of errors could not be drawn: {exc}")

    def _redraw(self, config: MkDocsConfig, files: Files, nav: Navigation, env) -> None:
        started = time.perf_counter()
        changed = self.update(site_info(config))
        removed = self.folder.removed()
        if not changed and not removed:  # errors, or a save that changes no page: nothing to redraw nor index
            return
        by_path = self.take(self.folder.current()).by_path
        for path in removed:
            if (file := files.get_file_from_path(path)) is not None:
                files.remove(file)
        pages, in_nav = [], set(nav_paths(config.nav or []))
        for path in changed:
            file = files.get_file_from_path(path)
            if file is None:  # a new item's page or download
                file = document_file(by_path[path], config, self.folder.folder, in_nav)
                files.append(file)
            if file.is_documentation_page():
                pages.append(file.page or Page(None, file, config))
            else:
                file.copy_file()
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            populate_page(page, config, files)
        for page in pages:
            draw_page(page, config, doc_files, nav, env)
        self.folder.published()
        log.info(f"Redrew {len(changed)} changed document{'s' * (len(changed) != 1)}"
                 f"{f', removed {len(removed)}' if removed else ''} in {time.perf_counter() - started:.2f} s; "
                 "the search index follows in the background")

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
        self.folder.close()


def _build_problem(exc: Exception, project: Path) -> Diagnostic:
    """What stopped a preview's new MkDocs build, as a diagnostic: a broken template where it is, mkdocs.yml
    where its YAML or a setting is wrong, or else what MkDocs said of it."""
    if isinstance(exc, TemplateError):  # a template MkDocs draws itself (404.html, sitemap.xml)
        return template_problem(project, exc)
    cause = exc.__context__ if isinstance(exc, Abort) and exc.__context__ is not None else exc  # MkDocs' wrapper
    if isinstance(cause, PagesNotRendered) and cause.problem is not None:
        return cause.problem
    message = " ".join((cause.format_message() if isinstance(cause, MkDocsException) else str(cause)).split())[:300]
    hint = "the lines above say more"
    if isinstance(cause, ConfigurationError) or "configuration error" in message:
        mark = getattr(cause.__context__, "problem_mark", None)  # where YAML that does not read goes wrong
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Diagnostic(CONFIG, line, col, Severity.ERROR, "settings-error", message, hint)
    return Diagnostic(".", 1, 1, Severity.ERROR, "build-error", message, hint)
