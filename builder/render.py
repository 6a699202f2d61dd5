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
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

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
