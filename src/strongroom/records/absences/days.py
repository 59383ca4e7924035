"""Working days: Monday to Friday, with half days at either end of an absence."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

HALF = Decimal("0.5")


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5


def by_year(start: dt.date, end: dt.date, start_half: bool, end_half: bool) -> dict[int, Decimal]:
    """Working days of the absence, per calendar year it touches."""
    result: dict[int, Decimal] = defaultdict(Decimal)
    day = start
    while day <= end:
        if is_working_day(day):
            result[day.year] += 1
        day += dt.timedelta(days=1)
    if start == end:
        if (start_half or end_half) and is_working_day(start):
            result[start.year] -= HALF
        return dict(result)
    if start_half and is_working_day(start):
        result[start.year] -= HALF
    if end_half and is_working_day(end):
        result[end.year] -= HALF
    return dict(result)


def count(start: dt.date, end: dt.date, start_half: bool, end_half: bool) -> Decimal:
    """Working days from ``start`` to ``end`` inclusive, halves counted."""
    return sum(by_year(start, end, start_half, end_half).values(), Decimal(0))


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
