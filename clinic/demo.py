"""Load the demo network (clinic.demo_data) through the same services the admin uses.

Idempotent: every row is found by its natural key (slug, email, clinic + name) and updated, so a
second run changes nothing and adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from scheduling.models import Chair

from . import demo_data
from .models import Brand, Clinic, Closure, OpeningHours, Package, Service
from .services import clinic_save, membership_grant, staff_profile_save


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    where: str


def _second_factor(user) -> None:
    """Demo staff sign in with two factors, like real staff; their secret is known (demo_code)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_data.demo_totp_secret(user.email))


def _user(local_part: str, *, first_name: str, last_name: str):
    user_model = get_user_model()
    email = f"{local_part}@{demo_data.DEMO_DOMAIN}"
    user, created = user_model.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_password(demo_data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    # Demo accounts can sign in at once: their address counts as verified.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


_CLINIC_FIELDS = (
    "name", "street", "city", "state", "zip_code", "phone", "email", "time_zone",
    "short_description", "long_description",
)  # fmt: skip


def _clinic(spec: dict, brands: dict[str, Brand]) -> Clinic:
    clinic = Clinic.objects.filter(slug=spec["slug"]).first() or Clinic(slug=spec["slug"])
    for field in _CLINIC_FIELDS:
        setattr(clinic, field, spec[field])
    clinic.brand = brands[spec["brand"]]
    clinic.is_active = True
    return clinic_save(clinic=clinic)


def _hours(clinic: Clinic, hours: list[tuple[int, str, str]]) -> None:
    wanted = {(day, dt.time.fromisoformat(o), dt.time.fromisoformat(c)) for day, o, c in hours}
    current = {(h.weekday, h.opens_at, h.closes_at): h for h in clinic.opening_hours.all()}
    for key, row in current.items():
        if key not in wanted:
            row.delete()
    for day, opens_at, closes_at in wanted - set(current):
        OpeningHours.objects.create(
            clinic=clinic, weekday=day, opens_at=opens_at, closes_at=closes_at
        )


def _services(clinic: Clinic, spec: dict) -> None:
    for order, (kind, slug, name, delivery, minutes, observation, price, description) in enumerate(
        spec["services"]
    ):
        Service.objects.update_or_create(
            clinic=clinic,
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "delivery": delivery,
                "duration_minutes": minutes,
                "observation_minutes": observation,
                "price": demo_data.money(price),
                "description": description,
                "display_order": order,
                "is_active": True,
            },
        )
    for service_slug, name, sessions, price in spec["packages"]:
        Package.objects.update_or_create(
            service=Service.objects.get(clinic=clinic, slug=service_slug),
            name=name,
            defaults={"sessions": sessions, "price": demo_data.money(price), "is_active": True},
        )


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    brands = {
        spec["slug"]: Brand.objects.update_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "tagline": spec["tagline"]}
        )[0]
        for spec in demo_data.BRANDS
    }
    logins: list[DemoLogin] = []
    for local_part, first, last, group_name in demo_data.NETWORK_USERS:
        user = _user(local_part, first_name=first, last_name=last)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=group_name))
        _second_factor(user)
        logins.append(DemoLogin(group_name, user.email, "the whole network"))

    for spec in demo_data.CLINICS:
        clinic = _clinic(spec, brands)
        _hours(clinic, spec["hours"])
        for date, reason in demo_data.CLOSURES:
            Closure.objects.update_or_create(clinic=clinic, date=date, defaults={"reason": reason})
        for name in spec["chairs"]:
            Chair.objects.get_or_create(clinic=clinic, name=name)
        _services(clinic, spec)
        for local_part, display_name, role, credentials, title, bio in spec["staff"]:
            first, _, last = display_name.removeprefix("Dr. ").partition(" ")
            user = _user(local_part, first_name=first, last_name=last)
            staff_profile_save(
                user=user, display_name=display_name, credentials=credentials, title=title, bio=bio
            )
            membership = membership_grant(user=user, clinic=clinic, role=role)
            _second_factor(user)
            logins.append(DemoLogin(membership.get_role_display(), user.email, clinic.name))
    return logins
