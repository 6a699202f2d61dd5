"""Atom and RSS feeds of new and updated explainers, of sources, and of corrections.

Feeds are made by feedgen. Every date comes from the content (or, for an undated source, from its file's
last commit), never from the clock, so two builds of one commit give the same bytes: a fuzzy date is the
first moment of its span (2025-08 is 1 Aug 2025, 00:00 UTC).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import partial

from feedgen.feed import FeedGenerator

from builder.rendering.citation import page_url, site_address
from builder.core.dates import FuzzyDate
from builder.core.link import Archive
from builder.core.model import Explainer, Item, Source
from builder.core.paths import CORRECTIONS, INDEX_OF, Kind, url_of

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# The explainer and source feeds grow with the archive; a reader only needs the newest.
FEED_LIMIT = 100
LANGUAGE = "en"


@dataclass(frozen=True)
class _Entry:
    id: str
    title: str
    link: str
    updated: datetime
    published: datetime | None
    summary: str | None = None
    content: str | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[tuple[str, str], ...] = ()  # (term, label)


# What a feed built without the site's public address says of its links.
NO_ADDRESS = "This copy of the archive has no public address: its links are relative to the site."


@dataclass(frozen=True)
class _Feed:
    name: str  # the file name, without extension
    title: str
    subtitle: str
    home: str  # the page the feed follows
    entries: list[_Entry]

    @property
    def updated(self) -> datetime:
        return max((entry.updated for entry in self.entries), default=EPOCH)


def start_of(date: FuzzyDate) -> datetime:
    """The first moment of a date's span, in UTC."""
    return datetime(date.year, date.month or 1, date.day or 1, tzinfo=timezone.utc)


# Each feed, and the kind of item it follows: a preview rewrites only the feeds of what changed.
FEEDS = {"explainers": Kind.EXPLAINER, "sources": Kind.SOURCE, "corrections": Kind.EXPLAINER}


def feed_paths(name: str) -> list[str]:
    return [f"feeds/{name}.atom", f"feeds/{name}.xml"]


def feed_files(archive: Archive, site_url: str, site_name: str, names: Iterable[str] = FEEDS,
               history: Mapping[str, FuzzyDate] | None = None, addressed: bool = True) -> dict[str, bytes]:
    """Relative path under the site -> file content: an Atom (.atom) and an RSS (.xml) file per feed.

    `history` gives content files' last commit dates: an undated source's entry is dated by its file's.
    A build with no public address (`addressed` false) gives a relative `site_url`, and each feed says so.
    """
    makers = {"explainers": _explainers, "sources": partial(_sources, history=history or {}), "corrections": _corrections}
    files: dict[str, bytes] = {}
    for name in names:
        feed = makers[name](archive, site_url)
        if not addressed:
            feed = replace(feed, subtitle=f"{feed.subtitle} {NO_ADDRESS}")
        for path, render in zip(feed_paths(name), (FeedGenerator.atom_str, FeedGenerator.rss_str)):
            generator = _generator(feed, site_address(site_url, path), site_url, site_name)
            files[path] = render(generator, pretty=True)
    return files


def _generator(feed: _Feed, self_url: str, site_url: str, site_name: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)  # RSS names authors only by e-mail; dc:creator by name
    generator.id(site_address(site_url, f"feeds/{feed.name}.atom"))  # one id for both formats
    generator.title(f"{site_name}: {feed.title}")
    generator.subtitle(feed.subtitle)
    generator.link(href=self_url, rel="self")
    generator.link(href=feed.home, rel="alternate")  # last: feedgen makes the last link RSS's <link>
    generator.language(LANGUAGE)
    generator.updated(feed.updated)  # Atom's <updated> and RSS's <lastBuildDate>; the default is now
    for entry in feed.entries:
        _add(generator, entry)
    return generator


def _add(generator: FeedGenerator, entry: _Entry) -> None:
    item = generator.add_entry(order="append")  # the default prepends, reversing the order given
    item.guid(entry.id, permalink=entry.id == entry.link)
    item.title(entry.title)
    item.link(href=entry.link, rel="alternate")
    item.updated(entry.updated)
    if entry.published:
        item.published(entry.published)
    if entry.summary:
        item.summary(entry.summary)
    if entry.content:
        item.content(entry.content, type="text")
    if entry.authors:
        item.author([{"name": name} for name in entry.authors])
        item.dc.dc_creator(list(entry.authors))
    for term, label in entry.categories:
        item.category(term=term, label=label)


def _newest_first(entries: list[_Entry]) -> list[_Entry]:
    # Ties keep the order of ids, since Python's sort is stable even when reversed.
    return sorted(sorted(entries, key=lambda entry: entry.id), key=lambda entry: entry.updated, reverse=True)


def _section(site_url: str, kind: Kind) -> str:
    return site_address(site_url, url_of(INDEX_OF[kind]))


# The three feeds ---------------------------------------------------------------------------------

def _explainers(archive: Archive, site_url: str) -> _Feed:
    entries = [_explainer_entry(explainer, archive, site_url) for explainer in archive.explainers]
    return _Feed("explainers", "Explainers", "New and updated explainers.", _section(site_url, Kind.EXPLAINER),
                 _newest_first(entries)[:FEED_LIMIT])


def _explainer_entry(explainer: Explainer, archive: Archive, site_url: str) -> _Entry:
    meta, url = explainer.meta, page_url(explainer, site_url)
    topics = tuple((topic, archive.labels[topic]) for topic in meta.topics if topic in archive.items)
    return _Entry(id=url, title=meta.title, link=url, updated=start_of(meta.updated or meta.published),
                  published=start_of(meta.published), summary=meta.summary, authors=tuple(meta.authors),
                  categories=topics)


def _sources(archive: Archive, site_url: str, history: Mapping[str, FuzzyDate]) -> _Feed:
    dated = [_source_entry(source, site_url, history) for source in archive.sources if source.meta.published]
    undated = [_source_entry(source, site_url, history) for source in archive.sources if not source.meta.published]
    entries = _newest_first(dated) + sorted(undated, key=lambda entry: entry.id)
    return _Feed("sources", "Sources", "Sources in the archive, newest first.", _section(site_url, Kind.SOURCE),
                 entries[:FEED_LIMIT])


def _source_entry(source: Source, site_url: str, history: Mapping[str, FuzzyDate]) -> _Entry:
    meta, url = source.meta, page_url(source, site_url)
    published = start_of(meta.published) if meta.published else None
    summary = ", ".join(part for part in (meta.outlet, meta.published.display() if meta.published else None) if part)
    # Atom requires an updated date. An undated source's is the last commit of its file, the date the
    # archive's entry for it last changed; outside git, nothing is known and it gets the feed's floor.
    committed = history.get(source.origin.path)
    updated = published or (start_of(committed) if committed else EPOCH)
    return _Entry(id=url, title=meta.title, link=url, updated=updated, published=published,
                  summary=summary or None, authors=tuple(meta.authors or ()))


def _corrections(archive: Archive, site_url: str) -> _Feed:
    entries = [entry for item in (*archive.explainers, *archive.sources, *archive.events)
               for entry in _correction_entries(item, site_url)]
    return _Feed("corrections", "Corrections", "Every correction to an explainer, a source or a timeline event.",
                  site_address(site_url, url_of(CORRECTIONS)),
                 _newest_first(entries))


def _correction_entries(item: Item, site_url: str) -> list[_Entry]:
    url = page_url(item, site_url)
    # An explainer's or a source's corrections stand at the top of its page; an event's, under it on the timeline.
    link = url if item.kind is Kind.EVENT else f"{url}#corrections"
    entries, seen = [], Counter()
    for correction in item.meta.corrections:
        date = correction.date.iso()
        seen[date] += 1
        # Numbered within its day, so adding a correction on another day changes no existing id.
        entries.append(_Entry(
            id=f"{url.split('#')[0]}#correction-{item.id}-{date}-{seen[date]}", title=f"Correction to “{item.label}”",
            link=link, updated=start_of(correction.date), published=start_of(correction.date),
            content=f"Was: {correction.wrong}\nNow: {correction.right}",
        ))
    return entries
