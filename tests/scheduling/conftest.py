import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from clinic.models import ClinicMembership, OpeningHours, Service
from scheduling.models import Appointment, Chair, ProviderHours
from tests.factories import (
    ClinicFactory,
    ServiceFactory,
    cleared_at,
    link_to,
    patient,
    staff_member,
)

Role = ClinicMembership.Role
UTC = dt.UTC


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def make_clinic(db):
    """A clinic open every day 08:00-18:00 local, in the given zone."""

    def make(zone: str = "America/Los_Angeles", **fields):
        clinic = ClinicFactory(time_zone=zone, **fields)
        OpeningHours.objects.bulk_create(
            OpeningHours(clinic=clinic, weekday=d, opens_at=dt.time(8), closes_at=dt.time(18))
            for d in range(7)
        )
        return clinic

    return make


@pytest.fixture
def clinic(make_clinic):
    return make_clinic()


def provider(clinic, role=Role.PHYSICIAN, hours=((9, 12),), days=range(7)):
    user = staff_member(clinic, role)
    ProviderHours.objects.bulk_create(
        ProviderHours(
            clinic=clinic, provider=user, weekday=d, starts_at=dt.time(s), ends_at=dt.time(e)
        )
        for d in days
        for s, e in hours
    )
    return user


def consultation(clinic, **fields):
    defaults = {
        "kind": Service.Kind.CONSULTATION,
        "name": "Consultation",
        "duration_minutes": 45,
        "observation_minutes": 0,
        "price": Decimal("0"),
        "min_notice_hours": 0,
        "horizon_days": 1000,
        "provider_roles": ["physician"],
    }
    return ServiceFactory(clinic=clinic, **{**defaults, **fields})


def infusion(clinic, **fields):
    defaults = {
        "kind": Service.Kind.INFUSION,
        "name": "Infusion",
        "duration_minutes": 50,
        "observation_minutes": 40,
        "needs_chair": True,
        "min_notice_hours": 0,
        "horizon_days": 1000,
        "provider_roles": ["nurse"],
        "bookable_online": True,
    }
    return ServiceFactory(clinic=clinic, **{**defaults, **fields})


def chairs(clinic, count: int):
    return [Chair.objects.create(clinic=clinic, name=f"Chair {i + 1}") for i in range(count)]


def booked(service, start: dt.datetime, who=None, chair=None, person=None, status="booked"):
    """An existing appointment, written directly (the state the engine must respect)."""
    from scheduling.availability import Needs

    needs = Needs.of(service)
    if person is None:  # a patient the visit could be booked for: cleared for an infusion
        person = patient()
        if service.needs_clearance:
            cleared_at(person, service.clinic)
    return Appointment.objects.create(
        clinic=service.clinic,
        service=service,
        patient=link_to(person, service.clinic),
        provider=who,
        chair=chair,
        starts_at=start,
        ends_at=start + needs.service,
        provider_until=start + needs.provider,
        chair_until=start + max(needs.chair, needs.provider),
        status=status,
    )


def local(slot, zone: str) -> str:
    return slot.starts_at.astimezone(ZoneInfo(zone)).strftime("%H:%M %Z")


def book_series(service, person, *, sessions: int, now: dt.datetime, **proposal):
    """A series proposed from `now`'s day (twice a week, 48 hours apart) and booked by the front
    desk, as the planning page does it."""
    from scheduling.series import series_book, series_propose

    clinic = service.clinic
    slots = series_propose(
        clinic=clinic,
        service=service,
        sessions=sessions,
        per_week=2,
        min_gap_hours=48,
        first_day=now.astimezone(clinic.zone).date(),
        now=now,
        **proposal,
    )
    return series_book(
        clinic=clinic,
        service=service,
        patient=person,
        starts=[s.starts_at for s in slots],
        by=staff_member(clinic, Role.FRONT_DESK),
        now=now,
    )


def settled_readings(visit, by, before=(128, 82), after=(132, 84)):
    """A baseline reading and one after the infusion back near it: what a discharge needs."""
    from scheduling.visits import vitals_record

    for phase, (systolic, diastolic), minutes in (("before", before, 0), ("after", after, 90)):
        vitals_record(
            appointment=visit,
            by=by,
            phase=phase,
            systolic=systolic,
            diastolic=diastolic,
            heart_rate=74,
            spo2=98,
            taken_at=visit.starts_at + dt.timedelta(minutes=minutes),
        )
