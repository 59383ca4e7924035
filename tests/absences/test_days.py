"""Working days, half days and overlaps: table-driven."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from strongroom.records.absences import days

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "start_half", "end_half", "expected"),
    [
        (D(2031, 3, 3), D(2031, 3, 7), False, False, "5"),  # Monday to Friday
        (D(2031, 3, 3), D(2031, 3, 9), False, False, "5"),  # the weekend is free
        (D(2031, 3, 8), D(2031, 3, 9), False, False, "0"),  # only a weekend
        (D(2031, 3, 3), D(2031, 3, 3), False, False, "1"),
        (D(2031, 3, 3), D(2031, 3, 3), True, False, "0.5"),  # an afternoon
        (D(2031, 3, 3), D(2031, 3, 3), False, True, "0.5"),  # a morning
        (D(2031, 3, 3), D(2031, 3, 4), True, True, "1"),  # from midday to midday
        (D(2031, 3, 7), D(2031, 3, 10), True, False, "1.5"),  # Friday afternoon to Monday
        (D(2031, 3, 8), D(2031, 3, 10), True, False, "1"),  # a half Saturday counts nothing
    ],
)
def test_working_days(
    start: dt.date, end: dt.date, start_half: bool, end_half: bool, expected: str
) -> None:
    assert days.count(start, end, start_half, end_half) == Decimal(expected)


def test_days_split_by_year() -> None:
    assert days.by_year(D(2030, 12, 30), D(2031, 1, 3), False, False) == {
        2030: Decimal(2), 2031: Decimal(3)
    }


def _span(first: int, last: int, start_half: bool = False, end_half: bool = False) -> tuple:  # type: ignore[type-arg]
    """Days of March 2031: (start, end, start_half, end_half)."""
    return (D(2031, 3, first), D(2031, 3, last), start_half, end_half)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (_span(3, 5), _span(5, 6), True),
        (_span(3, 4), _span(5, 6), False),
        (_span(3, 5, end_half=True), _span(5, 6, start_half=True), False),
        (_span(5, 6, start_half=True), _span(3, 5, end_half=True), False),
        (_span(5, 5, end_half=True), _span(5, 5, start_half=True), False),  # morning, afternoon
        (_span(5, 5, start_half=True), _span(5, 5, start_half=True), True),  # two afternoons
        (_span(1, 31), _span(5, 5, start_half=True), True),
    ],
)
def test_overlap(a: tuple, b: tuple, expected: bool) -> None:  # type: ignore[type-arg]
    assert days.overlap(a, b) is expected


def test_api_sort_keys_are_the_selector_sorts() -> None:
    from typing import get_args

    from strongroom.records.absences.schemas import SortKey
    from strongroom.records.absences.selectors import SORTS

    assert set(get_args(SortKey)) == set(SORTS)


@pytest.mark.parametrize(
    ("country", "start", "end", "expected"),
    [
        ("NO", D(2031, 4, 7), D(2031, 4, 18), "7"),  # Easter: Thursday, Friday and Monday free
        ("NO", D(2031, 4, 10), D(2031, 4, 14), "0"),  # only Easter
        ("NO", D(2031, 5, 1), D(2031, 5, 1), "0"),  # Labour Day
        ("NO", D(2031, 5, 16), D(2031, 5, 16), "1"),  # the Friday before 17 May is worked
        ("SE", D(2031, 6, 6), D(2031, 6, 6), "0"),  # Sweden's National Day
        ("NO", D(2031, 6, 6), D(2031, 6, 6), "1"),  # not in Norway
        ("", D(2031, 4, 7), D(2031, 4, 18), "10"),  # no country: weekends only
        ("XX", D(2031, 4, 7), D(2031, 4, 18), "10"),  # a country the library does not know
    ],
)
def test_public_holidays_of_the_country_are_free(
    country: str, start: dt.date, end: dt.date, expected: str
) -> None:
    assert days.count(start, end, False, False, country) == Decimal(expected)


def test_a_half_day_on_a_holiday_counts_nothing() -> None:
    assert days.count(D(2031, 12, 24), D(2031, 12, 25), False, True, "NO") == Decimal(1)
    assert days.public_holidays("NO", 2031)[D(2031, 5, 17)] == "Constitution Day"
