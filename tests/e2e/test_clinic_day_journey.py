"""The clinic's day, in the admin (issue #8, journeys 3 and 4): a nurse runs an infusion from
the day board to discharge; a physician clears a flagged intake, and the front desk, refused a
series before that, books the six infusions.

Every page is checked with axe-core and photographed on the way.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from clinic.demo_data import DEMO_DOMAIN
from clinic.models import Clinic, OpeningHours
from patients.models import PatientProfile, User
from scheduling.availability import Needs
from scheduling.models import Appointment, InfusionSeries
from tests.e2e.helpers import assert_accessible, screenshot, sign_in_to_admin

PASADENA = "Arroyo Ketamine & Pain Center"
PASADENA_SLUG = "arroyo-pasadena"
NURSE = f"nurse.pasadena@{DEMO_DOMAIN}"
FRONT_DESK = f"frontdesk.pasadena@{DEMO_DOMAIN}"
RILEY = f"riley.okonkwo@{DEMO_DOMAIN}"
RILEY_NAME = "Riley Okonkwo"
PHYSICIAN = f"physician.pasadena@{DEMO_DOMAIN}"
MORGAN = f"morgan.reyes@{DEMO_DOMAIN}"
MORGAN_NAME = "Morgan Reyes"
MORGAN_CLEARANCE = (
    "Blood pressure is controlled now (132/84 today); hold the benzodiazepine the night before."
)
INFUSION = "IV ketamine infusion"
CHAIRS = [f"Bay {n}" for n in range(1, 7)]
CLINICIANS = ["Grace Whitfield", "Tomás Lindqvist", "Dr. Elias Moreau", "Dr. Priya Venkataraman"]


# --- A nurse runs an infusion ----------------------------------------------------------------


def test_nurse_runs_an_infusion_from_check_in_to_discharge(page: Page, demo):
    visit = _infusion_starting_soon()
    local_start = visit.starts_at.astimezone(visit.clinic.zone)

    sign_in_to_admin(page, NURSE)
    page.locator("#user-tools").get_by_role("link", name="Day board").click()
    expect(page).to_have_url(re.compile(r"/admin/scheduling/appointment/board/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Day board")
    board = page.get_by_role("table", name="Chairs and providers against the time of day")
    headers = board.get_by_role("columnheader")
    expect(headers).to_have_count(1 + len(CHAIRS) + len(CLINICIANS))
    expect(headers.first).to_have_text("Time")
    expect(headers.nth(1)).to_have_text(CHAIRS[0])
    for column in CHAIRS + CLINICIANS:
        expect(board.get_by_role("columnheader", name=column, exact=True)).to_be_visible()
    assert_accessible(page, "the day board")
    screenshot(page, "clinic-day-01-board-today")

    # The day of the infusion, as the nurse chooses it.
    controls = page.locator("form.board-controls")
    controls.get_by_label("Day").fill(local_start.date().isoformat())
    controls.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"date={local_start.date().isoformat()}"))
    expect(page.locator("#content")).to_contain_text(
        f"{PASADENA} — {_day_label(local_start)} (Pacific Time)"
    )
    start_row = board.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=_clock(local_start), exact=True)
    )
    # One cell in Bay 1's column, one in Grace's: both the same visit.
    expect(start_row.get_by_role("link", name=RILEY_NAME)).to_have_count(2)
    expect(start_row).to_contain_text(f"{INFUSION}\nBooked", use_inner_text=True)
    visits_of_the_day = page.get_by_role("heading", name="Visits of the day").locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(visits_of_the_day).to_contain_text(
        f"{_clock(local_start)} — {RILEY_NAME}, {INFUSION} (Booked)"
    )
    assert_accessible(page, "the day board of the infusion")
    screenshot(page, "clinic-day-02-board-with-infusion")
    start_row.get_by_role("link", name=RILEY_NAME).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Visit of {RILEY_NAME}")
    _expect_fact(page, "Visit", INFUSION)
    _expect_fact(page, "With", "Bay 1")
    _expect_status(page, "Booked")
    expect(page.get_by_role("button", name="Start", exact=True)).to_have_count(0)
    assert_accessible(page, "a booked visit in the admin")
    screenshot(page, "clinic-day-03-visit-booked")

    page.get_by_role("button", name="Check in").click()
    _expect_message(page, "Check in: done.")
    _expect_status(page, "Checked in")
    _record_vitals(page, phase="Before", systolic="128", diastolic="82", heart_rate="72")
    _expect_message(page, "Vital signs recorded.")

    page.get_by_role("button", name="Start", exact=True).click()
    _expect_message(page, "Start: done.")
    _expect_status(page, "Infusion started")

    _record_vitals(page, phase="During", systolic="175", diastolic="95", heart_rate="88")
    _expect_message(page, "Past the clinic's limits: systolic 175 > 160")
    readings = page.locator("table.vitals tbody tr")
    expect(readings).to_have_count(2)
    expect(readings.nth(0)).not_to_have_class(re.compile("vitals-alert"))
    expect(readings.nth(0)).to_contain_text("128/82")
    expect(readings.nth(1)).to_have_class(re.compile(r"\bvitals-alert\b"))
    expect(readings.nth(1)).to_contain_text("175/95")
    expect(readings.nth(1).get_by_role("cell").last).to_have_text("systolic 175 > 160")
    # Highlighted: the row stands out from the one within the limits.
    assert _background(readings.nth(1)) != _background(readings.nth(0))
    assert_accessible(page, "a visit with a reading past the limits")
    screenshot(page, "clinic-day-04-vitals-alert")

    page.get_by_role("button", name="Start observation").click()
    _expect_message(page, "Start observation: done.")
    _expect_status(page, "Observation")
    _record_vitals(page, phase="After", systolic="134", diastolic="84", heart_rate="76")
    _expect_message(page, "Vital signs recorded.")

    checklist = page.locator("form").filter(
        has=page.get_by_role("heading", name="Discharge checklist")
    )
    checklist.get_by_label("Blood pressure and heart rate are back near baseline").check()
    checklist.get_by_label("Side effects noted (or 'none')").fill("Mild dizziness, gone by 20 min.")
    checklist.get_by_role("button", name="Complete").click()
    _expect_message(page, "Before discharge, confirm: an escort to drive them home.")
    _expect_status(page, "Observation")
    assert_accessible(page, "the discharge checklist refused")
    screenshot(page, "clinic-day-05-discharge-without-escort")

    checklist.get_by_label("Blood pressure and heart rate are back near baseline").check()
    checklist.get_by_label("A responsible adult is here to drive them home").check()
    checklist.get_by_label("Side effects noted (or 'none')").fill("Mild dizziness, gone by 20 min.")
    checklist.get_by_role("button", name="Complete").click()
    _expect_message(page, "The visit is complete.")
    _expect_status(page, "Completed")
    expect(page.get_by_role("heading", name="Discharge checklist")).to_have_count(0)
    expect(page.get_by_role("heading", name="Record vital signs")).to_have_count(0)
    assert_accessible(page, "a completed infusion")
    screenshot(page, "clinic-day-06-completed")

    visit.refresh_from_db()
    assert visit.status == Appointment.Status.COMPLETED
    assert visit.discharge.escort_present
    assert visit.discharge.side_effects == "Mild dizziness, gone by 20 min."

    page.locator(".breadcrumbs").get_by_role("link", name="Day board").click()
    expect(start_row).to_contain_text(f"{INFUSION}\nCompleted", use_inner_text=True)


def _infusion_starting_soon() -> Appointment:
    """Riley's infusion with Grace in Bay 1, at the next quarter hour at least ten minutes away,
    so that check-in (from two hours before) is open on the live server's real clock.

    Made directly, as the clinic might have done by phone: a booking through the services would
    refuse a time outside the nurses' hours, and this journey runs at any hour.
    """
    clinic = Clinic.objects.get(slug=PASADENA_SLUG)
    service = clinic.services.get(slug="iv-ketamine-infusion")
    needs = Needs.of(service)
    soon = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=10)
    starts_at = soon + dt.timedelta(minutes=-soon.minute % 15)
    _open_the_clinic_around(clinic, starts_at, starts_at + needs.chair)
    return Appointment.objects.create(
        clinic=clinic,
        service=service,
        patient=PatientProfile.objects.get(user__email=RILEY),
        provider=User.objects.get(email=NURSE),
        chair=clinic.chairs.get(name="Bay 1"),
        starts_at=starts_at,
        ends_at=starts_at + needs.service,
        provider_until=starts_at + needs.provider,
        chair_until=starts_at + needs.chair,
        reason="Infusion 3 of 6.",
        booked_by=User.objects.get(email=FRONT_DESK),
    )


def _open_the_clinic_around(clinic: Clinic, start: dt.datetime, end: dt.datetime) -> None:
    """The day board shows the clinic's opening hours of the day (8 to 6 when it is closed).
    When the journey runs at night or on a Sunday, the clinic opens all that day."""
    local_start, local_end = start.astimezone(clinic.zone), end.astimezone(clinic.zone)
    hours = clinic.opening_hours.filter(weekday=local_start.weekday())
    opens = min((row.opens_at for row in hours), default=dt.time(8))
    closes = max((row.closes_at for row in hours), default=dt.time(18))
    inside = local_end.date() == local_start.date() and opens <= local_start.time()
    if inside and local_end.time() <= closes:
        return
    OpeningHours.objects.create(
        clinic=clinic,
        weekday=local_start.weekday(),
        opens_at=dt.time(0),
        closes_at=dt.time(23, 59),
    )


def _record_vitals(page: Page, *, phase: str, systolic: str, diastolic: str, heart_rate: str):
    form = page.locator("form").filter(has=page.get_by_role("heading", name="Record vital signs"))
    form.get_by_label("Phase").select_option(label=phase)
    form.get_by_label("Systolic").fill(systolic)
    form.get_by_label("Diastolic").fill(diastolic)
    form.get_by_label("Heart rate").fill(heart_rate)
    form.get_by_label("SpO2 (%)").fill("97")
    form.get_by_label("Pain (0-10)").fill("3")
    form.get_by_role("button", name="Record").click()


def _background(row: Locator) -> str:
    return row.get_by_role("cell").first.evaluate("cell => getComputedStyle(cell).backgroundColor")


# --- A physician clears a flagged intake; the front desk books the series -------------------


def test_physician_clears_a_flagged_intake_and_front_desk_books_the_series(
    page: Page, demo, new_context
):
    """Issue #8, journey 4. Morgan Reyes's intake is flagged (blood pressure, a benzodiazepine):
    the front desk cannot book a series until a physician has looked and cleared it."""
    zone = Clinic.objects.get(slug=PASADENA_SLUG).zone
    today = timezone.now().astimezone(zone).date()
    next_monday = today + dt.timedelta(days=7 - today.weekday())

    sign_in_to_admin(page, FRONT_DESK)
    _plan_a_series(page, MORGAN, next_monday)
    page.locator("#content form").get_by_role("button", name="Propose times").click()
    # Refused before any time is proposed, saying why; what was typed stays.
    expect(page.locator("#content .errornote")).to_have_text(
        "IV ketamine infusion needs a physician's clearance first: Morgan Reyes's intake at "
        "Arroyo Ketamine & Pain Center is “Submitted”. Book a consultation instead, or ask a "
        "physician to review the intake."
    )
    expect(page.get_by_label(re.compile(r"^Session \d$"))).to_have_count(0)
    expect(page.get_by_label("Patient's email")).to_have_value(MORGAN)
    assert not InfusionSeries.objects.filter(patient__user__email=MORGAN).exists()
    assert_accessible(page, "a series refused before clearance")
    screenshot(page, "clinic-series-03-refused-not-cleared")

    _physician_clears_morgan(new_context().new_page())

    page.locator("#content form").get_by_role("button", name="Propose times").click()
    starts = _proposed_sessions(page, next_monday, zone)
    page.get_by_role("button", name="Book every session").click()
    expect(page).to_have_url(re.compile(r"/admin/scheduling/infusionseries/[0-9a-f-]{36}/change/$"))
    expect(page.locator(".messagelist")).to_contain_text("The series is booked: every session.")
    expect(page.locator(".field-progress .readonly")).to_have_text("0 of 6 done")
    booked = page.locator(".field-sessions .readonly")
    expect(booked).to_contain_text("(Booked)")
    assert booked.inner_text().count("(Booked)") == 6, booked.inner_text()
    assert_accessible(page, "a booked series")
    screenshot(page, "clinic-series-07-booked")

    series = InfusionSeries.objects.get(patient__user__email=MORGAN)
    assert series.planned_sessions == 6
    assert sorted(a.starts_at for a in series.appointments.all()) == starts


def _plan_a_series(page: Page, patient: str, first_day: dt.date) -> None:
    page.get_by_role("link", name="Infusion series", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/scheduling/infusionseries/$"))
    assert_accessible(page, "the list of infusion series")
    page.get_by_role("link", name=re.compile(r"^Add infusion series")).click()

    expect(page).to_have_url(re.compile(r"/admin/scheduling/infusionseries/add/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan an infusion series")
    form = page.locator("#content form")
    form.get_by_label("Clinic").select_option(label=PASADENA)
    form.get_by_label("Patient's email").fill(patient)
    form.get_by_label("Infusion").select_option(label=f"{INFUSION} — {PASADENA}")
    form.get_by_label("Sessions").fill("6")
    form.get_by_label("At most per week").fill("2")
    form.get_by_label("At least this many hours apart").fill("48")
    form.get_by_label("From").fill(first_day.isoformat())
    form.get_by_label("Preferred time of day").fill("10:00")
    assert_accessible(page, "the series planner")
    screenshot(page, "clinic-series-01-plan")


def _proposed_sessions(page: Page, first_day: dt.date, zone: ZoneInfo) -> list[dt.datetime]:
    sessions = page.get_by_label(re.compile(r"^Session \d$"))
    expect(sessions).to_have_count(6)
    starts = [
        dt.datetime.fromisoformat(value).replace(tzinfo=zone)
        for value in (session.input_value() for session in sessions.all())
    ]
    # (The first Monday, unless the clinic is closed that day.)
    assert starts[0].date() >= first_day and starts[0].time() == dt.time(10), starts
    weeks = [start.isocalendar()[:2] for start in starts]
    assert all(weeks.count(week) <= 2 for week in weeks), starts
    assert all(b - a >= dt.timedelta(hours=48) for a, b in itertools.pairwise(starts))
    expect(page.locator("#content")).to_contain_text(f"{starts[0]:%A}, 10:00 AM")
    assert_accessible(page, "the proposed sessions")
    screenshot(page, "clinic-series-02-proposed")
    return starts


def _physician_clears_morgan(page: Page) -> None:
    sign_in_to_admin(page, PHYSICIAN)
    page.get_by_role("link", name="Intakes", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/patients/intake/$"))
    row = page.locator("#result_list tbody tr").filter(has_text=MORGAN_NAME)
    expect(row.locator("td.field-status")).to_have_text("Submitted")
    expect(row.locator("td.field-flag_count")).to_have_text("2")
    assert_accessible(page, "the physician's intake queue")
    screenshot(page, "clinic-series-04-intake-queue")

    row.get_by_role("link", name=MORGAN_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Intake of {MORGAN_NAME}")
    expect(page.locator(".screening-flags li")).to_have_text(
        [
            "currently takes a benzodiazepine",
            "uncontrolled hypertension reported (last reading 166/102)",
        ]
    )
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("You are now reviewing this intake.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Status"))).to_contain_text("In review")
    assert_accessible(page, "the review of a flagged intake")
    screenshot(page, "clinic-series-05-review-flagged")

    page.get_by_label("Clear for infusion").check()
    page.get_by_label("Note to the patient").fill(MORGAN_CLEARANCE)
    page.get_by_role("button", name="Record decision").click()
    expect(page).to_have_url(re.compile(r"/admin/patients/intake/$"))
    expect(page.get_by_text("Your decision is recorded.")).to_be_visible()
    row = page.locator("#result_list tbody tr").filter(has_text=MORGAN_NAME)
    expect(row.locator("td.field-status")).to_have_text("Cleared for infusion")
    assert_accessible(page, "the queue after clearing a flagged intake")
    screenshot(page, "clinic-series-06-cleared")


# --- Helpers ---------------------------------------------------------------------------------


def _expect_fact(page: Page, label: str, text: str) -> None:
    fact = page.locator("table.intake-facts").get_by_role("row", name=re.compile(f"^{label}"))
    expect(fact).to_contain_text(text)


def _expect_status(page: Page, status: str) -> None:
    row = page.locator("table.intake-facts").get_by_role("row", name=re.compile("^Status"))
    expect(row.get_by_role("cell")).to_have_text(status)


def _expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messagelist")).to_have_text(text)


def _clock(moment: dt.datetime) -> str:
    """A time of day as the board writes it ("g:i A"): 9:15 AM."""
    return f"{moment.hour % 12 or 12}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def _day_label(moment: dt.datetime) -> str:
    """ "l, F j, Y": Saturday, November 21, 2026."""
    return f"{moment:%A, %B} {moment.day}, {moment.year}"
