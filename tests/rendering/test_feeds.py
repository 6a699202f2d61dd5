import textwrap
import time
from datetime import datetime

import feedgen.entry
import feedgen.feed
import feedparser
import pytest

from builder.rendering import feeds
from builder.core.dates import FuzzyDate
from builder.rendering.feeds import feed_files
from builder.core.pipeline import check
from tests.conftest import FIXTURE_CONTENT, make_archive

SITE = "https://example.org/repo/"
NAME = "Fixture Archive"
FEEDS = ("explainers", "sources", "corrections")

PLANNING_CORRECTED = textwrap.dedent(FIXTURE_CONTENT["content/explainers/planning.md"]).replace(
    "status: published\n",
    "status: published\n"
    "corrections:\n"
    "  - date: 2025-09-10\n"
    "    wrong: The plans were final.\n"
    "    right: The plans were drafts.\n"
    "  - date: 2025-09-12\n"
    "    wrong: Two options.\n"
    "    right: Three options.\n",
)
# Published after the fixture explainer was updated, with a correction of its own in between.
LATER = """\
---
title: Later explainer
summary: Another account.
published: 2025-09
authors: [Ana Ruiz]
status: published
corrections:
  - date: 2025-09-11
    wrong: In 2024.
    right: In 2025.
---
Plans were drafted [@plans-article].
"""
NEWEST = """\
---
title: Newest explainer
summary: The newest account.
published: 2025-09-20
authors: [Ana Ruiz]
status: published
---
Plans were drafted [@plans-article].
"""


def build(root, files=None):
    checked = check(make_archive(root, files))
    assert checked.ok, checked.diagnostics
    return checked.archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("feeds") / "a", {
        "content/explainers/planning.md": PLANNING_CORRECTED,
        "content/explainers/later.md": LATER,
        "content/explainers/newest.md": NEWEST,
    })


@pytest.fixture(scope="module")
def files(archive):
    return feed_files(archive, SITE, NAME)


def parsed(files, name):
    feed = feedparser.parse(files[name])
    assert not feed.bozo, feed.bozo_exception
    return feed


def day(struct: time.struct_time) -> str:
    return time.strftime("%Y-%m-%dT%H:%M", struct)


def test_every_feed_comes_as_atom_and_rss(files):
    assert set(files) == {f"feeds/{name}.{ext}" for name in FEEDS for ext in ("atom", "xml")}
    for name in FEEDS:
        assert parsed(files, f"feeds/{name}.atom").version == "atom10"
        assert parsed(files, f"feeds/{name}.xml").version == "rss20"


def test_explainers_newest_first_by_their_last_update(files):
    feed = parsed(files, "feeds/explainers.atom")
    # newest: published 20 Sep; planning: updated 15 Sep; later: published in Sep, read as 1 Sep.
    assert [entry.title for entry in feed.entries] == ["Newest explainer", "What the plans say", "Later explainer"]
    planning = feed.entries[1]
    assert day(planning.updated_parsed) == "2025-09-15T00:00"
    assert day(planning.published_parsed) == "2025-09-01T00:00"
    assert planning.link == "https://example.org/repo/explainers/planning/"
    assert planning.summary == "A short account."
    assert planning.author == "Archive editors"
    assert [tag.term for tag in planning.tags] == ["strike-planning"]
    assert day(feed.entries[2].updated_parsed) == "2025-09-01T00:00"
    assert day(feed.feed.updated_parsed) == "2025-09-20T00:00"  # the newest entry's date
    assert feed.feed.title == "Fixture Archive: Explainers"
    assert feed.feed.link == "https://example.org/repo/explainers/"


def test_the_rss_feed_has_the_same_entries(files):
    feed = parsed(files, "feeds/explainers.xml")
    assert [entry.link for entry in feed.entries] == [
        "https://example.org/repo/explainers/newest/", "https://example.org/repo/explainers/planning/",
        "https://example.org/repo/explainers/later/"]
    assert feed.entries[0].author == "Ana Ruiz"
    assert feed.feed.link == "https://example.org/repo/explainers/"
    assert time.strftime("%Y-%m-%d", feed.feed.updated_parsed) == "2025-09-20"  # lastBuildDate


def test_sources_newest_first_and_undated_last(files):
    for name in ("feeds/sources.atom", "feeds/sources.xml"):
        feed = parsed(files, name)
        assert [entry.link for entry in feed.entries] == [
            "https://example.org/repo/sources/plans-article/",
            "https://example.org/repo/sources/tweet/",  # ~2025-08 reads as 1 Aug
            "https://example.org/repo/sources/veracruz-ref/",  # published: unknown
        ]
    atom = parsed(files, "feeds/sources.atom")
    assert atom.entries[0].summary == "Example Daily, 8 Aug 2025"
    assert day(atom.entries[1].published_parsed) == "2025-08-01T00:00"
    assert "published" not in atom.entries[2]
    assert day(atom.feed.updated_parsed) == "2025-08-08T00:00"
    assert "published" not in parsed(files, "feeds/sources.xml").entries[2]  # no pubDate



def test_an_undated_source_is_dated_by_its_files_last_commit_not_1970(archive):
    def undated_entry(history):
        files = feed_files(archive, SITE, NAME, ["sources"], history)
        return parsed(files, "feeds/sources.atom").entries[2]

    committed = {"content/sources/refs/veracruz-ref.md": FuzzyDate.parse("2025-10-02")}
    assert day(undated_entry(committed).updated_parsed) == "2025-10-02T00:00"
    assert day(undated_entry({}).updated_parsed) == "1970-01-01T00:00"  # outside git nothing is known

def test_every_correction_of_every_explainer_newest_first(files):
    feed = parsed(files, "feeds/corrections.atom")
    assert [(entry.title, day(entry.updated_parsed)) for entry in feed.entries] == [
        ("Correction to “What the plans say”", "2025-09-12T00:00"),
        ("Correction to “Later explainer”", "2025-09-11T00:00"),
        ("Correction to “What the plans say”", "2025-09-10T00:00"),
    ]
    first = feed.entries[0]
    assert first.content[0].value == "Was: Two options.\nNow: Three options."
    assert first.link == "https://example.org/repo/explainers/planning/#corrections"
    assert len({entry.id for entry in feed.entries}) == 3
    rss = parsed(files, "feeds/corrections.xml")
    assert rss.entries[0].description == "Was: Two options.\nNow: Three options."


def test_an_empty_feed_is_dated_1970(tmp_path):
    feed = feedparser.parse(feed_files(build(tmp_path / "a"), SITE, NAME)["feeds/corrections.atom"])
    assert feed.entries == []
    assert day(feed.feed.updated_parsed) == "1970-01-01T00:00"


def test_feeds_keep_only_the_newest_entries(archive, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_LIMIT", 1)
    feed = feedparser.parse(feed_files(archive, SITE, NAME)["feeds/sources.atom"])
    assert [entry.title for entry in feed.entries] == ["Pentagon drafts strike plans"]


class _AnyDatetime(type):
    def __instancecheck__(cls, value):
        return isinstance(value, datetime)


class Clock(metaclass=_AnyDatetime):
    """Stands in for feedgen's `datetime`: a clock stopped in 2099."""

    @staticmethod
    def now(tz=None):
        return datetime(2099, 1, 1, tzinfo=tz)


def test_no_date_comes_from_the_clock(archive, files, monkeypatch):
    # feedgen stamps feeds and entries with datetime.now() unless every date is set.
    monkeypatch.setattr(feedgen.feed, "datetime", Clock)
    monkeypatch.setattr(feedgen.entry, "datetime", Clock)
    assert feed_files(archive, SITE, NAME) == files


def test_two_builds_give_identical_bytes(files, tmp_path):
    again = build(tmp_path / "again", {
        "content/explainers/planning.md": PLANNING_CORRECTED,
        "content/explainers/later.md": LATER,
        "content/explainers/newest.md": NEWEST,
    })
    assert feed_files(again, SITE, NAME) == files
