"""The booking pages, the availability API, the calendar file and the patient's appointments."""

import datetime as dt
import re
from urllib.parse import quote, unquote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from scheduling.models import Appointment
from scheduling.services import appointment_book
from tests.factories import ClinicFactory, patient
from tests.scheduling.conftest import booked, consultation, infusion, provider, utc

pytestmark = pytest.mark.django_db

NOW = utc(2026, 11, 9, 16)  # Monday 08:00 PST
TUESDAY_9 = utc(2026, 11, 10, 17)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setup(clinic):
    doctor = provider(clinic)
    return clinic, consultation(clinic, slug="consultation"), doctor


@pytest.fixture
def me_client():
    person = patient(legal_first_name="Ana", legal_last_name="Ruiz")
    client = Client()
    client.force_login(person.user)
    client.patient = person
    return client


def confirm_url(clinic, service, start: dt.datetime) -> str:
    url = reverse("scheduling:book_confirm", args=[clinic.slug, service.slug])
    return f"{url}?start={quote(start.astimezone(clinic.zone).isoformat())}"


# --- API ------------------------------------------------------------------------------------


def test_api_returns_the_zone_and_slots_with_offsets(client, setup):
    clinic, service, _ = setup

    with time_machine.travel(utc(2026, 10, 20), tick=False):
        response = client.get(
            reverse("scheduling:api_availability", args=[clinic.slug]),
            {"service": service.slug, "from": "2026-10-31", "days": 3},
        )

    data = response.json()
    assert data["time_zone"] == "America/Los_Angeles"
    starts = [slot["start"] for slot in data["slots"]]
    # 09:00 local on each side of the autumn change, with the right UTC offset.
    assert "2026-10-31T09:00:00-07:00" in starts
    assert "2026-11-01T09:00:00-08:00" in starts
    assert data["slots"][0]["end"] == "2026-10-31T09:45:00-07:00"


@pytest.mark.parametrize(
    "params",
    [
        {"service": "nope", "from": "2026-11-10"},
        {"service": "consultation", "from": "10/11/2026"},
        {"service": "consultation", "from": "2026-11-10", "days": "0"},
        {"service": "consultation", "from": "2026-11-10", "days": "500"},
        {"service": "consultation", "from": "2026-11-10", "days": "x"},
    ],
)
def test_api_explains_bad_parameters(client, setup, params):
    response = client.get(reverse("scheduling:api_availability", args=[setup[0].slug]), params)

    assert response.status_code == 400
    assert "error" in response.json()


def test_api_for_an_unknown_clinic_is_404(client):
    assert client.get("/api/clinics/nowhere/availability?service=x").status_code == 404


def test_api_runs_a_fixed_number_of_queries(client, setup, django_assert_max_num_queries):
    clinic, service, _ = setup
    url = reverse("scheduling:api_availability", args=[clinic.slug])

    with django_assert_max_num_queries(9):
        client.get(url, {"service": service.slug, "from": "2026-11-10", "days": 14})


# --- Booking pages --------------------------------------------------------------------------


def test_calendar_shows_days_with_room_and_times_in_local_time(client, setup):
    clinic, service, _ = setup

    page = client.get(
        reverse("scheduling:book_time", args=[clinic.slug, service.slug]),
        {"month": "2026-11-01", "date": "2026-11-10"},
    )

    view = page.context["view"]
    assert dt.date(2026, 11, 10) in view.days_with_room
    assert dt.date(2026, 11, 8) not in view.days_with_room  # in the past
    html = page.content.decode()
    assert "9:00 AM PST" in html and 'data-clinic-zone="America/Los_Angeles"' in html


def test_staff_only_services_are_not_offered(client, setup):
    clinic, _, _ = setup
    hidden = consultation(clinic, name="Staff-only visit", slug="staff-only", bookable_online=False)

    page = client.get(reverse("scheduling:book_service", args=[clinic.slug])).content.decode()

    assert "Staff-only visit" not in page
    url = reverse("scheduling:book_time", args=[clinic.slug, hidden.slug])
    assert client.get(url).status_code == 404


def test_infusions_are_listed_but_not_open_before_clearance(me_client, clinic):
    provider(clinic)
    infusion(clinic, name="IV infusion")

    page = me_client.get(reverse("scheduling:book_service", args=[clinic.slug]))

    items = {item["service"].name: item["open"] for item in page.context["services"]}
    assert items == {"IV infusion": False}
    assert "After a physician clears your intake" in page.content.decode()


def test_anonymous_visitors_sign_in_without_losing_the_choice(client, setup):
    clinic, service, _ = setup
    url = confirm_url(clinic, service, TUESDAY_9)

    page = client.get(url)

    html = page.content.decode()
    assert "Sign in, or create an account" in html
    link = re.search(r'href="/accounts/login/\?next=([^"]+)"', html).group(1)
    assert unquote(unquote(link)) == unquote(url)
    assert "/accounts/signup/?next=" in html


def test_booking_confirms_and_offers_the_calendar_file(me_client, setup):
    clinic, service, _ = setup

    response = me_client.post(confirm_url(clinic, service, TUESDAY_9), {"reason": "Knee pain"})

    appointment = Appointment.objects.get()
    assert response["Location"] == reverse("scheduling:appointment", args=[appointment.id])
    page = me_client.get(response["Location"]).content.decode()
    assert "Tuesday, November 10, 2026 at 9:00 AM PST" in page
    assert reverse("scheduling:appointment_ics", args=[appointment.id]) in page


def test_booking_needs_a_reason_and_keeps_nothing_half_written(me_client, setup):
    clinic, service, _ = setup

    response = me_client.post(confirm_url(clinic, service, TUESDAY_9), {"reason": ""})

    assert "Tell the clinic briefly why you are coming" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_taken_time_says_so_and_offers_the_nearest_keeping_the_reason(me_client, setup):
    clinic, service, doctor = setup
    booked(service, TUESDAY_9, who=doctor)

    response = me_client.post(confirm_url(clinic, service, TUESDAY_9), {"reason": "Migraine"})

    html = response.content.decode()
    assert "We could not book that time." in html
    assert "The nearest free times" in html
    assert "10:00 AM PST" in html or "9:45 AM PST" in html
    assert "Migraine" in html  # what was typed stays
    assert Appointment.objects.count() == 1


def test_the_move_and_cancel_notice_shows_when_booking_and_after_not_only_near_the_visit(
    me_client, setup
):
    clinic, service, _ = setup
    url = confirm_url(clinic, service, TUESDAY_9 + dt.timedelta(days=7))  # a week away

    confirm = me_client.get(url).content.decode()
    booked_page = me_client.post(url, {"reason": "Knee pain"}, follow=True).content.decode()

    notice = "Visits can be moved or cancelled online up to 24 hours before."
    assert notice in confirm
    assert notice in booked_page and "Cancel the visit" in booked_page


def test_refused_tries_do_not_use_up_the_accounts_bookings(me_client, setup):
    clinic, service, doctor = setup
    booked(service, TUESDAY_9, who=doctor)  # this time is taken
    for _ in range(12):
        refused = me_client.post(confirm_url(clinic, service, TUESDAY_9), {"reason": "Migraine"})
        assert refused.status_code == 200

    done = me_client.post(
        confirm_url(clinic, service, TUESDAY_9 + dt.timedelta(days=1)), {"reason": "Migraine"}
    )

    assert done.status_code == 302
    assert Appointment.objects.filter(patient=me_client.patient).count() == 1


def test_past_ten_bookings_an_hour_the_form_keeps_the_reason_and_says_when(me_client, setup):
    clinic, service, _ = setup
    for day in range(10):
        start = TUESDAY_9 + dt.timedelta(days=day)
        assert (
            me_client.post(confirm_url(clinic, service, start), {"reason": "x"}).status_code == 302
        )

    limited = me_client.post(
        confirm_url(clinic, service, TUESDAY_9 + dt.timedelta(days=10)),
        {"reason": "Flare since Sunday, left knee"},
    )

    html = limited.content.decode()
    assert limited.status_code == 429
    assert "Please try again after 9:00 AM PST" in html  # the hour's window ends at 17:00 UTC
    assert "Flare since Sunday, left knee" in html
    assert Appointment.objects.filter(patient=me_client.patient).count() == 10


@pytest.mark.parametrize("start", ["tomorrow", "2026-11-10T09:00:00", ""])
def test_a_tampered_time_is_404(me_client, setup, start):
    clinic, service, _ = setup
    url = reverse("scheduling:book_confirm", args=[clinic.slug, service.slug])

    assert me_client.get(f"{url}?start={start}").status_code == 404


def test_a_service_of_another_clinic_cannot_be_booked_here(me_client, setup):
    clinic, _, _ = setup
    foreign = consultation(ClinicFactory(), slug="foreign-visit")

    response = me_client.post(confirm_url(clinic, foreign, TUESDAY_9), {"reason": "x"})

    assert response.status_code == 404
    assert not Appointment.objects.exists()


def test_calendar_file_has_the_clinic_zone_and_no_health_details(me_client, setup):
    clinic, service, _ = setup
    visit = appointment_book(
        clinic=clinic,
        service=service,
        starts_at=TUESDAY_9,
        patient=me_client.patient,
        booked_by=me_client.patient.user,
        reason="Severe CRPS in my left arm",
    )

    response = me_client.get(reverse("scheduling:appointment_ics", args=[visit.id]))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == TUESDAY_9
    assert event["dtstart"].params["TZID"] == "America/Los_Angeles"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/Los_Angeles"
    text = response.content.decode()
    assert "CRPS" not in text and service.name not in text
    assert f"Appointment at {clinic.name}" in text


# --- The patient's appointments -------------------------------------------------------------


def _book(client, service, start=TUESDAY_9):
    return appointment_book(
        clinic=service.clinic,
        service=service,
        starts_at=start,
        patient=client.patient,
        booked_by=client.patient.user,
    )


def test_upcoming_and_past_visits_are_listed(me_client, setup):
    _, service, _ = setup
    visit = _book(me_client, service)

    page = me_client.get(reverse("scheduling:appointments"))

    assert page.context["upcoming"] == [visit]
    assert "Tue Nov 10, 2026, 9:00 AM PST" in page.content.decode()


def test_cancel_online_outside_the_window(me_client, setup):
    _, service, _ = setup
    visit = _book(me_client, service)

    me_client.post(reverse("scheduling:appointment_cancel", args=[visit.id]), {"reason": "Sick"})

    visit.refresh_from_db()
    assert visit.status == "cancelled" and visit.cancelled_by == "patient"


def test_inside_the_window_the_page_says_call_and_nothing_changes(me_client, setup):
    _, service, _ = setup
    visit = _book(me_client, service)

    with time_machine.travel(TUESDAY_9 - dt.timedelta(hours=3), tick=False):
        me_client.force_login(me_client.patient.user)  # a day later: a fresh sign-in
        page = me_client.get(reverse("scheduling:appointment", args=[visit.id])).content.decode()
        cancel = me_client.post(reverse("scheduling:appointment_cancel", args=[visit.id]))

    assert "please call the clinic" in page and "tel:+16265550100" in page
    assert "Cancel the visit" not in page
    assert "call" in cancel.content.decode()
    visit.refresh_from_db()
    assert visit.status == "booked"


def test_reschedule_through_the_pages(me_client, setup):
    _, service, _ = setup
    visit = _book(me_client, service)
    new_start = TUESDAY_9 + dt.timedelta(days=1)
    url = reverse("scheduling:appointment_reschedule", args=[visit.id])

    picker = me_client.get(url, {"month": "2026-11-01", "date": "2026-11-11"})
    moved = me_client.post(f"{url}?start={quote(new_start.isoformat())}", {"reason": "Work"})

    assert "10:00 AM PST" in picker.content.decode()
    new = Appointment.objects.get(rescheduled_from=visit)
    assert moved["Location"] == reverse("scheduling:appointment", args=[new.id])
    assert new.starts_at == new_start and new.reschedule_reason == "Work"


def test_another_patients_appointment_is_404_everywhere(me_client, setup):
    _, service, _ = setup
    stranger = patient()
    theirs = appointment_book(
        clinic=service.clinic,
        service=service,
        starts_at=TUESDAY_9,
        patient=stranger,
        booked_by=stranger.user,
    )

    for name in ("appointment", "appointment_ics", "appointment_cancel", "appointment_reschedule"):
        assert me_client.get(reverse(f"scheduling:{name}", args=[theirs.id])).status_code == 404
    me_client.post(reverse("scheduling:appointment_cancel", args=[theirs.id]))
    theirs.refresh_from_db()
    assert theirs.status == "booked"
