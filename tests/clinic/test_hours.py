"""Opening hours and "open now" are judged on each clinic's own clock, across daylight saving.

The fixture week: Monday to Saturday 9:00-17:00 with a lunch break on Mondays, Sunday 10:00-14:00,
in the clinic's local time. US clocks fall back on Sunday 2026-11-01 and spring forward on
Sunday 2027-03-14; Arizona (America/Phoenix) never changes.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from clinic.hours import opening_status, weekly_hours, zone_abbreviation
from clinic.models import OpeningHours

UTC = dt.UTC
PACIFIC = ZoneInfo("America/Los_Angeles")
CENTRAL = ZoneInfo("America/Chicago")
ARIZONA = ZoneInfo("America/Phoenix")


def _hours() -> list[OpeningHours]:
    rows = [OpeningHours(weekday=0, opens_at=dt.time(9), closes_at=dt.time(12)),
            OpeningHours(weekday=0, opens_at=dt.time(13), closes_at=dt.time(17))]  # fmt: skip
    rows += [
        OpeningHours(weekday=d, opens_at=dt.time(9), closes_at=dt.time(17)) for d in range(1, 6)
    ]
    rows.append(OpeningHours(weekday=6, opens_at=dt.time(10), closes_at=dt.time(14)))
    return rows


def status(zone, at, closures=None):
    return opening_status(zone=zone, hours=_hours(), closures=closures or {}, at=at)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# (zone, UTC instant, open?, local wall time) — each instant would get the other answer if the
# clinic's offset were taken from the wrong side of the change.
CASES = [
    # Pacific: PDT is UTC-7 until 2026-11-01 02:00, then PST UTC-8.
    (PACIFIC, utc(2026, 10, 31, 16, 30), True, "09:30 PDT"),
    (PACIFIC, utc(2026, 11, 1, 17, 30), False, "09:30 PST"),  # Sunday opens at 10:00
    (PACIFIC, utc(2026, 11, 1, 18, 30), True, "10:30 PST"),
    (PACIFIC, utc(2026, 11, 2, 16, 30), False, "08:30 PST"),
    (PACIFIC, utc(2027, 3, 13, 16, 30), False, "08:30 PST"),
    (PACIFIC, utc(2027, 3, 14, 17, 30), True, "10:30 PDT"),  # spring forward that morning
    (PACIFIC, utc(2027, 3, 15, 16, 30), True, "09:30 PDT"),
    # Central: CDT is UTC-5, CST UTC-6.
    (CENTRAL, utc(2026, 10, 31, 14, 30), True, "09:30 CDT"),
    (CENTRAL, utc(2026, 11, 1, 15, 30), False, "09:30 CST"),
    (CENTRAL, utc(2026, 11, 1, 16, 30), True, "10:30 CST"),
    (CENTRAL, utc(2026, 11, 2, 14, 30), False, "08:30 CST"),
    (CENTRAL, utc(2027, 3, 14, 15, 30), True, "10:30 CDT"),
    (CENTRAL, utc(2027, 3, 15, 14, 30), True, "09:30 CDT"),
    # Arizona: MST, UTC-7, on both change days and either side of them.
    (ARIZONA, utc(2026, 10, 31, 16, 30), True, "09:30 MST"),
    (ARIZONA, utc(2026, 11, 1, 16, 30), False, "09:30 MST"),
    (ARIZONA, utc(2026, 11, 1, 17, 30), True, "10:30 MST"),
    (ARIZONA, utc(2026, 11, 2, 16, 30), True, "09:30 MST"),
    (ARIZONA, utc(2027, 3, 14, 16, 30), False, "09:30 MST"),
    (ARIZONA, utc(2027, 3, 14, 17, 30), True, "10:30 MST"),
    (ARIZONA, utc(2027, 3, 15, 16, 30), True, "09:30 MST"),
]


@pytest.mark.parametrize(("zone", "at", "is_open", "local"), CASES)
def test_open_now_follows_the_clinic_clock_across_dst(zone, at, is_open, local):
    result = status(zone, at)

    assert result.is_open is is_open
    assert f"{result.local_now:%H:%M} {result.zone_abbreviation}" == local


def test_arizona_keeps_the_same_utc_opening_all_year():
    summer, winter = utc(2026, 7, 6, 16, 0), utc(2027, 1, 4, 16, 0)  # both Mondays, 9:00 MST

    assert status(ARIZONA, summer).is_open
    assert status(ARIZONA, winter).is_open
    assert status(ARIZONA, summer - dt.timedelta(minutes=1)).is_open is False
    assert status(ARIZONA, winter - dt.timedelta(minutes=1)).is_open is False


def test_next_opening_after_close_crosses_the_autumn_change():
    # Saturday 2026-10-31 18:00 PDT: closed; next is Sunday 10:00 PST, which is 18:00 UTC.
    result = status(PACIFIC, utc(2026, 11, 1, 1, 0))

    assert result.is_open is False
    assert result.next_opening == utc(2026, 11, 1, 18, 0)
    assert result.next_opening.tzname() == "PST"


def test_next_opening_after_close_crosses_the_spring_change():
    # Saturday 2027-03-13 18:00 PST: next is Sunday 10:00 PDT, which is 17:00 UTC.
    result = status(PACIFIC, utc(2027, 3, 14, 2, 0))

    assert result.next_opening == utc(2027, 3, 14, 17, 0)
    assert result.next_opening.tzname() == "PDT"


def test_open_status_says_when_it_closes():
    result = status(CENTRAL, utc(2026, 11, 3, 20, 0))  # Tuesday 14:00 CST

    assert result.is_open
    assert result.closes_at == dt.datetime(2026, 11, 3, 17, 0, tzinfo=CENTRAL)


def test_split_day_is_closed_over_lunch_and_reopens_the_same_day():
    lunch = utc(2026, 11, 2, 20, 30)  # Monday 12:30 PST

    result = status(PACIFIC, lunch)

    assert result.is_open is False
    assert result.next_opening == dt.datetime(2026, 11, 2, 13, 0, tzinfo=PACIFIC)


def test_a_closure_day_is_closed_and_names_the_reason():
    thanksgiving = dt.date(2026, 11, 26)
    at = utc(2026, 11, 26, 18, 0)  # Thursday 10:00 PST, normally open

    result = status(PACIFIC, at, {thanksgiving: "Thanksgiving Day"})

    assert result.is_open is False
    assert result.closure_reason == "Thanksgiving Day"
    assert result.next_opening == dt.datetime(2026, 11, 27, 9, 0, tzinfo=PACIFIC)


def test_zone_abbreviation_changes_with_the_season_except_in_arizona():
    july, december = utc(2026, 7, 1, 12), utc(2026, 12, 1, 12)

    assert [zone_abbreviation(PACIFIC, t) for t in (july, december)] == ["PDT", "PST"]
    assert [zone_abbreviation(CENTRAL, t) for t in (july, december)] == ["CDT", "CST"]
    assert [zone_abbreviation(ARIZONA, t) for t in (july, december)] == ["MST", "MST"]


def test_weekly_hours_lists_every_day_with_closed_days_empty():
    week = weekly_hours(_hours()[:3])  # Monday (two periods) and Tuesday only

    assert [day.label for day in week][:2] == ["Monday", "Tuesday"]
    assert len(week[0].periods) == 2
    assert week[0].periods[0].opens_at < week[0].periods[1].opens_at
    assert all(day.is_closed for day in week[2:])


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        status(PACIFIC, dt.datetime(2026, 11, 1, 9, 0))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize(
    ("at", "day"),
    [
        (utc(2026, 11, 2, 15, 0), "today"),  # Monday 07:00 PST, opens 09:00
        # Already Monday in UTC, but Sunday 18:00 in Pasadena: Monday's opening is tomorrow.
        (utc(2026, 11, 2, 2, 0), "tomorrow"),
        (utc(2026, 11, 7, 3, 0), "tomorrow"),  # Friday 19:00 PST -> Saturday
    ],
)
def test_next_opening_day_is_named_on_the_clinic_calendar(at, day):
    assert status(PACIFIC, at).next_opening_day == day
