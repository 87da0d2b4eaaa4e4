"""When occasions fall: birthdays and anniversaries on the solar or the lunar calendar, and the
public holidays including the lunar festivals, for any year (python-holidays computes them;
lunardate converts lunar dates). Nothing here is typed in per year."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from lunardate import LunarDate

# The greeting occasions among China's public holidays, by python-holidays' English name.
GREETING_HOLIDAYS: dict[str, Promise] = {
    "New Year's Day": _("New Year's Day"),
    "Chinese New Year (Spring Festival)": _("Spring Festival"),
    "Labor Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "Mid-Autumn Festival": _("Mid-Autumn Festival"),
    "National Day": _("National Day"),
}


def solar_occurrence(year: int, month: int, day: int) -> date:
    """This year's date; 29 February falls on the 28th in common years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def lunar_occurrence(lunar_year: int, month: int, day: int, is_leap_month: bool) -> date | None:
    """The solar date of a lunar month/day in a lunar year. A leap month the year lacks falls
    back to the ordinary month; a 30th the month lacks, to the 29th."""
    for leap in (True, False) if is_leap_month else (False,):
        for candidate in (day, 29) if day == 30 else (day,):
            try:
                return LunarDate(lunar_year, month, candidate, leap).to_solar_date()
            except ValueError:
                continue
    return None


def occurrences_between(
    *, calendar_kind: str, month: int, day: int, is_leap_month: bool, start: date, end: date
) -> list[date]:
    """Every occurrence of a yearly date within [start, end]."""
    found: list[date] = []
    for year in range(start.year - 1, end.year + 1):
        if calendar_kind == "lunar":
            when = lunar_occurrence(year, month, day, is_leap_month)
        else:
            when = solar_occurrence(year, month, day) if year >= start.year else None
        if when is not None and start <= when <= end:
            found.append(when)
    return sorted(set(found))


@dataclass(frozen=True)
class Holiday:
    key: str  # stable across languages, e.g. "spring-festival"
    name: Promise
    day: date


@lru_cache(maxsize=16)
def _china(year: int) -> dict[date, str]:
    return dict(holidays.China(years=year, language="en_US").items())


def greeting_holidays_between(start: date, end: date) -> list[Holiday]:
    """The first day of each greeting holiday within [start, end]."""
    found: list[Holiday] = []
    for year in range(start.year, end.year + 1):
        first_days: dict[str, date] = {}
        for day, names in sorted(_china(year).items()):
            for name in names.split("; "):
                if name in GREETING_HOLIDAYS and name not in first_days:
                    first_days[name] = day
        for name, day in first_days.items():
            if start <= day <= end:
                key = name.split(" (")[0].lower().replace(" ", "-").replace("'", "")
                found.append(Holiday(key=key, name=GREETING_HOLIDAYS[name], day=day))
    return sorted(found, key=lambda holiday: holiday.day)


def window(day: date, lead_days: int) -> tuple[date, date]:
    return day, day + timedelta(days=lead_days)
