"""Patients' admin lists and pages show clinic time with its label: check-ins due, the intake
queue, the communication log and the audit trail (in the reader's zone: it has no clinic)."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from clinic.models import ClinicMembership
from patients.models import AuditEvent, FollowUpSurvey, Intake, OutboundMessage
from scheduling.models import Appointment
from tests.factories import (
    ClinicFactory,
    UserFactory,
    staff_member,
    submitted_intake,
    with_second_factor,
)

pytestmark = pytest.mark.django_db

Role = ClinicMembership.Role
NOVEMBER_9AM_PACIFIC = dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC)
UTC_AS_LOCAL = ("5 p.m.", "5:00 PM", "17:00")


def assert_no_utc_as_local(html: str) -> None:
    for reading in UTC_AS_LOCAL:
        assert reading not in html


def superuser():
    return with_second_factor(UserFactory(is_staff=True, is_superuser=True))


def page(client, user, name: str, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def visit_of(intake) -> Appointment:
    clinic = intake.clinic
    from tests.factories import ServiceFactory

    return Appointment.objects.create(
        clinic=clinic,
        service=ServiceFactory(clinic=clinic),
        patient=intake.patient,
        provider=staff_member(clinic, Role.NURSE),
        starts_at=NOVEMBER_9AM_PACIFIC - dt.timedelta(days=1),
        ends_at=NOVEMBER_9AM_PACIFIC - dt.timedelta(days=1, minutes=-50),
        provider_until=NOVEMBER_9AM_PACIFIC - dt.timedelta(days=1, minutes=-50),
        chair_until=NOVEMBER_9AM_PACIFIC - dt.timedelta(days=1, minutes=-50),
        status="completed",
    )


def test_check_ins_due_show_clinic_time(client):
    clinic = ClinicFactory(time_zone="America/Los_Angeles")
    intake = submitted_intake(clinic)
    FollowUpSurvey.objects.create(
        patient=intake.patient,
        clinic=clinic,
        appointment=visit_of(intake),
        kind="after_infusion",
        due_at=NOVEMBER_9AM_PACIFIC,
    )

    html = page(
        client, staff_member(clinic, Role.NURSE), "admin:patients_followupsurvey_changelist"
    )

    assert "Tue Nov 10 2026, 9:00 AM PST" in html
    assert_no_utc_as_local(html)


def test_the_intake_queue_shows_when_intakes_were_sent_and_decided(client):
    clinic = ClinicFactory(time_zone="America/Chicago")
    intake = submitted_intake(clinic)
    Intake.objects.filter(pk=intake.pk).update(
        submitted_at=dt.datetime(2026, 7, 14, 14, tzinfo=dt.UTC),  # 9:00 AM CDT
        decided_at=dt.datetime(2026, 7, 15, 21, 30, tzinfo=dt.UTC),  # 4:30 PM CDT
    )
    physician = staff_member(clinic, Role.PHYSICIAN)

    queue = page(client, physician, "admin:patients_intake_changelist")
    review = page(client, physician, "admin:patients_intake_change", intake.pk)

    assert "Tue Jul 14 2026, 9:00 AM CDT" in queue
    assert "Wed Jul 15 2026, 4:30 PM CDT" in queue
    assert "Tue Jul 14 2026, 9:00 AM CDT" in review
    assert " UTC" not in review  # the intake's history is on the clinic's clock too


def test_the_communication_log_shows_due_and_sent_in_clinic_time(client):
    clinic = ClinicFactory(time_zone="America/Phoenix")
    intake = submitted_intake(clinic)
    OutboundMessage.objects.create(
        idempotency_key="test:arizona-reminder",
        kind="reminder",
        channel="email",
        clinic=clinic,
        patient=intake.patient,
        to_address="pat@example.org",
        due_at=dt.datetime(2026, 7, 14, 16, tzinfo=dt.UTC),
        sent_at=dt.datetime(2026, 7, 14, 16, 1, tzinfo=dt.UTC),
        status="sent",
    )
    manager = staff_member(clinic, Role.CLINIC_MANAGER)

    log = page(client, manager, "admin:patients_outboundmessage_changelist")
    patient_page = page(client, manager, "admin:patients_patientprofile_change", intake.patient.pk)

    assert "Tue Jul 14 2026, 9:00 AM MST" in log
    assert "Tue Jul 14 2026, 9:01 AM MST" in log
    assert "Tue Jul 14 2026, 9:00 AM MST" in patient_page
    assert_no_utc_as_local(log)


def test_the_audit_trail_is_read_in_the_readers_zone(client):
    phoenix = ClinicFactory(time_zone="America/Phoenix")
    intake = submitted_intake(phoenix)
    AuditEvent.objects.create(
        at=NOVEMBER_9AM_PACIFIC,
        patient=intake.patient,
        actor_role="Nurse at the clinic",
        object_type="intake",
        object_id=str(intake.pk),
        action="view",
        clinics=[phoenix.pk],
    )

    manager_view = page(
        client, staff_member(phoenix, Role.CLINIC_MANAGER), "admin:patients_auditevent_changelist"
    )
    with override_settings(PORTAL_NETWORK_TIME_ZONE="America/New_York"):
        network_view = page(client, superuser(), "admin:patients_auditevent_changelist")

    assert "Tue Nov 10 2026, 10:00 AM MST" in manager_view
    assert "Tue Nov 10 2026, 12:00 PM EST" in network_view  # no clinic: the network's zone
    assert_no_utc_as_local(manager_view)
