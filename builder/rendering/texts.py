"""Editors' Markdown to finished HTML, in one pass of Python-Markdown with the archive's own extension.

The check's scanner (`core.markup.scan`) has already found every citation and wikilink of a text, at the
offsets of the text as written. The renderer draws each one as finished HTML (a note marker, a link, an
inline reference), and the extension hands that HTML to Markdown's own store of raw HTML, so Markdown
never reads it: what a citation looks like is decided by the templates, what it is by the scanner, and
Markdown only sees the prose around it. The text is then cleaned against the allow list
(`sanitize.clean`), for editors may write raw HTML.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Callable

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from builder.rendering import sanitize

# Where a drawn fragment waits in the text until Markdown has normalized it (which would strip the
# characters that Markdown's own placeholders are made of). The key is drawn afresh by each process, so
# that no editor can write a placeholder into a text.
_KEY = secrets.token_hex(8)
_PLACEHOLDER = re.compile(f"\ue000{_KEY}:(\\d+)\ue001")
# Where the notes go in a text with citations: under the heading the renderer puts before it.
NOTES_PLACE = "///Footnotes Go Here///"
# Navigation that search should not index (heading permalinks, note back-links) and the list of notes,
# which only repeats other pages' titles and metadata: marked for Pagefind where Markdown makes them.
_UNSEARCHED_CLASSES = {"headerlink", "footnote", "footnote-backref"}


@dataclass(frozen=True)
class Heading:
    """A heading of a page, as the table of contents lists it."""

    level: int
    id: str
    title: str
    children: tuple["Heading", ...] = field(default=())


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]  # its headings, nested, for the page's table of contents


class Fragments:
    """Finished HTML set into a text before Markdown reads it: `place` gives the placeholder to write."""

    def __init__(self) -> None:
        self.drawn: list[str] = []

    def place(self, html: str) -> str:
        self.drawn.append(html)
        return f"\ue000{_KEY}:{len(self.drawn) - 1}\ue001"


class _StoreFragments(Preprocessor):
    """Hands each placed fragment to Markdown's store of raw HTML, which puts it back as it is at the end."""

    def __init__(self, md: markdown.Markdown, extension: "ArchiveText") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        drawn = self.extension.fragments.drawn
        text = "\n".join(lines)
        text = _PLACEHOLDER.sub(lambda m: self.md.htmlStash.store(drawn[int(m[1])]) if int(m[1]) < len(drawn) else "", text)
        return text.split("\n")


class _ResolveLinks(Treeprocessor):
    """A link an editor wrote to another page by its Markdown path (`../about.md#part`) leads to that page."""

    def __init__(self, md: markdown.Markdown, extension: "ArchiveText") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root) -> None:
        for link in root.iter("a"):
            if (href := link.get("href")) is not None and (resolved := self.extension.resolve_link(href)) is not None:
                link.set("href", resolved)


class _MarkUnsearched(Treeprocessor):
    def run(self, root) -> None:
        for element in root.iter():
            if _UNSEARCHED_CLASSES & set(element.get("class", "").split()):
                element.set("data-pagefind-ignore", "")


class ArchiveText(Extension):
    """The archive's extension: drawn citations and wikilinks pass through, links to pages by their Markdown
    path are resolved (`resolve_link`: the address, or None to leave a link as written), search skips
    navigation."""

    def __init__(self) -> None:
        super().__init__()
        self.fragments = Fragments()
        self.resolve_link: Callable[[str], str | None] = lambda href: None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After Markdown normalizes whitespace (30), before it looks for blocks of raw HTML (20).
        md.preprocessors.register(_StoreFragments(md, self), "archive_fragments", 25)
        # After the inline patterns make the links (20), and the table of contents its permalinks (5).
        md.treeprocessors.register(_ResolveLinks(md, self), "archive_links", 2)
        md.treeprocessors.register(_MarkUnsearched(md), "archive_unsearched", 1)


class TextRenderer:
    """Converts editors' texts, one after another, with the same extensions each time."""

    def __init__(self, *, blocks: bool = True) -> None:
        """`blocks`: a full text (headings, lists, tables, notes); otherwise a short one, such as an event's paragraph."""
        self.archive_text = ArchiveText()
        extensions: list = [self.archive_text, "attr_list"]
        if blocks:
            extensions += [FootnoteExtension(PLACE_MARKER=NOTES_PLACE), "fenced_code", "tables", "admonition",
                           TocExtension(permalink=True)]
        self.markdown = markdown.Markdown(extensions=extensions)

    def fragments(self, resolve_link: Callable[[str], str | None]) -> Fragments:
        """A fresh set of fragments for the next text, and how its links to other pages are resolved."""
        self.archive_text.fragments = Fragments()
        self.archive_text.resolve_link = resolve_link
        return self.archive_text.fragments

    def render(self, text: str) -> Rendered:
        """The text, with the fragments last given out placed, as clean HTML with its headings."""
        self.markdown.reset()
        html = sanitize.clean(self.markdown.convert(text))
        tokens = getattr(self.markdown, "toc_tokens", [])
        return Rendered(html, tuple(_heading(token) for token in tokens))


def _heading(token: dict) -> Heading:
    return Heading(token["level"], token["id"], token["name"], tuple(_heading(child) for child in token["children"]))
