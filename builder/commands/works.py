"""Works that arrive with their metadata, drafted as sources: a page saved from a browser (`pages.py`) and
each work of a CSL-JSON export (`csl.py`). `ingest.py` writes them, as it writes clippings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from builder.core.dates import FuzzyDate
from builder.core.diagnostics import Diagnostics
from builder.core.validate import INGEST_NOTE_OPENING
from builder.commands.csl import CitedWork, read_csl
from builder.commands.pages import SavedPage, read_page

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
CSL_SUFFIX = ".json"


@dataclass(frozen=True)
class Draft:
    """A source drafted from a saved page or a reference manager, with the metadata it came with."""

    title: str
    kind: str
    outlet: str | None
    authors: list[str]
    published: FuzzyDate | None
    url: str | None
    access_date: FuzzyDate | None
    language: str | None  # None: the input does not say, and ingest guesses from the text
    passages: list[str]
    origin: str
    note: str
    wanted_id: str | None = None  # the id the export gave it, kept when the archive can use it


def carries_metadata(path: Path) -> bool:
    return path.suffix.lower() in (*PAGE_SUFFIXES, CSL_SUFFIX)


def read_drafts(path: Path, text: str, today: dt.date, diagnostics: Diagnostics) -> list[Draft]:
    """The drafts a saved page or a CSL-JSON export makes; none, with the reason among `diagnostics`, when unusable."""
    if path.suffix.lower() == CSL_SUFFIX:
        return [_from_csl(work, path, today) for work in read_csl(path, text, diagnostics) or []]
    page = read_page(text)
    if page is None:
        diagnostics.error(str(path), 1, 1, "no-article", "no article text was found in this page",
                          "save the page again once it has loaded in full, or copy its text into a clipping")
        return []
    return [_from_page(page, path, today)]


def _from_page(page: SavedPage, path: Path, today: dt.date) -> Draft:
    return Draft(
        title=page.title or "[Untitled page]", kind="article", outlet=page.outlet, authors=page.authors,
        published=page.published, url=page.url, access_date=None, language=page.language,
        passages=page.paragraphs, origin=path.name,
        note=(f"{INGEST_NOTE_OPENING}the saved page {path.name} on {today.isoformat()}. Its main text is below, one candidate "
              "passage per paragraph: keep the passages the archive relies on, then confirm the url and set access_date."),
    )


def _from_csl(work: CitedWork, path: Path, today: dt.date) -> Draft:
    was = f" (its CSL type was {work.csl_type})" if work.csl_type else ""
    return Draft(
        title=work.title, kind="reference", outlet=work.outlet, authors=work.authors, published=work.issued,
        url=work.url, access_date=work.accessed, language=work.language, passages=[], origin=path.name,
        note=(f"{INGEST_NOTE_OPENING}the CSL-JSON export {path.name} on {today.isoformat()}, as a reference{was}: add the "
              "excerpt the archive relies on and set its kind, or keep it as a reference."),
        wanted_id=work.csl_id,
    )
