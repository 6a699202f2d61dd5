"""MkDocs' own page steps, run on both cores for the pages outside the navigation (part of the MkDocs adapter).

MkDocs renders pages one after another: at ten thousand sources, about 4.5 ms for each of 11,600 pages on
one core while the other waits. The pages outside the navigation (every source, explainer, entity, topic
and year) depend on nothing but themselves, the navigation and the theme, so the plugin keeps them out
of MkDocs' loop and renders them here, in forked workers, with the same two steps MkDocs runs for each
page (`mkdocs.commands.build`, pinned in requirements.lock): read and render the Markdown, then put it in
the theme's template and write the file. The plugin's own page hooks run in the workers as they would in
MkDocs' loop.

What a worker logs (a broken link, a warning in strict mode) is held and logged again by the parent, so
that it is printed once and counted by MkDocs' strict mode.
"""

from __future__ import annotations

import logging
import posixpath
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, pass_context
from jinja2.runtime import Context, Macro
from markupsafe import Markup
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_theme_dir

from builder.parallel import forked_map

# Pages per task sent to a worker: large enough that the round trips cost little, small enough that
# both workers finish at about the same time.
_CHUNK = 16
_MKDOCS_LOG = logging.getLogger("mkdocs")


@dataclass(frozen=True)
class Logged:
    """A log record from a worker, reduced to what can travel back to the parent and be logged again."""

    logger: str
    level: int
    message: str


def render_pages(pages: Sequence[Page], config: MkDocsConfig, files: Files, nav: Navigation, env) -> None:
    """Render and write `pages`; `files` holds every file of the site, `pages`' own included."""
    doc_files = files.documentation_pages()

    def render(page: Page) -> tuple[list[Logged], str | None]:
        """What rendering the page logged, and what stopped it if it failed (MkDocs logs which page)."""
        with _held_logs() as held:
            try:
                _populate_page(page, config, files)
                _build_page(page, config, doc_files, nav, env)
            except BuildError as exc:
                return held, str(exc)
            except Exception as exc:
                return held, f"{page.file.src_uri}: {exc}"
            finally:
                page.content = page.markdown = None  # a page is written once; the worker keeps nothing of it
        return held, None

    failures = []
    for held, failure in forked_map(render, list(pages), chunksize=_CHUNK):
        for record in held:
            logging.getLogger(record.logger).log(record.level, record.message)
        if failure:
            failures.append(failure)
    if failures:
        raise PluginError(f"{len(failures)} page{'s' * (len(failures) != 1)} could not be rendered: {failures[0]}")


def share_fragments(env: Environment) -> None:
    """Let the theme draw once what all pages outside the navigation have alike, as theme/main.html asks.

    Material draws the tabs, the navigation, its settings and the footer on every page. On a page outside
    the navigation none of them marks anything as current, so they are the same on every such page in the
    same folder, whose links are relative the same way (`sources/a/` and `sources/b/` link to `../c/`):
    `{% call shared("tabs") %}…{% endcall %}` draws its block the first time and repeats it after.
    Material's own templates are also reachable as `material/…`, so that a template of the same name in
    theme/ can wrap the original.
    """
    drawn: dict[tuple[str, str], Markup] = {}

    @pass_context
    def shared(context: Context, name: str, caller: Macro) -> Markup:
        page = context.get("page")
        if page is None or not page.file.inclusion.is_not_in_nav():
            return caller()
        key = (name, posixpath.dirname(page.url.rstrip("/")))
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
