"""`archive ingest page.html`: a page saved from a browser, as a draft source with its metadata filled in.

trafilatura finds the article's main text (without navigation, ads or comments) and the page's metadata:
title, site name, authors and canonical address; htmldate finds the day it was published. The main text
becomes candidate passages, one per paragraph, for the editor to cut down to the excerpt.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from htmldate import find_date
from trafilatura import bare_extraction

from builder.core.dates import FuzzyDate

MIN_WORDS = 20  # less main text than this, and the page is a form, a wall or an index, not an article


@dataclass(frozen=True)
class SavedPage:
    title: str | None
    outlet: str | None
    authors: list[str]
    published: FuzzyDate | None
    url: str | None  # the canonical address the page declares
    language: str | None
    paragraphs: list[str]


def read_page(html: str) -> SavedPage | None:
    """What a saved page says of itself; None when it has no main text to speak of."""
    found = bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                            favor_precision=True)
    if found is None or len((found.text or "").split()) < MIN_WORDS:
        return None
    title = _clean(found.title)
    # trafilatura leads the text with the headline; the draft has it as its title already.
    paragraphs = [line.strip() for line in found.text.split("\n") if line.strip() and line.strip() != title]
    day = find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    return SavedPage(
        title=title,
        outlet=_clean(found.sitename),
        authors=[name.strip() for name in (found.author or "").split(";") if name.strip()],
        published=FuzzyDate.parse(day) if day else None,
        url=_clean(found.url),
        language=_declared_language(html),
        paragraphs=paragraphs,
    )


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _declared_language(html: str) -> str | None:
    """The page's own `<html lang>`, else its Open Graph locale, as a primary language subtag: `es-MX` is `es`."""
    root = lxml.html.document_fromstring(html)
    declared = root.get("lang") or next(iter(root.xpath("//meta[@property='og:locale']/@content")), "")
    subtag = declared.replace("_", "-").split("-")[0].strip().lower()
    return subtag if subtag.isalpha() and 2 <= len(subtag) <= 3 else None
