"""Writes to the clinic network. Every entry point is one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from .geo import zip_centre
from .models import Clinic, ClinicMembership, StaffProfile


@transaction.atomic
def clinic_save(*, clinic: Clinic) -> Clinic:
    """Save a clinic, placing it at its ZIP code's centre for the nearest-clinic search."""
    centre = zip_centre(clinic.zip_code)
    if centre is None:
        raise ValidationError({"zip_code": f"{clinic.zip_code} is not a known US ZIP code."})
    clinic.latitude, clinic.longitude = centre
    clinic.full_clean()
    clinic.save()
    return clinic


@transaction.atomic
def membership_grant(*, user, clinic: Clinic, role: str) -> ClinicMembership:
    """Give a user a role at a clinic (or change their role there); staff reach the admin."""
    membership, _ = ClinicMembership.objects.update_or_create(
        user=user, clinic=clinic, defaults={"role": role, "is_active": True}
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


@transaction.atomic
def staff_profile_save(
    *, user, display_name: str, credentials: str = "", title: str = "", bio: str = ""
) -> StaffProfile:
    profile, _ = StaffProfile.objects.update_or_create(
        user=user,
        defaults={
            "display_name": display_name,
            "credentials": credentials,
            "title": title,
            "bio": bio,
        },
    )
    return profile
