"""Working-day arithmetic: weekdays less the bank holidays of England and Wales.

England and Wales share one list of bank holidays, substitute days included (a Christmas Day that falls
on a Saturday is made up on the Monday), and one-off holidays such as the Platinum Jubilee of 2022 and
the Coronation of 2023. The `holidays` package holds that list; the nation still picks its subdivision
so that a difference, should one ever appear, is honoured.
"""

import functools
from datetime import date, timedelta

import holidays

from agencies.models import Nation

_SUBDIVISION = {Nation.ENGLAND: "ENG", Nation.WALES: "WLS"}


@functools.cache
def bank_holidays(nation: str, year: int) -> frozenset[date]:
    """The bank holidays of one nation in one year. Pure data, so built once per process and year."""
    subdivision = _SUBDIVISION.get(nation, _SUBDIVISION[Nation.ENGLAND])
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def is_working_day(day: date, *, nation: str = Nation.ENGLAND) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def next_working_day(day: date, *, nation: str = Nation.ENGLAND) -> date:
    """The day itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, nation=nation):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date, *, nation: str = Nation.ENGLAND) -> date:
    """The day itself when it is a working day, else the last working day before it."""
    while not is_working_day(day, nation=nation):
        day -= timedelta(days=1)
    return day


def working_days_after(start: date, days: int, *, nation: str = Nation.ENGLAND) -> date:
    """The day `days` working days after `start` (the start itself is day 0 and never counts).

    "Within 5 working days of becoming aware on Monday" therefore ends on the next Monday.
    """
    if days < 0:
        return working_days_before(start, -days, nation=nation)
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day, nation=nation):
            days -= 1
    return day


def working_days_before(end: date, days: int, *, nation: str = Nation.ENGLAND) -> date:
    """The day `days` working days before `end` (same meaning as the loader's helper in demo_data)."""
    if days < 0:
        return working_days_after(end, -days, nation=nation)
    day = end
    while days:
        day -= timedelta(days=1)
        if is_working_day(day, nation=nation):
            days -= 1
    return day


def working_days_between(start: date, end: date, *, nation: str = Nation.ENGLAND) -> int:
    """Working days after `start` up to and including `end`; negative when `end` comes first.

    The inverse of working_days_after: working_days_between(d, working_days_after(d, n)) == n.
    """
    if end < start:
        return -working_days_between(end, start, nation=nation)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, nation=nation):
            count += 1
    return count
