"""The most sensitive free text is encrypted at rest; keys rotate without losing anything."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from patients.fields import decrypt
from scheduling.models import Appointment
from tests.factories import ClinicFactory, submitted_intake
from tests.scheduling.conftest import booked, consultation, provider, utc

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed names
        return cursor.fetchone()[0]


def test_intake_answers_and_visit_reasons_are_unreadable_in_the_database():
    clinic = ClinicFactory()
    intake = submitted_intake(clinic)
    visit = booked(
        consultation(clinic), utc(2030, 1, 8, 17), who=provider(clinic), person=intake.patient
    )
    Appointment.objects.filter(pk=visit.pk).update(reason="Burning pain in my left foot")
    visit.reason = "Burning pain in my left foot"
    visit.save()

    stored_answers = raw("patients_intake", "answers", intake.pk)
    stored_reason = raw("scheduling_appointment", "reason", visit.pk)

    assert stored_answers.startswith("enc1:") and "walk my dog" not in stored_answers
    assert stored_reason.startswith("enc1:") and "left foot" not in stored_reason
    intake.refresh_from_db()
    visit.refresh_from_db()
    assert intake.answers["goals"]["goals"].startswith("To walk my dog")
    assert visit.reason == "Burning pain in my left foot"


def test_a_new_key_in_front_rotates_every_row(settings):
    clinic = ClinicFactory()
    intake = submitted_intake(clinic)
    old_key = settings.PORTAL_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.PORTAL_ENCRYPTION_KEYS = [new_key, old_key]

    call_command("rotate_encryption", stdout=__import__("io").StringIO())
    settings.PORTAL_ENCRYPTION_KEYS = [new_key]  # the old key is gone

    intake.refresh_from_db()
    assert intake.answers["pain"]["average_pain"] == 6
    assert decrypt(raw("patients_intake", "answers", intake.pk)).startswith("{")


def test_without_the_key_nothing_is_readable(settings):
    intake = submitted_intake(ClinicFactory())
    settings.PORTAL_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(ValueError, match="cannot decrypt"):
        type(intake).objects.get(pk=intake.pk)
