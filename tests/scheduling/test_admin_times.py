"""The schedule's admin lists show clinic time with its label: a waitlist offer for a 9:00 AM
visit reads 9:00 AM PST, never "5 p.m."; in July PDT; in Arizona MST all year."""

import datetime as dt

import pytest
from django.urls import reverse

from clinic.models import ClinicMembership
from scheduling.models import FrontDeskTask, InfusionSeries, VitalSigns, WaitlistEntry
from tests.factories import patient, staff_member

from .conftest import booked, consultation, infusion, utc

pytestmark = pytest.mark.django_db

Role = ClinicMembership.Role
NOVEMBER_9AM_PACIFIC = utc(2026, 11, 10, 17)
JULY_9AM_PACIFIC = utc(2026, 7, 14, 16)  # also 9:00 AM in Phoenix (MST all year)
UTC_AS_LOCAL = ("5 p.m.", "5:00 PM", "4 p.m.", "4:00 PM")


def offer(clinic, start: dt.datetime) -> WaitlistEntry:
    entry = WaitlistEntry.objects.create(
        clinic=clinic,
        service=consultation(clinic),
        patient=patient(),
        earliest=start.date(),
        latest=start.date(),
        status=WaitlistEntry.Status.OFFERED,
        offered_start=start,
        offer_expires_at=start - dt.timedelta(hours=20),
    )
    WaitlistEntry.objects.filter(pk=entry.pk).update(created_at=start - dt.timedelta(days=3))
    return entry


def waitlist_page(client, clinic) -> str:
    client.force_login(staff_member(clinic, Role.FRONT_DESK))
    return client.get(reverse("admin:scheduling_waitlistentry_changelist")).content.decode()


def assert_no_utc_as_local(html: str) -> None:
    for reading in UTC_AS_LOCAL:
        assert reading not in html


def test_a_waitlist_offer_shows_the_visits_clinic_time(client, make_clinic):
    clinic = make_clinic("America/Los_Angeles")
    offer(clinic, NOVEMBER_9AM_PACIFIC)

    html = waitlist_page(client, clinic)

    assert "Tue Nov 10 2026, 9:00 AM PST" in html  # the offered visit
    assert "Mon Nov 9 2026, 1:00 PM PST" in html  # the offer ends 20 hours before
    assert "Sat Nov 7 2026, 9:00 AM PST" in html  # joined the waitlist
    assert_no_utc_as_local(html)


def test_a_summer_offer_shows_daylight_time(client, make_clinic):
    clinic = make_clinic("America/Los_Angeles")
    offer(clinic, JULY_9AM_PACIFIC)

    html = waitlist_page(client, clinic)

    assert "Tue Jul 14 2026, 9:00 AM PDT" in html
    assert "PST" not in html.split("<tbody>")[1]


@pytest.mark.parametrize("start", [JULY_9AM_PACIFIC, utc(2026, 11, 10, 16)], ids=["july", "nov"])
def test_an_arizona_clinic_shows_mountain_standard_time_all_year(client, make_clinic, start):
    clinic = make_clinic("America/Phoenix")
    offer(clinic, start)

    html = waitlist_page(client, clinic)

    assert f"Tue {start:%b} {start.day} 2026, 9:00 AM MST" in html
    assert "MDT" not in html and "PDT" not in html


def test_the_offer_page_shows_clinic_time(client, make_clinic):
    clinic = make_clinic("America/Chicago")
    entry = offer(clinic, utc(2026, 11, 10, 15))
    client.force_login(staff_member(clinic, Role.FRONT_DESK))

    html = client.get(
        reverse("admin:scheduling_waitlistentry_change", args=[entry.pk])
    ).content.decode()

    assert "Tue Nov 10 2026, 9:00 AM CST" in html


def test_front_desk_tasks_show_when_they_were_raised_in_clinic_time(client, make_clinic):
    clinic = make_clinic("America/Los_Angeles")
    nurse = staff_member(clinic, Role.NURSE)
    visit = booked(infusion(clinic), NOVEMBER_9AM_PACIFIC + dt.timedelta(days=1), who=nurse)
    task = FrontDeskTask.objects.create(
        clinic=clinic, appointment=visit, kind="readiness_unconfirmed"
    )
    FrontDeskTask.objects.filter(pk=task.pk).update(created_at=NOVEMBER_9AM_PACIFIC)
    client.force_login(staff_member(clinic, Role.FRONT_DESK))

    html = client.get(reverse("admin:scheduling_frontdesktask_changelist")).content.decode()

    assert "Tue Nov 10 2026, 9:00 AM PST" in html  # raised
    assert "Wed Nov 11 2026, 9:00 AM PST" in html  # the visit it is about
    assert_no_utc_as_local(html)


def test_vital_signs_show_when_they_were_taken_in_clinic_time(client, make_clinic):
    clinic = make_clinic("America/Phoenix")
    nurse = staff_member(clinic, Role.NURSE)
    visit = booked(infusion(clinic), utc(2026, 7, 14, 16), who=nurse)
    VitalSigns.objects.create(
        appointment=visit,
        phase="before",
        taken_at=utc(2026, 7, 14, 16, 5),
        systolic=128,
        diastolic=82,
        heart_rate=74,
        spo2=98,
    )
    client.force_login(nurse)

    html = client.get(reverse("admin:scheduling_vitalsigns_changelist")).content.decode()

    assert "Tue Jul 14 2026, 9:05 AM MST" in html
    assert_no_utc_as_local(html)


def test_a_series_lists_its_sessions_in_clinic_time(client, make_clinic):
    clinic = make_clinic("America/Los_Angeles")
    service = infusion(clinic)
    person, nurse = patient(), staff_member(clinic, Role.NURSE)
    series = InfusionSeries.objects.create(
        clinic=clinic, patient=person, service=service, planned_sessions=2
    )
    for start in (utc(2026, 10, 30, 16), utc(2026, 11, 3, 17)):  # 9:00 AM each side of the change
        visit = booked(service, start, who=nurse, person=person)
        type(visit).objects.filter(pk=visit.pk).update(series=series)
    client.force_login(staff_member(clinic, Role.FRONT_DESK))

    html = client.get(
        reverse("admin:scheduling_infusionseries_change", args=[series.pk])
    ).content.decode()

    assert "Fri Oct 30, 9:00 AM PDT (Booked)" in html
    assert "Tue Nov 3, 9:00 AM PST (Booked)" in html


def test_booking_for_a_patient_starts_on_today_of_the_clinics_clock(client, make_clinic):
    import time_machine

    clinic = make_clinic("America/Los_Angeles")
    client.force_login(staff_member(clinic, Role.FRONT_DESK))

    with time_machine.travel(utc(2026, 11, 10, 4), tick=False):  # 8 PM on Monday in Pasadena
        html = client.get(reverse("admin:scheduling_appointment_add")).content.decode()

    assert 'value="2026-11-09"' in html
    assert 'value="2026-11-10"' not in html
