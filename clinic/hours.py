"""Opening hours in a clinic's own time zone: "open now", the next opening, the zone's label.

All inputs are aware datetimes (UTC from timezone.now()); every answer is in the clinic's zone, so
a clinic in Pasadena is open from 9:00 Pacific whether that is 16:00 or 17:00 UTC that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .models import OpeningHours, Weekday

# Plain-language names for the zones US clinics are in; any other zone shows its IANA key.
ZONE_NAMES = {
    "America/New_York": "Eastern Time",
    "America/Detroit": "Eastern Time",
    "America/Chicago": "Central Time",
    "America/Denver": "Mountain Time",
    "America/Boise": "Mountain Time",
    "America/Phoenix": "Arizona Time",
    "America/Los_Angeles": "Pacific Time",
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
}


def zone_name(time_zone: str) -> str:
    return ZONE_NAMES.get(time_zone, time_zone)


def zone_abbreviation(zone: ZoneInfo, at: dt.datetime) -> str:
    """The abbreviation in force at `at`: PDT in July, PST in December, MST all year in Phoenix."""
    return at.astimezone(zone).tzname() or zone.key


@dataclass(frozen=True)
class Period:
    opens_at: dt.time
    closes_at: dt.time


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    periods: tuple[Period, ...]

    @property
    def is_closed(self) -> bool:
        return not self.periods


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    local_now: dt.datetime
    zone_abbreviation: str
    closes_at: dt.datetime | None  # when open: the end of the current period
    next_opening: dt.datetime | None  # when closed: the start of the next period, if within 2 weeks
    closure_reason: str | None  # when closed today for a holiday

    @property
    def next_opening_day(self) -> str:
        """'today', 'tomorrow' or the weekday of the next opening, on the clinic's calendar."""
        if self.next_opening is None:
            return ""
        days = (self.next_opening.date() - self.local_now.date()).days
        if days == 0:
            return "today"
        if days == 1:
            return "tomorrow"
        return self.next_opening.strftime("%A")


def weekly_hours(hours: Iterable[OpeningHours]) -> list[DayHours]:
    """Monday to Sunday, each with its periods in order; days without hours are closed."""
    by_day: dict[int, list[Period]] = {day: [] for day in Weekday.values}
    for row in hours:
        by_day[row.weekday].append(Period(row.opens_at, row.closes_at))
    return [
        DayHours(
            weekday=day,
            label=Weekday(day).label,
            periods=tuple(sorted(by_day[day], key=lambda p: p.opens_at)),
        )
        for day in Weekday.values
    ]


def _local(date: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    # fold=0: in the autumn overlap an ambiguous wall time means its first occurrence.
    return dt.datetime.combine(date, time, tzinfo=zone)


def opening_status(
    *,
    zone: ZoneInfo,
    hours: Iterable[OpeningHours],
    closures: dict[dt.date, str],
    at: dt.datetime,
) -> OpeningStatus:
    """Whether the clinic is open at `at`, judged on its own wall clock and calendar."""
    if at.tzinfo is None:
        raise ValueError("opening_status needs an aware datetime")
    week = weekly_hours(hours)
    local_now = at.astimezone(zone)
    abbreviation = local_now.tzname() or zone.key
    today = local_now.date()

    if today not in closures:
        for period in week[today.weekday()].periods:
            start = _local(today, period.opens_at, zone)
            end = _local(today, period.closes_at, zone)
            if start <= at < end:
                return OpeningStatus(True, local_now, abbreviation, end, None, None)

    next_opening = None
    for offset in range(15):
        day = today + dt.timedelta(days=offset)
        if day in closures:
            continue
        starts = [_local(day, p.opens_at, zone) for p in week[day.weekday()].periods]
        upcoming = [start for start in starts if start > at]
        if upcoming:
            next_opening = min(upcoming)
            break
    return OpeningStatus(False, local_now, abbreviation, None, next_opening, closures.get(today))
