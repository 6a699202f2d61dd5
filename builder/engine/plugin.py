"""The MkDocs adapter: runs the pipeline and hands its documents to MkDocs. No archive logic lives here."""

from __future__ import annotations

import gc
import json
import logging
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import TemplateError
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from builder.rendering import sanitize
from builder.core.cache import signature
from builder.core.diagnostics import Diagnostic, Severity, error_count
from builder.core.dates import FuzzyDate
from builder.rendering.emit import Document, SiteInfo, problems_banner
from builder.core.paths import CONFIG, CONTENT_DIR, HOME, SEARCH, is_published_as_is
from builder.core.parallel import WorkerLost
from builder.rendering.build import TEMPLATES, build, template_problem
from builder.core.pipeline import collection_paused
from builder.rendering.search import SearchPages
from builder.preview.preview import PreviewFolder
from builder.engine.render import PagesNotRendered, SplitFiles, draw_page, populate_page, render_pages, share_fragments
from builder.rendering.staging import StagedSite
from builder.engine.notice import PreviewNotice
from builder.engine.watching import SaveListener

log = logging.getLogger("mkdocs.plugins.archive")
# Diagnostics go to their own logger so the `archive` command can print them as bare lines.
diagnostics_log = logging.getLogger("mkdocs.plugins.archive.diagnostics")


class ArchivePluginConfig(Config):
    atomic = c.Type(bool, default=True)


class ArchivePlugin(BasePlugin[ArchivePluginConfig]):
    def __init__(self) -> None:
        self.command: str | None = None
        self.documents: list[Document] = []
        self.staged: StagedSite | None = None
        self.complete = False
        self.by_path: dict[str, Document] = {}
        self.dates: dict[str, FuzzyDate] = {}
        self.archive_date = _EPOCH_DAY
        self.preview: PreviewFolder | None = None
        self.search_pages: SearchPages | None = None
        # What the last full build of a preview made, for redrawing single pages: (config, files, nav, env).
        self.rendered: tuple | None = None
        # The notice on every page the preview serves while the last save left errors (the last good
        # version is what it serves).
        self.notice = PreviewNotice()
        self.had_errors = False  # after the last check, so that the preview can say when they are fixed
        self.settings: tuple | None = None  # mkdocs.yml and the theme, as they were for that build
        self.listener: SaveListener | None = None  # hears of saves to content/ in a preview

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = Path(config.config_file_path).parent
        if Path(config.docs_dir).resolve() != (project / CONTENT_DIR).resolve():
            raise PluginError(f"the archive plugin needs 'docs_dir: {CONTENT_DIR}' in mkdocs.yml")
        if not config.use_directory_urls:
            raise PluginError("the archive's stable URLs need 'use_directory_urls: true'")
        # theme/robots.txt is a template (it names the sitemap), not a file to copy as it is.
        config.theme.static_templates.add("robots.txt")
        site = _site_info(config)
        if self.search_pages is None:  # a preview keeps its pages from one save to the next
            self.search_pages = SearchPages()
        if self.command == "serve":
            self.notice.site_dir = Path(config.site_dir)
        self._take(self._preview(project, site, Path(config.site_dir)) if self.command == "serve" else self._build(project, site))
        if self.preview is not None and not self.preview.documents:
            # Only the page of problems: the navigation's sections are not there to link to.
            config.nav = None
        if self.command == "build" and self.config.atomic:
            self.staged = StagedSite(Path(config.site_dir))
            config.site_dir = str(self.staged.staging)
        return config

    def _take(self, documents: list[Document]) -> None:
        self.documents = documents
        self.by_path = {document.path: document for document in documents}
        self.dates = {document.path: document.changed for document in documents if document.changed}
        self.archive_date = _archive_date(self.dates.values())

    def _build(self, project: Path, site: SiteInfo) -> list[Document]:
        try:
            documents, checked = build(project, site)
        except WorkerLost as exc:
            raise PluginError(str(exc)) from None
        self.timings = checked.timings
        errors = _report(checked.diagnostics)
        if errors:
            raise PluginError(f"{errors}; nothing was built")
        return documents

    def _preview(self, project: Path, site: SiteInfo, site_dir: Path) -> list[Document]:
        """A save redraws only the documents it touched (preview.py); MkDocs' dirty build renders only those."""
        if self.preview is None or self.preview.project != project:
            self.preview = PreviewFolder(project, site_dir, self.search_pages, lambda message: log.warning(message))
        self._update_preview(site)
        return self.preview.current()

    def _update_preview(self, site: SiteInfo) -> list[str]:
        """The paths of the documents that changed; with errors in the content, the last good site stays."""
        update = self.preview.update(site)
        self.timings = update.checked.timings
        errors = _report(update.checked.diagnostics)
        if not errors:
            if self.had_errors:
                log.info("No errors are left; the preview shows the site as it is now")
            self.had_errors = False
            self.notice.show(None)
            return update.changed
        self.had_errors = True
        # A preview must survive a half-typed edit: keep showing the last good site, and say so on it.
        if self.preview.documents:
            log.warning(f"{errors}; still serving the last good version")
            self._show_notice(update.checked.diagnostics)
            return []
        log.warning(f"{errors}; the preview lists them until they are fixed")
        return [self.preview.show_problems(update.checked.diagnostics, self.preview.project / TEMPLATES)]

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Editors' Markdown is input to the pipeline, never a page of its own; the documents replace it.

        Of the rest of content/, what an editor left behind is not published either (load.py warns of it).
        """
        kept = [file for file in files if file.src_dir != config.docs_dir or is_published_as_is(file.src_uri)]
        # Only the sections named in mkdocs.yml's nav sit in the navigation; thousands of item pages
        # there would make every page embed them all, and the build quadratic.
        in_nav = set(_nav_paths(config.nav or []))
        documents = [self._file(document, config, in_nav) for document in self.documents]
        return SplitFiles(kept + documents, self._rendered_in_parallel(documents))

    def _rendered_in_parallel(self, documents: list[File]) -> list[File]:
        """The pages the plugin renders in worker processes (render.py) rather than MkDocs, one at a time.

        Those are the pages outside the navigation, in a build and in a preview's full builds (its start, a
        change to the settings or the theme), which render every page anyway. A save redraws the pages it
        touched with MkDocs' own steps (`_refresh`).
        """
        return [file for file in documents if file.inclusion is InclusionLevel.NOT_IN_NAV]

    def _file(self, document: Document, config: MkDocsConfig, in_nav: set[str]) -> File:
        inclusion = InclusionLevel.INCLUDED if document.path in in_nav or not document.is_page else InclusionLevel.NOT_IN_NAV
        if self.preview is not None:  # read from the preview's folder, so unchanged ones are not rendered again
            return File(document.path, str(self.preview.folder), config.site_dir, config.use_directory_urls, inclusion=inclusion)
        return File.generated(config, document.path, content=document.content, inclusion=inclusion)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        share_fragments(env)
        if isinstance(files, SplitFiles) and files.rendered_here:
            self.search_pages.reserve(file.dest_uri for file in files.rendered_here)
            render_pages(files, config, self.nav, env)
            for file in files.rendered_here:  # dated in the workers too, but the sitemap is drawn here
                self._date(file.page)
            # MkDocs' sitemap lists the pages MkDocs rendered; theme/sitemap.xml adds these.
            env.globals["pages_rendered_in_parallel"] = files.rendered_here
        # Only a build of good content has the navigation and pages to redraw into; after a build that
        # showed only the problems page, the next save builds in full again.
        if self.preview is not None:
            self.rendered = (config, files, self.nav, env) if self.preview.documents else None
            self.settings = _settings(config)
        return env

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """After the first build, a save to content/ redraws only the pages it touched, without a new MkDocs build.

        MkDocs' own rebuild, even a dirty one, walks and sorts every file and makes every page object again:
        seconds at ten thousand sources. It still runs when mkdocs.yml or the theme changes.
        """
        def rebuild() -> None:
            if self.rendered is not None and self.settings == _settings(self.rendered[0]):
                # The preview's heap holds the whole site; one pass of the cycle collector over it costs more
                # than redrawing a page.
                with collection_paused():
                    self._refresh(*self.rendered)
                return
            if self.rendered is not None:  # new settings or theme: every page, changed or not, is rendered again
                self.preview.mark_all_changed()
            try:
                builder()
            except (MkDocsException, TemplateError) as exc:
                # A broken mkdocs.yml or theme. MkDocs would hold every request until it is fixed; the last
                # good site is served instead, with the notice on it, as for broken content, and the next
                # save builds in full again (what on_env kept may be the broken build's).
                self.rendered = None
                self._serve_last_good(_build_problem(exc, self.preview.project))

        server.builder = rebuild
        self.listener = SaveListener(server, config.docs_dir)
        return server

    def _serve_last_good(self, problem: Diagnostic) -> None:
        log.warning(f"{problem.format()}; still serving the last good version")
        self.had_errors = True
        self._show_notice([problem])

    def _show_notice(self, diagnostics: list[Diagnostic]) -> None:
        """Put the notice of these errors on every page served from now on."""
        try:
            self.notice.show(problems_banner(diagnostics, self.preview.project / TEMPLATES))
        except TemplateError as exc:  # the terminal has told of the errors; the pages go without the notice
            log.warning(f"The notice of errors could not be drawn: {exc}")

    def _refresh(self, config: MkDocsConfig, files: Files, nav: Navigation, env) -> None:
        started = time.perf_counter()
        changed = self._update_preview(_site_info(config))
        removed = self.preview.removed()
        if not changed and not removed:  # errors, or a save that changes no page: nothing to redraw nor index
            return
        self._take(self.preview.current())
        for path in removed:
            if (file := files.get_file_from_path(path)) is not None:
                files.remove(file)
        pages, in_nav = [], set(_nav_paths(config.nav or []))
        for path in changed:
            file = files.get_file_from_path(path)
            if file is None:  # a new item's page or download
                file = self._file(self.by_path[path], config, in_nav)
                files.append(file)
            if file.is_documentation_page():
                pages.append(file.page or Page(None, file, config))
            else:
                file.copy_file()
        # MkDocs' two steps for a page (render.py): read and render it, then put it in the theme's template.
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            populate_page(page, config, files)
        for page in pages:
            draw_page(page, config, doc_files, nav, env)
        self.preview.published()
        log.info(f"Redrew {len(changed)} changed document{'s' * (len(changed) != 1)}"
                 f"{f', removed {len(removed)}' if removed else ''} in {time.perf_counter() - started:.2f} s; "
                 "the search index follows in the background")

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        self._date(page)
        return page

    def _date(self, page: Page) -> None:
        """Page dates (the sitemap's lastmod) from the content, never from the clock that runs the build."""
        changed = self.dates.get(page.file.src_uri)
        page.update_date = _calendar_day(changed) if changed else self.archive_date

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        document = self.by_path.get(page.file.src_uri)
        if document is None:
            html = searched = sanitize.clean(html)
        else:
            html, searched = document.cleaned_with_html_blocks(html)
        # Not the search page itself, nor the home page, whose few words only point to the sections: a search
        # for "Veracruz" should not list the home page for its one-line description of the archive.
        if page.file.src_uri not in (SEARCH, HOME):
            self.search_pages.add(page.file.dest_uri, searched, page.title or "", config.theme["language"])
        return html

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        return self._finished(output, config)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self._finished(output_content, config)

    def _finished(self, html: str, config: MkDocsConfig) -> str:
        """A page as a reader gets it: the theme's markup fixed, and its policy; in a preview, the notice's script."""
        html = sanitize.tidy_theme_markup(html)
        if self.command != "serve":
            return sanitize.with_policy(html)
        return sanitize.with_policy(PreviewNotice.on_page(html, urlsplit(config.site_url or "/").path or "/"), preview=True)

    # MkDocs fails a strict build only after on_post_build, so the site is swapped in at shutdown, once
    # the build is known to be complete.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.timings.lap("mkdocs")
        if self.preview is not None:
            self.preview.published()
            self.notice.write()
            # What the preview keeps lives as long as it does: out of the cycle collector's way (gc.freeze), a
            # collection no longer rescans the whole site in the middle of a save's redraw.
            gc.freeze()
        elif problem := self.search_pages.index(Path(config.site_dir)):
            raise PluginError(f"search indexing failed: {problem}")
        self.timings.lap("search")
        self.complete = True
        if report := os.environ.get("ARCHIVE_TIMINGS"):  # read by `make bench`
            Path(report).write_text(json.dumps(self.timings.stages), encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        self.complete = False

    def on_shutdown(self) -> None:
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        if self.preview is not None:
            self.preview.close()
            self.preview = None
        if self.search_pages is not None:
            self.search_pages.close()
            self.search_pages = None
        if self.staged is None:
            return
        if self.complete:
            self.staged.commit()
        else:
            self.staged.discard()
        self.staged = None


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


_EPOCH_DAY = "1970-01-01"


def _site_info(config: MkDocsConfig) -> SiteInfo:
    return SiteInfo(config.site_name, config.site_description or "", config.site_url or "")


def _settings(config: MkDocsConfig) -> tuple:
    """mkdocs.yml and the theme's own files, by time and size: a change to them needs a full MkDocs build.

    theme/archive/ is left out: the archive's templates are read by the pipeline, which redraws every
    document when one of them changes.
    """
    paths = [Path(config.config_file_path)]
    if custom := config.theme.custom_dir:
        paths += [path for path in Path(custom).rglob("*") if path.is_file() and path.relative_to(custom).parts[0] != "archive"]
    return signature(paths)


def _report(diagnostics) -> str | None:
    """Log every diagnostic; the summary of the errors, if there are any."""
    for diagnostic in diagnostics:
        level = logging.ERROR if diagnostic.severity is Severity.ERROR else logging.WARNING
        diagnostics_log.log(level, diagnostic.format())
    errors = error_count(diagnostics)
    return f"{errors} error{'s' * (errors != 1)} found" if errors else None


def _nav_paths(nav) -> list[str]:
    """Every page path in a nav setting: a list of strings, {title: path} and {title: [...]} entries."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_paths(value)]
    if isinstance(nav, list):
        return [path for entry in nav for path in _nav_paths(entry)]
    return []


def _calendar_day(date: FuzzyDate) -> str:
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}"


def _archive_date(dates) -> str:
    """The date of every page without its own: SOURCE_DATE_EPOCH when set, else the newest content date."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d")
    return max((_calendar_day(date) for date in dates), default=_EPOCH_DAY)
