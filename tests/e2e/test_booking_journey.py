"""Online booking, in the browser: a visitor whose device is in New York books a consultation at
each demo clinic in the clinic's own time, signs in on the way, and takes the visit home as an
.ics file; the patient then moves and cancels visits, is asked to call close to a visit, gets the
nearest free times when someone else takes theirs, and books with the keyboard alone.

Every page is checked with axe-core and photographed on the way.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Locator, Page, expect

from clinic.demo_data import DEMO_DOMAIN, DEMO_PASSWORD
from clinic.models import Clinic, Service
from patients.models import PatientProfile
from scheduling.availability import available_slots
from scheduling.models import Appointment
from scheduling.services import appointment_book
from tests.e2e.booking import (
    ALLEN,
    CONFIRM_URL,
    CONSULTATION,
    CONSULTATION_SLUG,
    NINE,
    PASADENA,
    SCOTTSDALE,
    VISIT_URL,
    DemoClinic,
    choose_day_and_time,
    chosen_date,
    expect_summary,
    row_label,
    row_time,
    time_label,
    times,
)
from tests.e2e.helpers import assert_accessible, screenshot, tab_to

VISITOR_ZONE = "America/New_York"
PATIENT = f"patient@{DEMO_DOMAIN}"
REASON = "Burning pain in both feet for three years; gabapentin stopped helping."


@pytest.fixture
def visitor(new_context) -> Page:
    """A browser whose device is in New York: hours ahead of every demo clinic."""
    return new_context(timezone_id=VISITOR_ZONE).new_page()


# --- A visitor books at each clinic ----------------------------------------------------------


@pytest.mark.parametrize("clinic", [PASADENA, ALLEN, SCOTTSDALE], ids=lambda c: c.slug)
def test_visitor_books_a_consultation_in_the_clinics_own_time(
    visitor: Page, demo, clinic: DemoClinic
):
    page, main = visitor, _main(visitor)
    shot = f"booking-{clinic.slug}"

    page.goto(f"/clinics/{clinic.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(clinic.name)
    assert_accessible(page, f"the page of {clinic.name}")
    main.get_by_role("link", name="Book a consultation online").click()

    expect(page).to_have_url(f"/book/{clinic.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What kind of visit?")
    assert_accessible(page, f"the visit types of {clinic.name}")
    screenshot(page, f"{shot}-01-visit-types")
    main.get_by_role("link", name=f"Choose a time for {CONSULTATION}", exact=True).click()

    expect(page).to_have_url(f"/book/{clinic.slug}/{CONSULTATION_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a day and time")
    _expect_zone_note(page, clinic)
    start = choose_day_and_time(page, clinic, NINE)
    shown = time_label(start)
    assert shown in {f"9:00 AM {abbreviation}" for abbreviation in clinic.abbreviations}

    # Not signed in: the choice waits while the visitor signs in.
    expect(page).to_have_url(CONFIRM_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Almost there")
    expect_summary(page, clinic, start)
    assert_accessible(page, "the sign-in step of booking")
    screenshot(page, f"{shot}-03-sign-in-to-book")
    main.get_by_role("link", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    _fill_sign_in(page)

    expect(page).to_have_url(CONFIRM_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your visit")
    expect_summary(page, clinic, start)
    main.get_by_label("What would you like to talk about?").fill(REASON)
    assert_accessible(page, "the confirmation of a booking")
    screenshot(page, f"{shot}-04-confirm")
    main.get_by_role("button", name="Book this visit").click()

    expect(page).to_have_url(VISIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your visit")
    expect(main.get_by_role("status")).to_have_text("Your visit is booked.")
    expect_summary(page, clinic, start)
    expect(main).to_contain_text("Status: Booked")
    expect(main).to_contain_text(REASON)
    assert_accessible(page, "a booked visit")
    screenshot(page, f"{shot}-05-booked")

    _expect_calendar_file(page, clinic, start)


def _expect_zone_note(page: Page, clinic: DemoClinic) -> None:
    expect(_main(page).get_by_role("note")).to_have_text(
        f"Times are shown in the clinic's local time ({clinic.zone_name}). "
        f"Your device is set to {VISITOR_ZONE}."
    )


def test_the_zone_note_stays_after_choosing_another_month(visitor: Page, demo):
    page, main = visitor, _main(visitor)
    page.goto(f"/book/{PASADENA.slug}/{CONSULTATION_SLUG}/")
    _expect_zone_note(page, PASADENA)
    page.evaluate(
        "() => { window.pickerSettled = new Promise("
        "done => document.addEventListener('htmx:afterSettle', done, {once: true})); }"
    )
    main.get_by_role("link", name=re.compile(r"^Next month")).click()
    page.evaluate("() => window.pickerSettled.then(() => true)")
    _expect_zone_note(page, PASADENA)
    assert_accessible(page, "the time picker a month on")


def _expect_calendar_file(page: Page, clinic: DemoClinic, start: dt.datetime) -> None:
    with page.expect_download() as download_info:
        _main(page).get_by_role("link", name="Add to your calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "appointment.ics"
    ics = Path(download.path()).read_bytes()

    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    dtstart = event["DTSTART"]
    assert dtstart.params["TZID"] == clinic.time_zone
    assert dtstart.dt.replace(tzinfo=None) == start.replace(tzinfo=None), (
        f"the file says {dtstart.dt}, the page said {time_label(start)} on {start.date()}"
    )
    assert dtstart.dt == start
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [clinic.time_zone]
    assert str(event["SUMMARY"]) == f"Appointment at {clinic.name}"
    # No health information in a file that ends up in shared calendars.
    unfolded = ics.replace(b"\r\n ", b"").decode().lower()
    assert CONSULTATION.lower() not in unfolded
    assert "consultation" not in unfolded


# --- Moving and cancelling -------------------------------------------------------------------


def test_patient_moves_one_visit_and_cancels_another(visitor: Page, demo):
    page, main = visitor, _main(visitor)
    first = _book_in_advance(PASADENA, days_ahead=2)
    second = _book_in_advance(
        PASADENA, days_ahead=(_local(first).date() - _today(PASADENA)).days + 1
    )

    _sign_in(page, "/portal/appointments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your appointments")
    coming_up = _list_under(page, "Coming up")
    expect(coming_up.get_by_role("listitem")).to_have_count(2)
    assert_accessible(page, "the patient's appointments")
    screenshot(page, "booking-move-01-appointments")

    # Move the first visit.
    coming_up.get_by_role("link", name=row_label(_local(first))).click()
    expect(page).to_have_url(VISIT_URL)
    expect_summary(page, PASADENA, _local(first))
    assert_accessible(page, "a booked visit")
    main.get_by_role("link", name="Move to another time").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Move your visit")
    _expect_zone_note(page, PASADENA)
    new_start = choose_day_and_time(page, PASADENA, dt.time(10), shot="booking-move-02-time-picker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the new time")
    expect_summary(page, PASADENA, new_start)
    main.get_by_label("Why are you moving the visit? (optional)").fill("A work trip came up.")
    assert_accessible(page, "the confirmation of a new time")
    screenshot(page, "booking-move-03-confirm")
    main.get_by_role("button", name="Move my visit here").click()

    expect(page).to_have_url(VISIT_URL)
    expect(main.get_by_role("status")).to_have_text("Your visit is moved.")
    expect_summary(page, PASADENA, new_start)
    expect(main).to_contain_text("Status: Booked · moved from an earlier booking")
    assert_accessible(page, "a moved visit")
    screenshot(page, "booking-move-04-moved")

    # Cancel the second.
    main.get_by_role("link", name="All your appointments").click()
    _list_under(page, "Coming up").get_by_role("link", name=row_label(_local(second))).click()
    expect_summary(page, PASADENA, _local(second))
    assert_accessible(page, "the other booked visit")
    main.get_by_role("link", name="Cancel the visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your visit")
    # (Not the zone's name: see test_the_cancel_page_names_the_clinics_zone.)
    expect_summary(page, PASADENA, _local(second), zone_named=False)
    main.get_by_label("Why are you cancelling? (optional)").fill("I feel much better.")
    assert_accessible(page, "the cancellation of a visit")
    screenshot(page, "booking-cancel-01-confirm")
    main.get_by_role("button", name="Cancel the visit").click()

    expect(page).to_have_url("/portal/appointments/")
    expect(main.get_by_role("status")).to_have_text("Your visit is cancelled.")
    coming_up = _list_under(page, "Coming up").get_by_role("listitem")
    expect(coming_up).to_have_count(1)
    expect(coming_up).to_contain_text(row_label(new_start))
    past = _list_under(page, "Past and cancelled").get_by_role("listitem")
    expect(past).to_have_count(2)  # the cancelled visit, and the old time of the moved one
    cancelled = past.filter(has_text=row_label(_local(second)))
    expect(cancelled).to_contain_text("Cancelled")
    expect(past.filter(has_text=row_label(_local(first)))).to_contain_text("Cancelled")
    assert_accessible(page, "the appointments after a move and a cancellation")
    screenshot(page, "booking-cancel-02-appointments")

    assert Appointment.objects.get(pk=second.pk).cancel_reason == "I feel much better."


def test_the_cancel_page_names_the_clinics_zone(visitor: Page, demo):
    visit = _book_in_advance(PASADENA, days_ahead=2)
    _sign_in(visitor, f"/portal/appointments/{visit.pk}/cancel/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Cancel your visit")
    expect_summary(visitor, PASADENA, _local(visit))
    assert_accessible(visitor, "the cancellation of a visit")


def test_close_to_the_visit_the_patient_is_asked_to_call(visitor: Page, demo):
    page, main = visitor, _main(visitor)
    # Every visit in the booking horizon falls inside a notice period this long.
    Clinic.objects.filter(slug=PASADENA.slug).update(
        cancel_notice_hours=2000, reschedule_notice_hours=2000
    )
    visit = _book_in_advance(PASADENA, days_ahead=2)

    _sign_in(page, f"/portal/appointments/{visit.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your visit")
    expect_summary(page, PASADENA, _local(visit))
    expect(main.get_by_role("heading", name="Need to change it?")).to_be_visible()
    expect(main).to_contain_text(
        "Visits can be moved or cancelled online up to 2000 hours before. "
        f"Closer to the visit, please call the clinic at {PASADENA.phone}."
    )
    expect(main.get_by_role("link", name=PASADENA.phone)).to_have_attribute("href", PASADENA.tel)
    expect(main.get_by_role("link", name="Move to another time")).to_have_count(0)
    expect(main.get_by_role("link", name="Cancel the visit")).to_have_count(0)
    assert_accessible(page, "a visit inside the notice period")
    screenshot(page, "booking-policy-01-call-the-clinic")

    # The addresses of the forms say the same, without a form.
    page.goto(f"/portal/appointments/{visit.pk}/cancel/")
    expect(main).to_contain_text("so it can't be cancelled online. Please call the clinic at")
    expect(main.get_by_role("link", name=PASADENA.phone)).to_have_attribute("href", PASADENA.tel)
    expect(main.get_by_role("button")).to_have_count(0)
    assert_accessible(page, "the cancellation page inside the notice period")
    page.goto(f"/portal/appointments/{visit.pk}/reschedule/")
    expect(main).to_contain_text("so it can't be moved online. Please call the clinic at")
    expect(main.get_by_role("table")).to_have_count(0)
    assert_accessible(page, "the page to move a visit inside the notice period")
    screenshot(page, "booking-policy-02-move-call-the-clinic")
    assert Appointment.objects.get(pk=visit.pk).status == Appointment.Status.BOOKED


# --- Someone else takes the time -------------------------------------------------------------


def test_a_time_taken_meanwhile_offers_the_nearest_free_times(visitor: Page, demo):
    page, main = visitor, _main(visitor)
    clinic, service = _clinic_and_service(PASADENA)
    start = _free_start(clinic, service, NINE, days_ahead=2)
    # Pasadena has two physicians: one is already booked at that time.
    _book_other("morgan.reyes", start)

    _sign_in(page, "/portal/")
    assert_accessible(page, "the patient's portal")
    page.goto(f"/book/{PASADENA.slug}/{CONSULTATION_SLUG}/?date={_local(start).date().isoformat()}")
    assert_accessible(page, "the time picker")
    times(page, _local(start)).get_by_role("link", name=time_label(_local(start))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your visit")
    main.get_by_label("What would you like to talk about?").fill(REASON)

    # While the patient types, the front desk gives the last physician to someone else.
    _book_other("casey.lindgren", start)
    main.get_by_role("button", name="Book this visit").click()

    refusal = main.get_by_role("alert")
    expect(refusal).to_contain_text("We could not book that time.")
    expect(refusal).to_contain_text("The nearest free times:")
    alternatives = refusal.get_by_role("button", name=re.compile(r"^Take "))
    expect(alternatives).to_have_count(3)
    labels = [label.removeprefix("Take ") for label in alternatives.all_inner_texts()]
    assert row_time(_local(start)) not in labels, labels
    expect(main.get_by_label("What would you like to talk about?")).to_have_value(REASON)
    assert_accessible(page, "a refused booking with the nearest free times")
    screenshot(page, "booking-taken-01-nearest-times")
    assert not Appointment.objects.filter(patient__user__email=PATIENT).exists()

    chosen = labels[0]
    # One press books the nearest time, with the reason already typed.
    alternatives.first.click()

    expect(page).to_have_url(VISIT_URL)
    expect(main.get_by_role("status")).to_have_text("Your visit is booked.")
    booked = Appointment.objects.get(patient__user__email=PATIENT)
    assert row_time(_local(booked)) == chosen
    expect_summary(page, PASADENA, _local(booked))
    assert_accessible(page, "a visit booked at the nearest free time")
    screenshot(page, "booking-taken-02-booked-another-time")


# --- The keyboard alone ----------------------------------------------------------------------


def test_patient_books_with_the_keyboard_alone(visitor: Page, demo):
    page, main, keyboard = visitor, _main(visitor), visitor.keyboard

    page.goto(f"/accounts/login/?next={quote(f'/book/{ALLEN.slug}/')}")
    assert_accessible(page, "the sign-in page")
    tab_to(page, main.get_by_label("Email"))
    keyboard.type(PATIENT)
    tab_to(page, main.get_by_label("Password"))
    keyboard.type(DEMO_PASSWORD)
    keyboard.press("Enter")

    expect(page).to_have_url(f"/book/{ALLEN.slug}/")
    assert_accessible(page, f"the visit types of {ALLEN.name}")
    tab_to(page, main.get_by_role("link", name=f"Choose a time for {CONSULTATION}", exact=True))
    keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a day and time")
    calendar = main.get_by_role("table")
    day = calendar.get_by_role("link").nth(1)  # not the day chosen for us
    day_name = day.get_attribute("aria-label")
    tab_to(page, day, presses=60)
    keyboard.press("Enter")
    expect(main.get_by_role("heading", name=f"Times on {day_name}")).to_be_visible()
    expect(calendar.get_by_role("link", name=f"{day_name} (chosen)")).to_have_attribute(
        "aria-current", "date"
    )
    chosen_day = chosen_date(page)
    start = dt.datetime.combine(chosen_day, NINE, tzinfo=ZoneInfo(ALLEN.time_zone))
    # The swap of the picker drops the focus (see test_choosing_a_day_keeps_the_keyboard_focus):
    # Tab goes on from the footer, round through the header and the calendar, to the times.
    time_link = times(page, start).get_by_role("link", name=time_label(start))
    tab_to(page, time_link, presses=80)
    assert_accessible(page, "the time picker, a time focused")
    screenshot(page, "booking-keyboard-01-time-focused")
    keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your visit")
    expect_summary(page, ALLEN, start)
    assert_accessible(page, "the confirmation of a booking")
    tab_to(page, main.get_by_label("What would you like to talk about?"))
    keyboard.type(REASON)
    tab_to(page, main.get_by_role("button", name="Book this visit"))
    keyboard.press("Enter")

    expect(page).to_have_url(VISIT_URL)
    expect(main.get_by_role("status")).to_have_text("Your visit is booked.")
    expect_summary(page, ALLEN, start)
    assert_accessible(page, "a visit booked with the keyboard")
    screenshot(page, "booking-keyboard-02-booked")


def test_choosing_a_day_keeps_the_keyboard_focus(visitor: Page, demo):
    page, main = visitor, _main(visitor)
    _sign_in(page, f"/book/{ALLEN.slug}/{CONSULTATION_SLUG}/")
    day = main.get_by_role("table").get_by_role("link").nth(1)
    day_name = day.get_attribute("aria-label")
    tab_to(page, day, presses=60)
    page.keyboard.press("Enter")
    expect(main.get_by_role("heading", name=f"Times on {day_name}")).to_be_visible()
    expect(main.get_by_role("link", name=f"{day_name} (chosen)")).to_be_focused()
    assert_accessible(page, "the time picker after a day chosen by keyboard")


# --- Helpers ---------------------------------------------------------------------------------


def _main(page: Page) -> Locator:
    # The header has a search form with its own button: every click on a form is in `main`.
    return page.get_by_role("main")


def _sign_in(page: Page, next_path: str) -> None:
    page.goto(f"/accounts/login/?next={quote(next_path)}")
    _fill_sign_in(page)
    expect(page).to_have_url(next_path)


def _fill_sign_in(page: Page) -> None:
    main = _main(page)
    assert_accessible(page, "the sign-in page")
    main.get_by_label("Email").fill(PATIENT)
    main.get_by_label("Password").fill(DEMO_PASSWORD)
    main.get_by_role("button", name="Sign In").click()


def _local(visit_or_moment, clinic: DemoClinic = PASADENA) -> dt.datetime:
    """A visit's start, or an instant, on the clinic's clock."""
    moment = getattr(visit_or_moment, "starts_at", visit_or_moment)
    return moment.astimezone(ZoneInfo(clinic.time_zone))


def _today(clinic: DemoClinic) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(clinic.time_zone)).date()


def _list_under(page: Page, heading: str) -> Locator:
    return (
        _main(page)
        .get_by_role("heading", name=heading, exact=True)
        .locator("xpath=following-sibling::ul[1]")
    )


# --- Data set up in the test, through the services -------------------------------------------


def _clinic_and_service(clinic: DemoClinic) -> tuple[Clinic, Service]:
    found = Clinic.objects.get(slug=clinic.slug)
    return found, found.services.get(slug=CONSULTATION_SLUG)


def _free_start(clinic: Clinic, service: Service, wall: dt.time, *, days_ahead: int):
    """The first free `wall` time at least `days_ahead` days from today, on the clinic's clock."""
    first_day = timezone.now().astimezone(clinic.zone).date() + dt.timedelta(days=days_ahead)
    for slot in available_slots(clinic=clinic, service=service, first_day=first_day, days=21):
        if slot.starts_at.astimezone(clinic.zone).time() == wall:
            return slot.starts_at
    raise AssertionError(f"no free {wall} at {clinic} in three weeks from {first_day}")


def _book_in_advance(clinic: DemoClinic, *, days_ahead: int) -> Appointment:
    """A consultation the demo patient booked earlier, at 9:00 on the clinic's clock."""
    found, service = _clinic_and_service(clinic)
    patient = PatientProfile.objects.select_related("user").get(user__email=PATIENT)
    return appointment_book(
        clinic=found,
        service=service,
        starts_at=_free_start(found, service, NINE, days_ahead=days_ahead),
        patient=patient,
        booked_by=patient.user,
        reason="Booked before the journey begins.",
    )


def _book_other(local_part: str, start: dt.datetime) -> Appointment:
    """Another demo patient booked at the same time by the front desk."""
    clinic, service = _clinic_and_service(PASADENA)
    patient = PatientProfile.objects.select_related("user").get(
        user__email=f"{local_part}@{DEMO_DOMAIN}"
    )
    return appointment_book(
        clinic=clinic,
        service=service,
        starts_at=start,
        patient=patient,
        booked_by=patient.user,
        staff=True,
    )
