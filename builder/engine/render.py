"""MkDocs' own page steps, run on both cores for the pages outside the navigation (part of the MkDocs adapter).

MkDocs renders pages one after another: at ten thousand sources, about 4.5 ms for each of 11,600 pages on
one core while the other waits. The pages outside the navigation (every source, explainer, entity, topic
and year) depend on nothing but themselves, the navigation and the theme, so the plugin keeps them out
of MkDocs' loop and renders them here, in forked workers, with the two steps MkDocs runs for each page,
written with its public API (`populate_page`, `draw_page`): read the page (its content comes finished,
from the plugin's `on_page_content`), then put it in the theme's template and write the file. The plugins' page hooks run in the workers as they would in
MkDocs' loop; what a hook keeps from page to page stays in its worker (the archive's own hooks keep
nothing the parent needs, and the archive configures no other plugin). The theme's template draws the pages
with the same table of contents in one frame per group (`builder/engine/frames.py`).

What a worker logs (a broken link, a warning in strict mode) is held and logged again by the parent, so
that it is printed once and counted by MkDocs' strict mode. Nothing of these pages is Markdown, so
MkDocs has no link of theirs to check.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, TemplateError, pass_context
from jinja2.runtime import Context, Macro
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_theme_dir, write_file

from builder.core.diagnostics import Diagnostic
from builder.engine.frames import FramingTemplates, folder_of
from builder.core.parallel import WorkerLost, forked_map
from builder.rendering.build import template_problem

# Pages per task sent to a worker: large enough that the round trips cost little, small enough that
# both workers finish at about the same time.
_CHUNK = 16
_MKDOCS_LOG = logging.getLogger("mkdocs")


class SplitFiles(Files):
    """Every file of the site, for MkDocs to find link targets in; its page loops skip `rendered_here`.

    MkDocs renders the pages `documentation_pages()` lists; the pages rendered here stay findable, so that
    a link to them from a page MkDocs renders resolves as before.
    """

    def __init__(self, files: list[File], rendered_here: list[File]) -> None:
        super().__init__(files)
        self.rendered_here = rendered_here
        self._skipped = {file.src_uri for file in rendered_here}

    def documentation_pages(self, *, inclusion=InclusionLevel.is_included) -> Sequence[File]:
        return [file for file in super().documentation_pages(inclusion=inclusion) if file.src_uri not in self._skipped]


@dataclass(frozen=True)
class Logged:
    """A log record from a worker, reduced to what can travel back to the parent and be logged again."""

    logger: str
    level: int
    message: str


@dataclass(frozen=True)
class Rendered:
    """What a worker sends back about a page: its log, and what stopped it."""

    logged: list[Logged]
    failure: str | None = None
    problem: Diagnostic | None = None  # what stopped it, when that is a broken template of the theme


class PagesNotRendered(PluginError):
    """Pages that could not be rendered, and the broken template that stopped them, if that was it."""

    def __init__(self, message: str, problem: Diagnostic | None) -> None:
        super().__init__(message)
        self.problem = problem


def render_pages(files: SplitFiles, config: MkDocsConfig, nav: Navigation, env) -> None:
    """Render and write the pages `files` holds back from MkDocs' loops."""
    pages = [Page(None, file, config) for file in files.rendered_here]
    doc_files = files.documentation_pages()
    templates = FramingTemplates(env)

    def render(index: int) -> Rendered:
        # By index: the workers have the pages already, and a page would travel with its whole document.
        page = pages[index]
        with _held_logs() as held:
            try:
                populate_page(page, config, files)
                draw_page(page, config, doc_files, nav, templates)
            except BuildError as exc:  # MkDocs has logged which page
                return Rendered(held, str(exc))
            except TemplateError as exc:  # the theme's: told where it is, not which page met it first
                problem = template_problem(Path(config.config_file_path).parent, exc)
                return Rendered(held, problem.format(), problem=problem)
            except Exception as exc:
                return Rendered(held, f"{page.file.src_uri}: {exc}")
            finally:
                page.content = page.markdown = None  # written once; nothing reads it again
        return Rendered(held)

    try:
        results = forked_map(render, range(len(pages)), chunksize=_CHUNK)
    except WorkerLost as exc:
        raise PluginError(str(exc)) from None
    failures = [result for result in results if result.failure]
    # A broken template fails every page alike: its errors are shown for the first page only.
    for result in results:
        if not result.failure or result is failures[0]:
            for record in result.logged:
                logging.getLogger(record.logger).log(record.level, record.message)
    if failures:
        count = len(failures)
        raise PagesNotRendered(f"{count} page{'s' * (count != 1)} could not be rendered: {failures[0].failure}",
                               failures[0].problem)


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read a page and take its content, with the plugins' page events: MkDocs' first step for a page, through
    its public API. The page is one of the archive's: its source is front matter only and its content comes
    finished (the plugin's `on_page_content`), so there is no Markdown to convert."""
    plugins = config.plugins
    with _named_on_failure("Error reading page", page):
        page = plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.content = plugins.on_page_content("", page=page, config=config, files=files)


def draw_page(page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env) -> None:
    """Put a rendered page in the theme's template and write it: MkDocs' second step, through its public API."""
    page.active = True  # the navigation marks the page being drawn
    try:
        with _named_on_failure("Error building page", page):
            context = config.plugins.on_page_context(get_context(nav, doc_files, config, page), page=page, config=config, nav=nav)
            output = env.get_template(page.meta.get("template", "main.html")).render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
            write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
    finally:
        page.active = False


@contextmanager
def _named_on_failure(what: str, page: Page) -> Iterator[None]:
    """Log which page failed, as MkDocs does; the error itself goes on to whoever handles it."""
    try:
        yield
    except Exception as exc:
        _MKDOCS_LOG.error(f"{what} '{page.file.src_uri}':" + ("" if isinstance(exc, BuildError) else f" {exc}"))
        raise


def share_fragments(env: Environment) -> None:
    """Let the theme draw once what all pages outside the navigation have alike, as theme/main.html asks.

    Material draws the tabs, the navigation, its settings and the footer on every page. On a page outside
    the navigation none of them marks anything as current, so they are the same on every such page in the
    same folder, whose links are relative the same way (`sources/a/` and `sources/b/` link to `../c/`):
    `{% call shared("tabs") %}…{% endcall %}` draws its block the first time and repeats it after.
    Material's own templates are also reachable as `material/…`, so that a template of the same name in
    theme/ can wrap the original.
    """
    drawn: dict[tuple[str, str, str], Markup] = {}  # by (block, folder, base_url)

    @pass_context
    def shared(context: Context, name: str, caller: Macro) -> Markup:
        page = context.get("page")
        if page is None or not page.file.inclusion.is_not_in_nav():
            return caller()
        # The folder, and the depth its links are relative to: "about/" and the home page "" share a folder.
        key = (name, folder_of(page), context.get("base_url"))
        if key not in drawn:
            drawn[key] = caller()
        return drawn[key]

    env.globals["shared"] = shared
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(get_theme_dir("material"))})])


class _Holder(logging.Handler):
    def __init__(self, held: list[Logged]) -> None:
        super().__init__()
        self.held = held

    def emit(self, record: logging.LogRecord) -> None:
        self.held.append(Logged(record.name, record.levelno, record.getMessage()))


@contextmanager
def _held_logs() -> Iterator[list[Logged]]:
    """Hold MkDocs' log records (its plugins' included) instead of printing them, while the block runs."""
    held: list[Logged] = []
    saved = _MKDOCS_LOG.handlers[:], _MKDOCS_LOG.propagate
    _MKDOCS_LOG.handlers[:], _MKDOCS_LOG.propagate = [_Holder(held)], False
    try:
        yield held
    finally:
        _MKDOCS_LOG.handlers[:], _MKDOCS_LOG.propagate = saved
