"""The MkDocs adapter: runs the pipeline and hands its documents to MkDocs. No archive logic lives here."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from builder import sanitize
from builder.diagnostics import Severity, error_count
from builder.dates import FuzzyDate
from builder.emit import Document, SiteInfo, problems_page
from builder.paths import CONTENT_DIR
from builder.pipeline import TEMPLATES, build
from builder.search import index_for_search
from builder.staging import StagedSite

log = logging.getLogger("mkdocs.plugins.archive")
# Diagnostics go to their own logger so the `archive` command can print them as bare lines.
diagnostics_log = logging.getLogger("mkdocs.plugins.archive.diagnostics")
# `mkdocs serve` makes a new plugin for every rebuild; the last good pages outlive it, per project.
_last_good: dict[Path, list[Document]] = {}


class ArchivePluginConfig(Config):
    atomic = c.Type(bool, default=True)


class ArchivePlugin(BasePlugin[ArchivePluginConfig]):
    def __init__(self) -> None:
        self.command: str | None = None
        self.documents: list[Document] = []
        self.staged: StagedSite | None = None
        self.complete = False
        self.dates: dict[str, FuzzyDate] = {}
        self.archive_date = _EPOCH_DAY

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
        site = SiteInfo(config.site_name, config.site_description or "", config.site_url or "")
        self.documents, checked = build(project, site)
        self.timings = checked.timings
        for diagnostic in checked.diagnostics:
            level = logging.ERROR if diagnostic.severity is Severity.ERROR else logging.WARNING
            diagnostics_log.log(level, diagnostic.format())
        errors = error_count(checked.diagnostics)
        summary = f"{errors} error{'s' * (errors != 1)} found"
        if errors and self.command == "serve":
            # A preview must survive a half-typed edit: keep showing the last good site.
            if project in _last_good:
                self.documents = _last_good[project]
                log.warning(f"{summary}; still serving the last good version")
            else:
                self.documents = [problems_page(checked.diagnostics, project / TEMPLATES)]
                log.warning(f"{summary}; the preview lists them until they are fixed")
        elif errors:
            raise PluginError(f"{summary}; nothing was built")
        else:
            _last_good[project] = self.documents
        self.dates = {document.path: document.changed for document in self.documents if document.changed}
        self.archive_date = _archive_date(self.dates.values())
        if self.command == "build" and self.config.atomic:
            self.staged = StagedSite(Path(config.site_dir))
            config.site_dir = str(self.staged.staging)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Editors' Markdown is input to the pipeline, never a page of its own; the documents replace it."""
        kept = [file for file in files if not file.src_uri.endswith(".md")]
        # Only the sections named in mkdocs.yml's nav sit in the navigation; thousands of item pages
        # there would make every page embed them all, and the build quadratic.
        in_nav = set(_nav_paths(config.nav or []))
        for document in self.documents:
            if not document.is_page:  # data downloads and feeds, written as they are
                kept.append(File.generated(config, document.path, content=document.content))
                continue
            inclusion = InclusionLevel.INCLUDED if document.path in in_nav else InclusionLevel.NOT_IN_NAV
            kept.append(File.generated(config, document.path, content=document.content, inclusion=inclusion))
        return Files(kept)

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        """Page dates (the sitemap's lastmod) from the content, never from the clock that runs the build."""
        changed = self.dates.get(page.file.src_uri)
        page.update_date = _calendar_day(changed) if changed else self.archive_date
        return page

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        return sanitize.clean(html)

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        return sanitize.with_policy(sanitize.tidy_theme_markup(output))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return sanitize.with_policy(sanitize.tidy_theme_markup(output_content))

    # MkDocs fails a strict build only after on_post_build, so the site is swapped in at shutdown, once
    # the build is known to be complete.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.timings.lap("mkdocs")
        problem = index_for_search(Path(config.site_dir))
        if problem:
            raise PluginError(f"search indexing failed: {problem}")
        self.timings.lap("search")
        self.complete = True
        if report := os.environ.get("ARCHIVE_TIMINGS"):  # read by `make bench`
            Path(report).write_text(json.dumps(self.timings.stages), encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        self.complete = False

    def on_shutdown(self) -> None:
        if self.staged is None:
            return
        if self.complete:
            self.staged.commit()
        else:
            self.staged.discard()
        self.staged = None


_EPOCH_DAY = "1970-01-01"


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
