"""The MkDocs adapter: MkDocs' events, each handed to the archive's pipeline. No archive logic lives here."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from builder.core.parallel import WorkerLost
from builder.core.paths import is_published_as_is
from builder.engine.render import SplitFiles, render_pages, share_fragments
from builder.engine.serving import ServedPreview
from builder.engine.site import Documents, document_file, finished_page, nav_paths, page_content, report, settled, site_info
from builder.rendering.build import build
from builder.rendering.emit import Document
from builder.rendering.search import SearchPages
from builder.rendering.staging import StagedSite


class ArchivePluginConfig(Config):
    atomic = c.Type(bool, default=True)


class ArchivePlugin(BasePlugin[ArchivePluginConfig]):
    def __init__(self) -> None:
        self.command: str | None = None
        self.documents = Documents([])
        self.staged: StagedSite | None = None
        self.complete = False
        self.preview: ServedPreview | None = None  # kept from one save to the next, as MkDocs keeps its plugins
        self.search_pages: SearchPages | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = settled(config)
        if self.search_pages is None:
            self.search_pages = SearchPages()
        if self.command == "serve":
            if self.preview is None or self.preview.folder.project != project:
                self.preview = ServedPreview(project, Path(config.site_dir), self.search_pages, self._take)
            self._take(self.preview.documents(site_info(config)))
            self.timings = self.preview.timings
            if not self.preview.folder.documents:  # only the page of problems: no sections to link to
                config.nav = None
            return config
        self._take(self._build(project, config))
        if self.command == "build" and self.config.atomic:
            self.staged = StagedSite(Path(config.site_dir))
            config.site_dir = str(self.staged.staging)
        return config

    def _build(self, project: Path, config: MkDocsConfig) -> list[Document]:
        try:
            documents, checked = build(project, site_info(config))
        except WorkerLost as exc:
            raise PluginError(str(exc)) from None
        self.timings = checked.timings
        if errors := report(checked.diagnostics):
            raise PluginError(f"{errors}; nothing was built")
        return documents

    def _take(self, documents: list[Document]) -> Documents:
        self.documents = Documents(documents)
        return self.documents

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Editors' Markdown is input to the pipeline, never a page of its own; the documents replace it.

        Of the rest of content/, what an editor left behind is not published either (load.py warns of it).
        The pages outside the navigation are rendered on both cores (render.py), not by MkDocs' loop.
        """
        kept = [file for file in files if file.src_dir != config.docs_dir or is_published_as_is(file.src_uri)]
        folder = self.preview.folder.folder if self.preview is not None else None
        in_nav = set(nav_paths(config.nav or []))
        documents = [document_file(document, config, folder, in_nav) for document in self.documents.all]
        return SplitFiles(kept + documents, self._rendered_in_parallel(documents))

    def _rendered_in_parallel(self, documents: list) -> list:
        return [file for file in documents if file.inclusion is InclusionLevel.NOT_IN_NAV]

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        share_fragments(env)
        if isinstance(files, SplitFiles) and files.rendered_here:
            self.search_pages.reserve(file.dest_uri for file in files.rendered_here)
            render_pages(files, config, self.nav, env)
            for file in files.rendered_here:  # dated in the workers too, but the sitemap is drawn here
                self.on_pre_page(file.page, config=config, files=files)
            # MkDocs' sitemap lists the pages MkDocs rendered; theme/sitemap.xml adds these.
            env.globals["pages_rendered_in_parallel"] = files.rendered_here
        if self.preview is not None:
            self.preview.built(config, files, self.nav, env)
        return env

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        self.preview.serve(server, config, builder)
        return server

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        self.documents.date(page)
        return page

    def on_page_read_source(self, *, page, config: MkDocsConfig) -> str | None:
        return self.documents.source(page.file.src_uri)

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        return page_content(html, page, self.documents.by_path.get(page.file.src_uri), self.search_pages, config.theme["language"])

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        return finished_page(output, config, self.command == "serve")

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return finished_page(output_content, config, self.command == "serve") if template_name.endswith(".html") else output_content

    # MkDocs fails a strict build only after on_post_build, so the site is swapped in at shutdown, once
    # the build is known to be complete.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.timings.lap("mkdocs")
        if self.preview is not None:
            self.preview.published()
        elif problem := self.search_pages.index(Path(config.site_dir)):
            raise PluginError(f"search indexing failed: {problem}")
        self.timings.lap("search")
        self.complete = True
        if timings := os.environ.get("ARCHIVE_TIMINGS"):  # read by `make bench`
            Path(timings).write_text(json.dumps(self.timings.stages), encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        self.complete = False

    def on_shutdown(self) -> None:
        for running in (self.preview, self.search_pages):
            if running is not None:
                running.close()
        self.preview = self.search_pages = None
        if self.staged is not None:
            if self.complete:
                self.staged.commit()
            else:
                self.staged.discard()
            self.staged = None
