"""What a person does in the booking pages, and how those pages write times: shared by the
journeys that book a visit (test_booking_journey, and the new patient's whole journey in
test_patient_journey)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import assert_accessible, screenshot

CONSULTATION = "Initial consultation"
CONSULTATION_SLUG = "consultation-in-person"
NINE = dt.time(9)
VISIT_URL = re.compile(r"/portal/appointments/[0-9a-f-]{36}/$")
CONFIRM_URL = re.compile(r"/book/[a-z-]+/[a-z-]+/confirm/\?start=")


@dataclass(frozen=True)
class DemoClinic:
    slug: str
    name: str
    time_zone: str
    zone_name: str
    phone: str
    tel: str
    abbreviations: tuple[str, ...]  # winter and summer; Arizona keeps standard time all year


PASADENA = DemoClinic(
    "arroyo-pasadena",
    "Arroyo Ketamine & Pain Center",
    "America/Los_Angeles",
    "Pacific Time",
    "(626) 555-0142",
    "tel:+16265550142",
    ("PST", "PDT"),
)
ALLEN = DemoClinic(
    "prairie-light-allen",
    "Prairie Light Infusion Clinic",
    "America/Chicago",
    "Central Time",
    "(469) 555-0187",
    "tel:+14695550187",
    ("CST", "CDT"),
)
SCOTTSDALE = DemoClinic(
    "desert-bloom-scottsdale",
    "Desert Bloom Pain & Infusion",
    "America/Phoenix",
    "Arizona Time",
    "(480) 555-0163",
    "tel:+14805550163",
    ("MST",),
)


def _main(page: Page) -> Locator:
    # The header has a search form with its own button: every click on a form is in `main`.
    return page.get_by_role("main")


def choose_day_and_time(
    page: Page, clinic: DemoClinic, wall: dt.time, shot: str | None = None
) -> dt.datetime:
    """In the picker: go to next month (every day of it has room for a whole day's times),
    choose its second day with room, then the time `wall`. Returns the chosen start, on the
    clinic's clock."""
    calendar = _main(page).get_by_role("table")
    this_month = _main(page).locator("#month-heading")
    month_name = this_month.inner_text()
    _main(page).get_by_role("link", name=re.compile(r"^Next month")).click()
    expect(this_month).not_to_have_text(month_name)

    day = calendar.get_by_role("link").nth(1)
    day_name = day.get_attribute("aria-label")
    day.click()
    expect(_main(page).get_by_role("heading", name=f"Times on {day_name}")).to_be_visible()
    expect(_main(page)).to_contain_text(f"In the clinic's local time ({clinic.zone_name}).")
    start = dt.datetime.combine(chosen_date(page), wall, tzinfo=ZoneInfo(clinic.time_zone))
    time_link = times(page, start).get_by_role("link", name=time_label(start), exact=True)
    expect(time_link).to_be_visible()
    assert_accessible(page, f"the time picker of {clinic.name}")
    screenshot(page, shot or f"booking-{clinic.slug}-02-time-picker")
    time_link.click()
    return start


def chosen_date(page: Page) -> dt.date:
    chosen = _main(page).locator("a[aria-current=date]")
    href = chosen.get_attribute("href") or ""
    match = re.search(r"date=(\d{4}-\d{2}-\d{2})", href)
    assert match, f"the chosen day links to {href!r}"
    return dt.date.fromisoformat(match.group(1))


def times(page: Page, start: dt.datetime) -> Locator:
    return _main(page).get_by_role("list", name=f"Times on {start:%A, %B} {start.day}")


def expect_summary(
    page: Page, clinic: DemoClinic, start: dt.datetime, *, zone_named: bool = True
) -> None:
    summary = _main(page).locator(".card").filter(has_text=clinic.name).first
    expect(summary).to_contain_text(f"{day_label(start)} at {time_label(start)}")
    if zone_named:
        expect(summary).to_contain_text(f"Clinic's local time ({clinic.zone_name}).")


def time_label(moment: dt.datetime) -> str:
    """A time as the pages write it (Django's "g:i A T"): 9:00 AM PST."""
    return f"{moment.hour % 12 or 12}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'} " + (
        moment.tzname() or ""
    )


def day_label(moment: dt.datetime) -> str:
    """ "l, F j, Y": Tuesday, December 1, 2026."""
    return f"{moment:%A, %B} {moment.day}, {moment.year}"


def row_label(moment: dt.datetime) -> str:
    """A visit in a list of appointments ("D M j, Y, g:i A T")."""
    return f"{moment:%a %b} {moment.day}, {moment.year}, {time_label(moment)}"


def row_time(moment: dt.datetime) -> str:
    """A nearest free time ("D M j, g:i A T")."""
    return f"{moment:%a %b} {moment.day}, {time_label(moment)}"
