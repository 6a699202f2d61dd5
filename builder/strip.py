"""The timeline's strip: events and sources per month, drawn as SVG when the site is built.

No chart library and no script: the drawing is plain rectangles with a title each, which browsers show
on hover and screen readers read, laid out here so the template only places them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from builder.dates import FuzzyDate
from builder.link import Archive

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


def strip(archive: Archive) -> Strip | None:
    dated = {"events": [e.meta.date for e in archive.events],
             "sources": [s.meta.published for s in archive.sources if s.meta.published is not None]}
    years = [d.year for dates in dated.values() for d in dates]
    if not years:
        return None
    first, last = min(years), max(years)
    months = (last - first + 1) * 12
    step = WIDTH / months
    bars, tallest = [], {}
    counts = {row: _counts(dates) for row, dates in dated.items()}
    for row in _ROWS:
        tallest[row] = max([n for key, n in counts[row].items() if key[1]] + [n / 12 for key, n in counts[row].items() if not key[1]],
                           default=1)
    for index, row in enumerate(_ROWS):
        base = (index + 1) * ROW + index * GAP
        for (year, month), count in sorted(counts[row].items()):
            whole_year = month == 0
            height = max(1.5, ROW * (count / 12 if whole_year else count) / tallest[row])
            x = ((year - first) * 12 + (0 if whole_year else month - 1)) * step
            width = 12 * step if whole_year else max(step, 1.0)
            when = f"{year}, month not known" if whole_year else FuzzyDate(year, month).display()
            bars.append(Bar(row, round(x, 2), round(base - height, 2), round(width, 2), round(height, 2),
                            f"{when}: {count} {row if count != 1 else row[:-1]}", whole_year))
    bars = _with_hit_areas(bars)
    decade = 10 if last - first > 30 else 5 if last - first > 10 else 1
    # The first year, then the round years at least a step after it, so that none crowds it.
    marked = [first, *(year for year in range(first + 1, last + 1) if year % decade == 0 and year - first >= decade)]
    # Narrow, a label is shown only two steps or more after the last one shown: a phone shows the first
    # year and about every other mark, never two on top of each other.
    narrow = [first]
    for year in marked[1:]:
        if year - narrow[-1] >= 2 * decade:
            narrow.append(year)
    ticks = [Tick(round((year - first) * 12 * step, 2), str(year), minor=year not in narrow) for year in marked]
    summary = (f"Events and sources per month, {first} to {last}: {len(dated['events'])} events and "
               f"{len(dated['sources'])} dated sources.")
    return Strip(WIDTH, 2 * ROW + 2 * GAP + 6, bars, ticks, first, last, summary)


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
