"""A small clinic for the rule-by-door matrix: Pasadena time, a physician, two nurses, two
chairs, a consultation and an infusion; a patient cleared there and one whose intake waits."""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from clinic.models import Clinic
from patients.models import Intake, PatientProfile
from tests.factories import patient, staff_member, submitted_intake
from tests.scheduling import conftest as scheduling
from tests.scheduling.conftest import Role, chairs, consultation, infusion, provider, utc

make_clinic = scheduling.make_clinic  # the fixture: a clinic open 08:00-18:00 in a zone

NOW = utc(2026, 11, 9, 16)  # Monday 08:00 PST
TUESDAY_9 = utc(2026, 11, 10, 17)  # 09:00 PST
WEDNESDAY_9 = utc(2026, 11, 11, 17)


@dataclass
class World:
    clinic: Clinic
    consultation: object
    infusion: object
    cleared: PatientProfile
    waiting: PatientProfile  # intake submitted (flagged or not), not decided
    desk: object
    manager: object

    def staff_client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def patient_client(self, person: PatientProfile) -> Client:
        client = Client()
        client.force_login(person.user)
        return client


def make_world(clinic) -> World:
    provider(clinic, Role.PHYSICIAN, hours=((8, 18),))
    for _ in range(2):
        provider(clinic, Role.NURSE, hours=((8, 18),))
    chairs(clinic, 2)
    cleared = submitted_intake(
        clinic, patient(legal_first_name="Riley", legal_last_name="Okafor"), now=NOW
    )
    Intake.objects.filter(pk=cleared.pk).update(status=Intake.Status.CLEARED)
    waiting = submitted_intake(
        clinic, patient(legal_first_name="Morgan", legal_last_name="Diaz"), now=NOW
    )
    return World(
        clinic=clinic,
        consultation=consultation(clinic),
        infusion=infusion(clinic),
        cleared=cleared.patient,
        waiting=waiting.patient,
        desk=staff_member(clinic, Role.FRONT_DESK),
        manager=staff_member(clinic, Role.CLINIC_MANAGER),
    )


@pytest.fixture
def world(make_clinic) -> World:
    return make_world(make_clinic())


@pytest.fixture
def at_now():
    """The clock of every page a test opens: Monday 08:00 in Pasadena."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


def local_input(moment: dt.datetime, clinic) -> str:
    """A datetime-local value, the clinic's wall clock, as the staff pages post it."""
    return moment.astimezone(clinic.zone).strftime("%Y-%m-%dT%H:%M")
