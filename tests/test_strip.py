"""The timeline's strip: its year labels, at any span of years."""

from types import SimpleNamespace

import pytest

from builder.dates import FuzzyDate
from builder.strip import strip


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
