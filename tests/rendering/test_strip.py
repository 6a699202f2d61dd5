"""The timeline's strip: a scale that gives busy years room, its year labels, its links and its breaks."""

from types import SimpleNamespace

import pytest

from builder.core.dates import FuzzyDate
from builder.rendering.strip import REACH, WIDTH, strip


def events_in(*dates: tuple[int, int]) -> SimpleNamespace:
    events = [SimpleNamespace(id=f"e{n}", meta=SimpleNamespace(date=FuzzyDate(year, month))) for n, (year, month) in enumerate(dates)]
    return SimpleNamespace(events=events, sources=[])


def in_june(*years: int) -> SimpleNamespace:
    return events_in(*((year, 6) for year in years))


SPANS = [(2025,), (2019, 2025), (2000, 2025), (1921, 2025), (1914, 1916, 1919, 1989, 2019, 2025, 2025, 2025)]


@pytest.mark.parametrize("years", SPANS)
def test_the_first_year_is_labelled_everywhere_and_no_two_labels_crowd(years):
    ticks = strip(in_june(*years)).ticks
    assert ticks[0].label == str(years[0]) and not ticks[0].minor  # a phone shows it too
    assert all(b.x - a.x >= 40 for a, b in zip(ticks, ticks[1:]))
    shown = [tick for tick in ticks if not tick.minor]
    assert all(b.x - a.x >= 110 for a, b in zip(shown, shown[1:]))  # on a phone, a third of the room


def test_busy_years_get_room_and_quiet_decades_shrink_to_a_marked_gap():
    drawn = strip(in_june(1914, 1916, *[2025] * 40))
    first, last = (next(bar for bar in drawn.bars if bar.label.startswith(f"Jun {year}")) for year in (1914, 2025))
    straight = WIDTH / (2025 - 1914 + 1)  # a year's width on a straight scale
    assert last.width * 12 > 3 * straight  # 2025's June alone is wider than three straight years
    assert [gap.label for gap in drawn.gaps] == ["1917–2024: nothing dated"]
    assert drawn.gaps[0].width < WIDTH / 2
    # A year opening a stretch after a gap is labelled where it begins.
    assert "2025" in [tick.label for tick in drawn.ticks]


def test_each_bar_leads_to_its_months_first_event_or_its_years_sources():
    archive = events_in((2025, 8), (2025, 8), (2025, 9))
    archive.sources = [SimpleNamespace(meta=SimpleNamespace(published=FuzzyDate(2024)))]
    drawn = strip(archive, year_link=lambda row, year: f"years/{year}/", event_link=lambda event_id: f"#event-{event_id}")
    assert {bar.label: bar.href for bar in drawn.bars} == {
        "Aug 2025: 2 events": "#event-e0", "Sep 2025: 1 event": "#event-e2", "2024, month not known: 1 source": "years/2024/"}
    assert drawn.table == [(2024, 0, 1), (2025, 3, 0)]


def test_each_bar_is_found_beside_it_and_no_two_months_areas_overlap():
    drawn = strip(in_june(2025, 2025, 2024, 2000))  # June 2024 and June 2025 are a year apart; all in June
    dense = strip(events_in(*((2025, month) for month in range(1, 13))))
    for bars in (drawn.bars, dense.bars):
        for bar in bars:
            assert bar.hit_x <= bar.x and bar.x + bar.width <= bar.hit_x + bar.hit_width + 0.01
        areas = sorted((bar.hit_x, bar.hit_x + bar.hit_width) for bar in bars)
        assert all(right <= next_left + 0.01 for (_, right), (next_left, _) in zip(areas, areas[1:]))
    assert max(bar.hit_width - bar.width for bar in drawn.bars) >= 2 * REACH - 0.01  # a lone month reaches both ways
