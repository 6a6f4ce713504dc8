"""Demo schedules: clinicians' weekly hours and how each demo service is booked."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from clinic.models import Clinic, ClinicMembership, Service
from patients.models import Intake

from .availability import available_slots
from .booking import appointment_book
from .models import ProviderHours
from .series import series_book, series_propose

Role = ClinicMembership.Role

# How each kind of service is delivered and booked, in the demo network.
SERVICE_SCHEDULING = {
    Service.Kind.CONSULTATION: {
        "provider_roles": [Role.PHYSICIAN],
        "needs_chair": False,
        "min_notice_hours": 24,
        "buffer_minutes": 15,
    },
    Service.Kind.FOLLOW_UP: {
        "provider_roles": [Role.PHYSICIAN, Role.NURSE],
        "needs_chair": False,
        "min_notice_hours": 24,
        "buffer_minutes": 10,
    },
    Service.Kind.INFUSION: {
        "provider_roles": [Role.NURSE],
        "needs_chair": True,
        "min_notice_hours": 48,
        "buffer_minutes": 15,
    },
    Service.Kind.BOOSTER: {
        "provider_roles": [Role.NURSE],
        "needs_chair": True,
        "min_notice_hours": 48,
        "buffer_minutes": 15,
    },
    Service.Kind.ESKETAMINE: {
        "provider_roles": [Role.NURSE],
        "needs_chair": True,
        "min_notice_hours": 48,
        "buffer_minutes": 15,
    },
}
STAFF_ONLY_SERVICES = {"pain-protocol-infusion"}  # long protocols are planned by the clinic


@transaction.atomic
def seed_schedules() -> None:
    for service in Service.objects.all():
        for field, value in SERVICE_SCHEDULING[service.kind].items():
            setattr(service, field, value)
        service.bookable_online = service.slug not in STAFF_ONLY_SERVICES
        service.horizon_days = 90
        service.save()
    memberships = ClinicMembership.objects.filter(
        role__in=[Role.PHYSICIAN, Role.NURSE], is_active=True
    ).select_related("clinic")
    for membership in memberships:
        if ProviderHours.objects.filter(
            clinic=membership.clinic, provider=membership.user
        ).exists():
            continue
        # Physicians see patients on weekdays; nurses cover every opening hour for infusions.
        ProviderHours.objects.bulk_create(
            ProviderHours(
                clinic=membership.clinic,
                provider=membership.user,
                weekday=row.weekday,
                starts_at=row.opens_at,
                ends_at=row.closes_at,
            )
            for row in membership.clinic.opening_hours.all()
            if membership.role == Role.NURSE or row.weekday < 5
        )


@transaction.atomic
def seed_demo_visits() -> None:
    """A few visits from today on, so the day board and the portal have something to show:
    the cleared demo patient's six-infusion series and a consultation. Only once: a patient who
    already has visits keeps them."""
    clinic = Clinic.objects.filter(slug="arroyo-pasadena").first()
    desk = ClinicMembership.objects.filter(clinic=clinic, role=Role.FRONT_DESK).first()
    if clinic is None or desk is None:
        return
    today = timezone.now().astimezone(clinic.zone).date()
    cleared = Intake.objects.filter(clinic=clinic, status=Intake.Status.CLEARED).first()
    infusion = clinic.services.filter(slug="iv-ketamine-infusion").first()
    if cleared and infusion and not cleared.patient.appointments.exists():
        slots = series_propose(
            clinic=clinic,
            service=infusion,
            sessions=6,
            per_week=2,
            min_gap_hours=48,
            first_day=today,
            preferred_time=dt.time(10),
            patient=cleared.patient,
        )
        if len(slots) == 6:
            series_book(
                clinic=clinic,
                service=infusion,
                patient=cleared.patient,
                starts=[slot.starts_at for slot in slots],
                by=desk.user,
            )
    submitted = Intake.objects.filter(clinic=clinic, status=Intake.Status.SUBMITTED).first()
    consultation = clinic.services.filter(slug="consultation-in-person").first()
    if submitted and consultation and not submitted.patient.appointments.exists():
        free = available_slots(
            clinic=clinic, service=consultation, first_day=today, days=14, enforce_notice=False
        )
        if free:
            appointment_book(
                clinic=clinic,
                service=consultation,
                starts_at=free[0].starts_at,
                patient=submitted.patient,
                booked_by=desk.user,
                reason="Booked by phone",
                staff=True,
            )
