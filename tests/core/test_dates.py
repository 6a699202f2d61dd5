import pytest

from builder.core.dates import FuzzyDate


@pytest.mark.parametrize(
    "written, shown, precision, iso",
    [
        ("2025-08-08", "8 Aug 2025", "day", "2025-08-08"),
        ("2025-08", "Aug 2025", "month", "2025-08"),
        ("2025", "2025", "year", "2025"),
        (2025, "2025", "year", "2025"),
        ("~1916", "c. 1916", "approximate", "1916"),
        ("c. 1916", "c. 1916", "approximate", "1916"),
        ("~2025-08", "c. Aug 2025", "approximate", "2025-08"),
    ],
)
def test_dates_display_at_their_own_precision(written, shown, precision, iso):
    date = FuzzyDate.parse(written)
    assert date.display() == shown
    assert date.precision == precision
    assert date.iso() == iso


@pytest.mark.parametrize(
    "written, reason",
    [
        ("2025-02-30", "not a day of the calendar"),
        ("2025-13", "has no month 13"),
        ("August 2025", "is not a date"),
        ("25-08-08", "is not a date"),
        (True, "not bool"),
        ([2025], "not list"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(written, reason):
    with pytest.raises(ValueError, match=reason):
        FuzzyDate.parse(written)


def test_less_precise_dates_sort_after_the_days_within_their_span():
    # "Aug 2025" could be any day of August: it follows 8 Aug 2025 rather than coming before 1 Aug.
    dates = [FuzzyDate.parse(d) for d in ["2025-08-08", "2025", "1916-03-14", "2025-08", "~1916", "2025-09-01"]]
    assert [str(d) for d in sorted(dates)] == ["1916-03-14", "~1916", "2025-08-08", "2025-08", "2025-09-01", "2025"]
