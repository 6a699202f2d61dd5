"""Links an editor writes to another page by its Markdown path (`[the overview](../explainers/overview.md#notes)`):
resolved as the text is drawn, and checked once every page is, for the page and the part they name.

Links between items are better written as wikilinks (`[[overview]]`), which the check follows by id.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Mapping
from urllib.parse import unquote, urlsplit

from builder.core.diagnostics import Diagnostic, Severity
from builder.core.paths import relative_url, url_of

_ID = re.compile(r'\bid="([^"]+)"')
_HINT = "link to an item with [[its-id]], which the check follows; or fix the path, relative to this page"


@dataclass(frozen=True)
class PageLink:
    href: str  # as the editor wrote it
    target: str  # the document it names, such as "explainers/overview.md"
    anchor: str | None
    path: str  # where it is written
    line: int
    col: int


def resolver(document: str, documents: Collection[str], where: Callable[[str], tuple[str, int, int]],
             found: list[PageLink]) -> Callable[[str], str | None]:
    """For a text drawn on `document`: the address of a link to a page by its Markdown path, if there is such a
    page (None leaves a link as written). Every such link is added to `found`, `where` it is written."""

    def resolve(href: str) -> str | None:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(parts.path)))
        found.append(PageLink(href, target, parts.fragment or None, *where(href)))
        return relative_url(document, url_of(target), parts.fragment or None) if target in documents else None

    return resolve


def link_problems(links: Iterable[PageLink], contents: Mapping[str, str]) -> list[Diagnostic]:
    """A warning for each link to a page the site does not have, or to a part its page does not have."""
    ids: dict[str, set[str]] = {}
    problems = []
    for link in links:
        if link.target not in contents:
            message = f"a link to {link.href} leads nowhere: the site has no page {link.target}"
        else:
            if link.target not in ids:
                ids[link.target] = set(_ID.findall(contents[link.target]))
            if link.anchor is None or link.anchor in ids[link.target]:
                continue
            message = f"a link to {link.href} leads to its page, but the page has no part #{link.anchor}"
        problems.append(Diagnostic(link.path, link.line, link.col, Severity.WARNING, "broken-link", message, _HINT))
    return problems
