"""Every page that shows or changes patient data writes an audit event; none can be altered."""

import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from clinic.models import ClinicMembership
from patients.models import AuditEvent
from scheduling.models import Appointment
from tests.factories import ClinicFactory, staff_member, submitted_intake
from tests.scheduling.conftest import booked, consultation, provider, utc

pytestmark = pytest.mark.django_db

Role = ClinicMembership.Role


@pytest.fixture
def world(clinic):
    intake = submitted_intake(clinic)
    me = intake.patient
    doctor = provider(clinic)
    visit = booked(consultation(clinic), utc(2030, 1, 8, 17), who=doctor, person=me)
    client = Client()
    client.force_login(me.user)
    return {"clinic": clinic, "me": me, "intake": intake, "visit": visit, "client": client}


PORTAL_PAGES = [
    ("patients:dashboard", lambda w: [], "view"),
    ("patients:profile", lambda w: [], "view"),
    ("patients:preferences", lambda w: [], "view"),
    ("patients:intake_detail", lambda w: [w["intake"].id], "view"),
    ("patients:data_export", lambda w: [], "export"),
    ("patients:data_export_json", lambda w: [], "download"),
    ("scheduling:appointments", lambda w: [], "list"),
    ("scheduling:appointment", lambda w: [w["visit"].id], "view"),
    ("scheduling:appointment_ics", lambda w: [w["visit"].id], "download"),
    ("scheduling:appointment_cancel", lambda w: [w["visit"].id], "view"),
    ("scheduling:appointment_reschedule", lambda w: [w["visit"].id], "view"),
    ("scheduling:waitlist", lambda w: [], None),  # lists entries: none yet, so nothing to record
]


@pytest.mark.parametrize(("name", "args", "action"), PORTAL_PAGES, ids=[p[0] for p in PORTAL_PAGES])
def test_each_portal_page_records_the_access(world, name, args, action):
    response = world["client"].get(reverse(name, args=args(world)))

    assert response.status_code == 200
    events = AuditEvent.objects.filter(patient=world["me"])
    if action is None:
        assert not events.exists()
        return
    event = events.latest("at")
    assert (event.actor, event.actor_role, event.action) == (world["me"].user, "patient", action)
    assert event.ip_address == "127.0.0.1" and event.via == "web"
    assert "?" not in event.path


def test_intake_steps_record_views_and_changes_with_field_names(world, clinic):
    from patients.demo import intake_form_data
    from patients.services import intake_start
    from tests.factories import patient

    person = patient()
    intake = intake_start(patient=person, clinic=clinic)
    client = Client()
    client.force_login(person.user)
    url = reverse("patients:intake_step", args=[intake.id, "pain"])

    client.get(url)
    client.post(url, intake_form_data()["pain"])

    actions = list(
        AuditEvent.objects.filter(patient=person).order_by("at").values_list("action", flat=True)
    )
    assert actions == ["view", "update"]
    assert "pain.average_pain" in AuditEvent.objects.filter(patient=person).latest("at").fields


def test_booking_cancelling_and_profile_changes_are_recorded(world):
    client, me = world["client"], world["me"]

    client.post(reverse("scheduling:appointment_cancel", args=[world["visit"].id]), {"reason": "x"})
    client.post(reverse("patients:preferences"), {"sms_consent": "on"})

    recorded = set(
        AuditEvent.objects.filter(patient=me, action="update").values_list("object_type", flat=True)
    )
    assert {"appointment", "communication_consent"} <= recorded


ADMIN_PAGES = [
    ("admin:patients_patientprofile_change", lambda w: [w["me"].pk], "view", Role.FRONT_DESK),
    ("admin:patients_intake_change", lambda w: [w["intake"].pk], "view", Role.NURSE),
    ("admin:scheduling_appointment_change", lambda w: [w["visit"].pk], "view", Role.NURSE),
    ("admin:patients_patientprofile_changelist", lambda w: [], "list", Role.FRONT_DESK),
    ("admin:patients_intake_changelist", lambda w: [], "list", Role.PHYSICIAN),
    ("admin:scheduling_appointment_changelist", lambda w: [], "list", Role.CLINIC_MANAGER),
]


@pytest.mark.parametrize(
    ("name", "args", "action", "role"), ADMIN_PAGES, ids=[p[0] for p in ADMIN_PAGES]
)
def test_each_admin_page_of_patient_data_records_the_access(world, name, args, action, role):
    staff = staff_member(world["clinic"], role)
    client = Client()
    client.force_login(staff)

    response = client.get(reverse(name, args=args(world)))

    assert response.status_code == 200
    event = AuditEvent.objects.filter(patient=world["me"], actor=staff).latest("at")
    assert event.action == action and event.via == "admin"
    assert event.actor_role == f"{role}@{world['clinic'].slug}"


def test_the_day_board_records_the_patients_it_shows(world):
    nurse = staff_member(world["clinic"], Role.NURSE)
    client = Client()
    client.force_login(nurse)

    client.get(
        reverse("admin:scheduling_board"), {"clinic": world["clinic"].pk, "date": "2030-01-08"}
    )

    assert AuditEvent.objects.filter(patient=world["me"], actor=nurse, action="list").exists()


def test_a_staff_action_on_a_visit_is_recorded(world):
    nurse = staff_member(world["clinic"], Role.NURSE)
    client = Client()
    url = reverse("admin:scheduling_appointment_change", args=[world["visit"].pk])

    with time_machine.travel(world["visit"].starts_at - dt.timedelta(minutes=30), tick=False):
        client.force_login(nurse)  # signed in "then", so the session is fresh
        client.post(url, {"action": "check_in"})

    assert Appointment.objects.get(pk=world["visit"].pk).status == "checked_in"
    event = AuditEvent.objects.filter(actor=nurse, action="update").latest("at")
    assert event.fields == ["check_in"]


def test_audit_events_cannot_be_changed_or_deleted(world):
    world["client"].get(reverse("patients:dashboard"))
    event = AuditEvent.objects.latest("at")

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="list")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_managers_read_the_trail_per_patient_and_cannot_change_it(world):
    world["client"].get(reverse("patients:dashboard"))
    manager = staff_member(world["clinic"], Role.CLINIC_MANAGER)
    outsider = staff_member(ClinicFactory(), Role.CLINIC_MANAGER)
    client = Client()

    client.force_login(manager)
    listing = client.get(
        reverse("admin:patients_auditevent_changelist"), {"patient__id__exact": world["me"].pk}
    )
    client.force_login(outsider)
    elsewhere = client.get(reverse("admin:patients_auditevent_changelist"))

    assert listing.status_code == 200 and len(listing.context["cl"].result_list) >= 1
    assert list(elsewhere.context["cl"].result_list) == []
    event = AuditEvent.objects.first()
    client.force_login(manager)
    client.post(reverse("admin:patients_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_trail_holds_no_answers_only_field_names(world):
    world["client"].get(reverse("patients:data_export"))

    for event in AuditEvent.objects.all():
        text = " ".join([event.object_type, event.object_id, event.path, *event.fields])
        assert "dog" not in text and world["me"].legal_last_name not in text
