"""The timeline's strip: its year labels, at any span of years."""

from types import SimpleNamespace

import pytest

from builder.dates import FuzzyDate
from builder.strip import REACH, strip


def events_in(*years: int) -> SimpleNamespace:
    return SimpleNamespace(events=[SimpleNamespace(meta=SimpleNamespace(date=FuzzyDate(year, 6))) for year in years],
                           sources=[])


@pytest.mark.parametrize("years", [(2025,), (2019, 2025), (2000, 2025), (1921, 2025), (1914, 2025)])
def test_a_narrow_screen_shows_at_least_one_year_and_no_two_within_a_step(years):
    drawn = strip(events_in(*years))
    shown = [tick for tick in drawn.ticks if not tick.minor]
    assert shown, "a phone would show no year at all"
    step = min(b.x - a.x for a, b in zip(drawn.ticks, drawn.ticks[1:])) if len(drawn.ticks) > 1 else 0
    assert all(b.x - a.x >= 2 * step * 0.9 for a, b in zip(shown, shown[1:]))


@pytest.mark.parametrize("years", [(2025,), (2019, 2025), (2000, 2025), (1921, 2025), (1914, 2025)])
def test_the_first_year_is_labelled_everywhere_and_no_mark_crowds_it(years):
    first, *marks = strip(events_in(*years)).ticks
    assert first.label == str(years[0]) and not first.minor  # a phone shows it too
    gaps = [b.x - a.x for a, b in zip([first, *marks], marks)]
    assert len(gaps) < 2 or gaps[0] >= max(gaps[1:]) - 0.1, "a mark sits closer to the first year than a step"  # x is rounded


def test_each_bar_is_found_beside_it_and_no_two_months_areas_overlap():
    drawn = strip(events_in(2025, 2025, 2024, 2000))  # June 2024 and June 2025 are a year apart; all in June
    dense = strip(SimpleNamespace(events=[SimpleNamespace(meta=SimpleNamespace(date=FuzzyDate(2025, month)))
                                          for month in range(1, 13)], sources=[]))
    for bars in (drawn.bars, dense.bars):
        for bar in bars:
            assert bar.hit_x <= bar.x and bar.x + bar.width <= bar.hit_x + bar.hit_width + 0.01
        areas = sorted((bar.hit_x, bar.hit_x + bar.hit_width) for bar in bars)
        assert all(right <= next_left + 0.01 for (_, right), (next_left, _) in zip(areas, areas[1:]))
    assert max(bar.hit_width - bar.width for bar in drawn.bars) >= 2 * REACH - 0.01  # a lone month reaches both ways
