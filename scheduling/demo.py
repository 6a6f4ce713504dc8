"""Demo schedules: clinicians' weekly hours and how each demo service is booked."""

from django.db import transaction

from clinic.models import ClinicMembership, Service

from .models import ProviderHours

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
