"""Working days: Monday to Friday less the public holidays of the company's country (from the
``holidays`` library; a country it does not know has weekends only), with half days at either
end of an absence."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from decimal import Decimal

import holidays

HALF = Decimal("0.5")


@functools.lru_cache(maxsize=512)
def public_holidays(country: str, year: int) -> dict[dt.date, str]:
    """The country's public holidays in ``year`` by date, with their English names."""
    if not country:
        return {}
    try:
        found = holidays.country_holidays(country, years=year, language="en_US")
    except NotImplementedError:  # a country the library does not cover
        return {}
    return dict(found.items())


def is_working_day(day: dt.date, country: str = "") -> bool:
    return day.weekday() < 5 and day not in public_holidays(country, day.year)


def by_year(
    start: dt.date, end: dt.date, start_half: bool, end_half: bool, country: str = ""
) -> dict[int, Decimal]:
    """Working days of the absence, per calendar year it touches."""
    result: dict[int, Decimal] = defaultdict(Decimal)
    day = start
    while day <= end:
        if is_working_day(day, country):
            result[day.year] += 1
        day += dt.timedelta(days=1)
    if start == end:
        if (start_half or end_half) and is_working_day(start, country):
            result[start.year] -= HALF
        return dict(result)
    if start_half and is_working_day(start, country):
        result[start.year] -= HALF
    if end_half and is_working_day(end, country):
        result[end.year] -= HALF
    return dict(result)


def count(
    start: dt.date, end: dt.date, start_half: bool, end_half: bool, country: str = ""
) -> Decimal:
    """Working days from ``start`` to ``end`` inclusive, halves counted."""
    return sum(by_year(start, end, start_half, end_half, country).values(), Decimal(0))


def overlap(a: tuple[dt.date, dt.date, bool, bool], b: tuple[dt.date, dt.date, bool, bool]) -> bool:
    """Whether two absences (start, end, start_half, end_half) share time. They meet without
    overlapping when one ends at midday (``end_half``: a morning, for a single day) on the day
    the other starts at midday (``start_half``: an afternoon)."""
    a_start, a_end, a_start_half, a_end_half = a
    b_start, b_end, b_start_half, b_end_half = b
    if a_start > b_end or b_start > a_end:
        return False
    if a_end == b_start and a_end_half and b_start_half:
        return False
    return not (b_end == a_start and b_end_half and a_start_half)
