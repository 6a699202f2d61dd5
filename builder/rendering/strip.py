"""The timeline's strip: events and sources per month, drawn as SVG when the site is built.

No chart library and no script: the drawing is plain rectangles with a title each, which browsers show
on hover and screen readers read, each a link a tap or a key follows, laid out here so the template only
places them. A table of the same counts stands beside it for readers who do not see it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from builder.core.dates import FuzzyDate
from builder.core.link import Archive

WIDTH = 960
ROW = 28  # height of each row's tallest bar
GAP = 14  # between the two rows, and for the axis labels
REACH = 4  # how far beside a month's bar, about a pixel wide, the pointer still finds it
_ROWS = ("events", "sources")


@dataclass(frozen=True)
class Bar:
    row: str
    x: float
    y: float
    width: float
    height: float
    label: str  # what the bar stands for, in words
    whole_year: bool  # a count of items dated only to the year, drawn faint across it
    # Where the pointer finds it: its row's height, and beside it up to REACH or halfway to the next month's
    # bar, so that no two months' areas overlap.
    hit_x: float = 0
    hit_width: float = 0
    hit_y: float = 0
    hit_height: float = ROW
    href: str = ""  # where a tap or Enter on the bar leads: the month's first event, or the year's page


@dataclass(frozen=True)
class Gap:
    """Years with nothing dated in them, drawn narrow and marked, so the scale's break is seen."""

    x: float
    width: float
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    minor: bool  # left out on a narrow screen, where every label would collide with the next


@dataclass(frozen=True)
class Strip:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    first: int
    last: int
    summary: str
    gaps: list[Gap]
    table: list[tuple[int, int, int]]  # (year, events, sources): the text alternative, a year a row


def strip(archive: Archive, year_link: Callable[[str, int], str] | None = None,
          event_link: Callable[[str], str] | None = None) -> Strip | None:
    """The strip, its bars linked where `year_link(row, year)` and `event_link(event id)` say.

    The scale is not straight: a year with nothing dated in it takes a sliver, a year with items a full
    share and a busy year more, so that 2025's months are as readable as 1916's and a century of quiet is
    a narrow band, marked as a gap.
    """
    dated = {"events": [e.meta.date for e in archive.events],
             "sources": [s.meta.published for s in archive.sources if s.meta.published is not None]}
    years = [d.year for dates in dated.values() for d in dates]
    if not years:
        return None
    first, last = min(years), max(years)
    per_year = Counter(years)
    place = _scale(first, last, per_year)
    bars, tallest = [], {}
    counts = {row: _counts(dates) for row, dates in dated.items()}
    first_event = {}  # (year, month) -> the first event of that month, which its bar leads to
    for event in archive.events:
        first_event.setdefault((event.meta.date.year, event.meta.date.month or 0), event.id)
    for row in _ROWS:
        tallest[row] = max([n for key, n in counts[row].items() if key[1]] + [n / 12 for key, n in counts[row].items() if not key[1]],
                           default=1)
    for index, row in enumerate(_ROWS):
        base = (index + 1) * ROW + index * GAP
        for (year, month), count in sorted(counts[row].items()):
            whole_year = month == 0
            start, span = place[year]
            height = max(1.5, ROW * (count / 12 if whole_year else count) / tallest[row])
            x = start + (0 if whole_year else (month - 1) * span / 12)
            width = span if whole_year else max(span / 12, 1.0)
            when = f"{year}, month not known" if whole_year else FuzzyDate(year, month).display()
            if row == "events" and event_link and (year, month) in first_event:
                href = event_link(first_event[year, month])
            else:
                href = year_link(row, year) if year_link else ""
            bars.append(Bar(row, round(x, 2), round(base - height, 2), round(width, 2), round(height, 2),
                            f"{when}: {count} {row if count != 1 else row[:-1]}", whole_year, href=href))
    bars = _with_hit_areas(bars)
    ticks = _ticks(first, last, per_year, place)
    gaps = [Gap(round(place[start][0], 2), round(place[end][0] + place[end][1] - place[start][0], 2),
                f"{start}–{end}: nothing dated" if end > start else f"{start}: nothing dated")
            for start, end in _quiet_runs(first, last, per_year)]
    summary = (f"Events and sources per month, {first} to {last}: {len(dated['events'])} events and "
               f"{len(dated['sources'])} dated sources.")
    table = [(year, _counts_in(counts["events"], year), _counts_in(counts["sources"], year))
             for year in range(first, last + 1) if per_year[year]]
    return Strip(WIDTH, 2 * ROW + 2 * GAP + 6, bars, ticks, first, last, summary, gaps, table)


def _counts_in(counts: Counter, year: int) -> int:
    return sum(n for (y, _), n in counts.items() if y == year)


# A year with nothing in it, a year with items, and the most a busy year may take, in shares of the width;
# and the most a whole run of quiet years may take, however long: a break in the axis, not a stretch of it.
_QUIET, _ACTIVE, _BUSIEST, _QUIET_RUN = 0.2, 1.0, 4.0, 1.5
_GAP_YEARS = 3  # this many quiet years in a row are drawn as a gap


def _scale(first: int, last: int, per_year: Counter) -> dict[int, tuple[float, float]]:
    """Each year's start and width on the strip."""
    busiest = max(per_year.values())
    shares = {year: _QUIET if not per_year[year] else _ACTIVE + (_BUSIEST - _ACTIVE) * (per_year[year] / busiest) ** 0.5
              for year in range(first, last + 1)}
    for start, end in _quiet_runs(first, last, per_year):
        for year in range(start, end + 1):
            shares[year] = min(_QUIET, _QUIET_RUN / (end - start + 1))
    unit = WIDTH / sum(shares.values())
    place, x = {}, 0.0
    for year in range(first, last + 1):
        place[year] = (x, shares[year] * unit)
        x += shares[year] * unit
    return place


def _quiet_runs(first: int, last: int, per_year: Counter) -> list[tuple[int, int]]:
    """Runs of at least _GAP_YEARS years with nothing dated in them, as (first year, last year)."""
    runs, start = [], None
    for year in range(first, last + 2):
        quiet = year <= last and not per_year[year]
        if quiet and start is None:
            start = year
        elif not quiet and start is not None:
            if year - start >= _GAP_YEARS:
                runs.append((start, year - 1))
            start = None
    return runs


# How far apart two year labels must be, in units of the strip's width: on a wide screen, and on a phone.
_LABEL_ROOM, _NARROW_ROOM = 40, 110


def _ticks(first: int, last: int, per_year: Counter, place: dict[int, tuple[float, float]]) -> list[Tick]:
    """The first year, then the years that open a stretch after a gap, then round years where there is room.

    A label is dropped when it would crowd one already kept; on a phone, the ones kept more than a wider
    room apart show, the rest are marked minor.
    """
    runs = _quiet_runs(first, last, per_year)
    openers = [end + 1 for _, end in runs if end < last]
    rounds = [year for year in range(first + 1, last + 1) if year % 5 == 0 and per_year[year]]
    kept: list[int] = []
    for year in [first, *openers, *sorted(set(rounds) - set(openers))]:
        if all(abs(place[year][0] - place[other][0]) >= _LABEL_ROOM for other in kept):
            kept.append(year)
    kept.sort()
    narrow: list[int] = []
    for year in kept:
        if not narrow or place[year][0] - place[narrow[-1]][0] >= _NARROW_ROOM:
            narrow.append(year)
    return [Tick(round(place[year][0], 2), str(year), minor=year not in narrow) for year in kept]


def _with_hit_areas(bars: list[Bar]) -> list[Bar]:
    """The bars with the areas where the pointer finds them (a whole year's band: the band itself)."""
    placed = []
    for row in _ROWS:
        months = [bar for bar in bars if bar.row == row and not bar.whole_year]
        for index, bar in enumerate(months):
            left, right = bar.x - REACH, bar.x + bar.width + REACH
            if index > 0:
                before = months[index - 1]
                left = max(left, (before.x + before.width + bar.x) / 2)
            if index + 1 < len(months):
                right = min(right, (bar.x + bar.width + months[index + 1].x) / 2)
            placed.append((bar, left, right))
        placed += [(bar, bar.x, bar.x + bar.width) for bar in bars if bar.row == row and bar.whole_year]
    hits = {id(bar): (left, right) for bar, left, right in placed}
    return [replace(bar, hit_x=round(hits[id(bar)][0], 2), hit_width=round(hits[id(bar)][1] - hits[id(bar)][0], 2),
                    hit_y=round(bar.y + bar.height - ROW, 2)) for bar in bars]


def _counts(dates: list[FuzzyDate]) -> Counter:
    """By (year, month); month 0 holds what is dated only to the year."""
    return Counter((d.year, d.month or 0) for d in dates)
