"""Reads for the public clinic pages and the admin. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from .geo import distance_miles_expression, zip_centre
from .hours import OpeningStatus, opening_status, zone_name
from .models import Clinic, ClinicMembership, Closure, Package, Service

# Closures are prefetched for this window around today: enough for "open now" and the next opening.
CLOSURE_WINDOW_DAYS = 16


# The public team lists clinicians first.
_ROLE_ORDER = Case(
    When(role=ClinicMembership.Role.PHYSICIAN, then=Value(0)),
    When(role=ClinicMembership.Role.NURSE, then=Value(1)),
    When(role=ClinicMembership.Role.CLINIC_MANAGER, then=Value(2)),
    default=Value(3),
)


class UnknownZipCode(ValueError):
    pass


@dataclass(frozen=True)
class ClinicSearch:
    state: str = ""
    text: str = ""
    zip_code: str = ""


def _closures_prefetch(today: dt.date) -> Prefetch:
    return Prefetch(
        "closures",
        queryset=Closure.objects.filter(
            date__gte=today - dt.timedelta(days=1),
            date__lte=today + dt.timedelta(days=CLOSURE_WINDOW_DAYS),
        ),
    )


def clinics_for_directory(*, search: ClinicSearch, now: dt.datetime | None = None) -> QuerySet:
    """Active clinics for /clinics/: filtered by state and text, nearest first for a ZIP search.

    Three queries whatever the number of clinics: clinics with their brand, opening hours, and
    closures near today. Raises UnknownZipCode for a ZIP that is not in the dataset.
    """
    today = (now or timezone.now()).date()
    clinics = (
        Clinic.objects.filter(is_active=True)
        .select_related("brand")
        .prefetch_related("opening_hours", _closures_prefetch(today))
    )
    if search.state:
        clinics = clinics.filter(state=search.state)
    if search.text:
        clinics = clinics.filter(
            Q(name__icontains=search.text)
            | Q(city__icontains=search.text)
            | Q(brand__name__icontains=search.text)
            | Q(zip_code__startswith=search.text)
        )
    if search.zip_code:
        centre = zip_centre(search.zip_code)
        if centre is None:
            raise UnknownZipCode(search.zip_code)
        return (
            clinics.filter(latitude__isnull=False)
            .annotate(distance_miles=distance_miles_expression(*centre))
            .order_by("distance_miles", "name")
        )
    return clinics.order_by("name")


def clinic_for_public_page(*, slug: str, now: dt.datetime | None = None) -> Clinic:
    """One active clinic with everything its page shows, in six queries: the clinic and brand,
    hours, closures near today, services, their packages, and the public team."""
    today = (now or timezone.now()).date()
    team = (
        ClinicMembership.objects.filter(
            is_active=True,
            user__is_active=True,
            user__staff_profile__show_on_public_site=True,
        )
        .exclude(role=ClinicMembership.Role.FRONT_DESK)
        .select_related("user__staff_profile")
        .order_by(_ROLE_ORDER, "user__staff_profile__display_name")
    )
    services = Service.objects.filter(is_active=True).prefetch_related(
        Prefetch("packages", queryset=Package.objects.filter(is_active=True))
    )
    return (
        Clinic.objects.filter(is_active=True)
        .select_related("brand")
        .prefetch_related(
            "opening_hours",
            _closures_prefetch(today),
            Prefetch("services", queryset=services),
            Prefetch("memberships", queryset=team, to_attr="public_team"),
        )
        .get(slug=slug)
    )


def closures_by_date(clinic: Clinic) -> dict[dt.date, str]:
    """The prefetched closures of a clinic, as {date: reason}."""
    return {closure.date: closure.reason for closure in clinic.closures.all()}


def upcoming_closures(clinic: Clinic, *, today: dt.date) -> list[Closure]:
    return [closure for closure in clinic.closures.all() if closure.date >= today]


def package_price_per_session(package: Package) -> Decimal:
    return (package.price / package.sessions).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ClinicCard:
    """A clinic as the directory shows it: with its status right now in its own zone."""

    clinic: Clinic
    status: OpeningStatus
    zone_name: str
    distance_miles: float | None


def clinic_cards(clinics, *, at: dt.datetime) -> list[ClinicCard]:
    return [
        ClinicCard(
            clinic=clinic,
            status=opening_status(
                zone=clinic.zone,
                hours=clinic.opening_hours.all(),
                closures=closures_by_date(clinic),
                at=at,
            ),
            zone_name=zone_name(clinic.time_zone),
            distance_miles=getattr(clinic, "distance_miles", None),
        )
        for clinic in clinics
    ]


def active_clinic_states() -> list[str]:
    """The states that have at least one active clinic, for the finder's state filter."""
    return list(
        Clinic.objects.filter(is_active=True)
        .order_by("state")
        .values_list("state", flat=True)
        .distinct()
    )
