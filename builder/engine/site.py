"""What the MkDocs adapter reads of MkDocs' settings and tells through its log: shared by the build and the preview."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

from builder.core.cache import signature
from builder.core.dates import FuzzyDate
from builder.core.diagnostics import Severity, error_count
from builder.core.paths import CONTENT_DIR, HOME, SEARCH
from builder.engine.notice import PreviewNotice
from builder.rendering import sanitize
from builder.rendering.emit import Document, SiteInfo
from builder.rendering.texts import Heading
from builder.rendering.search import SearchPages

log = logging.getLogger("mkdocs.plugins.archive")
# Diagnostics go to their own logger so the `archive` command can print them as bare lines.
diagnostics_log = logging.getLogger("mkdocs.plugins.archive.diagnostics")
EPOCH_DAY = "1970-01-01"


def settled(config: MkDocsConfig) -> Path:
    """The project's folder, once mkdocs.yml is found to have what the archive needs."""
    project = Path(config.config_file_path).parent
    if Path(config.docs_dir).resolve() != (project / CONTENT_DIR).resolve():
        raise PluginError(f"the archive plugin needs 'docs_dir: {CONTENT_DIR}' in mkdocs.yml")
    if not config.use_directory_urls:
        raise PluginError("the archive's stable URLs need 'use_directory_urls: true'")
    # theme/robots.txt is a template (it names the sitemap), not a file to copy as it is.
    config.theme.static_templates.add("robots.txt")
    return project


def site_info(config: MkDocsConfig) -> SiteInfo:
    return SiteInfo(config.site_name, config.site_description or "", config.site_url or "")


def report(diagnostics) -> str | None:
    """Log every diagnostic; the summary of the errors, if there are any."""
    for diagnostic in diagnostics:
        level = logging.ERROR if diagnostic.severity is Severity.ERROR else logging.WARNING
        # The diagnostic itself travels with the record, for the `archive` command to print its path from
        # the folder it runs in.
        diagnostics_log.log(level, diagnostic.format(), extra={"diagnostic": diagnostic})
    errors = error_count(diagnostics)
    return f"{errors} error{'s' * (errors != 1)} found" if errors else None


def document_file(document: Document, config: MkDocsConfig, folder: Path | None, in_nav: set[str]) -> File:
    """A document as MkDocs' file: dated by the preview's `folder` (so unchanged pages are not rendered
    again), or else handed over in memory. A page's source is its front matter (`page_source`).

    Only the sections named in mkdocs.yml's nav (`in_nav`, from `nav_paths`) sit in the navigation;
    thousands of item pages there would make every page embed them all, and the build quadratic.
    """
    navigated = document.path in in_nav or not document.is_page
    inclusion = InclusionLevel.INCLUDED if navigated else InclusionLevel.NOT_IN_NAV
    if folder is not None:
        return File(document.path, str(folder), config.site_dir, config.use_directory_urls, inclusion=inclusion)
    return File.generated(config, document.path, content=document.content, inclusion=inclusion)


def nav_paths(nav) -> list[str]:
    """Every page path in a nav setting: a list of strings, {title: path} and {title: [...]} entries."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in nav_paths(value)]
    if isinstance(nav, list):
        return [path for entry in nav for path in nav_paths(entry)]
    return []


def page_source(document: Document) -> str:
    """What MkDocs reads as a page's Markdown: front matter only, for the page's content is finished HTML
    (given to MkDocs as the rendered content, `page_content`).

    Every section is one click away in the tabs, so Material's left sidebar would only repeat them.
    """
    meta = {"title": str(escape(document.title)),  # Material prints the title as it is
            "hide": ["navigation"] + ([] if document.table_of_contents else ["toc"])}
    if document.head:  # put in <head> by theme/main.html
        meta["archive_head"] = document.head
    # Each value as JSON, which YAML reads as it is: PyYAML's own writer took a millisecond a page.
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()) + "---\n"


def table_of_contents(headings: tuple[Heading, ...]):
    """A page's headings as MkDocs' table of contents."""
    def token(heading: Heading) -> dict:
        return {"level": heading.level, "id": heading.id, "name": heading.title, "children": [token(h) for h in heading.children]}
    return get_toc([token(heading) for heading in headings])


def settings_signature(config: MkDocsConfig) -> tuple:
    """mkdocs.yml and the theme's own files, by time and size: a change to them needs a full MkDocs build.

    theme/archive/ is left out: the archive's templates are read by the pipeline, which redraws every
    document when one of them changes.
    """
    paths = [Path(config.config_file_path)]
    if custom := config.theme.custom_dir:
        paths += [path for path in Path(custom).rglob("*") if path.is_file() and path.relative_to(custom).parts[0] != "archive"]
    return signature(paths)


def calendar_day(date: FuzzyDate) -> str:
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}"


def archive_date(dates) -> str:
    """The date of every page without its own: SOURCE_DATE_EPOCH when set, else the newest content date."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d")
    return max((calendar_day(date) for date in dates), default=EPOCH_DAY)


def finished_page(html: str, config: MkDocsConfig, preview: bool) -> str:
    """A page as a reader gets it: the theme's markup fixed, and its policy; in a preview, the notice's script."""
    html = sanitize.tidy_theme_markup(html)
    if not preview:
        return sanitize.with_policy(html)
    return sanitize.with_policy(PreviewNotice.on_page(html, urlsplit(config.site_url or "/").path or "/"), preview=True)


def page_content(html: str, page, document: Document | None, search_pages: SearchPages, language: str) -> str:
    """A page's content: a document's own, finished, with its table of contents; else what MkDocs made,
    cleaned. Given to search too.

    Not the search page itself, nor the home page, whose few words only point to the sections: a search
    for "Veracruz" should not list the home page for its one-line description of the archive.
    """
    if document is None:
        html = sanitize.clean(html)
    else:
        html = document.content
        page.toc = table_of_contents(document.headings)
    if page.file.src_uri not in (SEARCH, HOME):
        search_pages.add(page.file.dest_uri, html, document.title if document else page.title or "", language)
    return html


class Documents:
    """The archive's documents as the adapter hands them to MkDocs, by path, with the dates of their pages."""

    def __init__(self, documents: list[Document]) -> None:
        self.all = documents
        self.by_path = {document.path: document for document in documents}
        self.dates = {document.path: document.changed for document in documents if document.changed}
        self.archive_date = archive_date(self.dates.values())

    def source(self, path: str) -> str | None:
        """What MkDocs reads as the page of a document (`page_source`); None for a file that is not one."""
        document = self.by_path.get(path)
        return page_source(document) if document is not None else None

    def date(self, page) -> None:
        """Page dates (the sitemap's lastmod) from the content, never from the clock that runs the build."""
        changed = self.dates.get(page.file.src_uri)
        page.update_date = calendar_day(changed) if changed else self.archive_date
