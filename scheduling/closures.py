"""Closures and time off never strand booked visits.

A clinic closure (a whole local day) or a clinician's time off (a day, or some hours of it) is
saved only when no visit is left booked inside it: the visits in the way are named first, and
staff either move each of them, or have them cancelled by the clinic in the same transaction as
the closure, each patient told by the usual cancellation message.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.models import Clinic, Closure
from patients.models import User

from .availability import wall_instant
from .models import Appointment, ProviderException
from .services import appointment_cancel


class VisitsInTheWay(ValidationError):
    """The change would strand these visits; `visits` are them, earliest first."""

    def __init__(self, message: str, visits: list[Appointment]) -> None:
        super().__init__(message, code="visits_in_the_way")
        self.visits = visits


def visits_in_the_way(
    *,
    clinic: Clinic,
    date: dt.date,
    provider=None,
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    exclude_ids=(),
) -> list[Appointment]:
    """Visits not yet over that fall in the period: the whole local day, or some of its hours;
    a clinician's own visits when `provider` is given."""
    zone = clinic.zone
    if starts_at is not None and ends_at is not None:
        start, end = wall_instant(date, starts_at, zone), wall_instant(date, ends_at, zone)
    else:
        start = wall_instant(date, dt.time(0), zone)
        end = wall_instant(date + dt.timedelta(days=1), dt.time(0), zone)
    visits = Appointment.objects.filter(
        clinic=clinic, status__in=Appointment.ACTIVE, starts_at__lt=end, ends_at__gt=start
    )
    if provider is not None:
        visits = visits.filter(provider=provider)
    return list(
        visits.exclude(pk__in=exclude_ids)
        .select_related("patient", "service", "clinic")
        .order_by("starts_at")
    )


def _clear_the_way(
    *, visits: list[Appointment], by: User, cancel_visits: bool, reason: str, now: dt.datetime
) -> list[Appointment]:
    if not visits:
        return []
    if not cancel_visits:
        raise VisitsInTheWay(
            f"{len(visits)} booked visit(s) fall in this time. Move each of them first, or "
            "choose to cancel them (each patient is told).",
            visits,
        )
    under_way = [v for v in visits if v.status != Appointment.Status.BOOKED]
    if under_way:
        raise VisitsInTheWay(
            "A visit in this time has already started: it cannot be cancelled.", under_way
        )
    if not all(by.has_perm("scheduling.book_for_patients", v.clinic) for v in visits):
        raise PermissionDenied("Only staff who book visits may cancel them: ask the front desk.")
    return [
        appointment_cancel(appointment=visit, by=by, by_patient=False, reason=reason, now=now)
        for visit in visits
    ]


@transaction.atomic
def closure_save(
    *, closure: Closure, by: User, cancel_visits: bool = False, now: dt.datetime | None = None
) -> list[Appointment]:
    """Save a clinic closure; returns the visits it cancelled (none unless asked to)."""
    now = now or timezone.now()
    visits = visits_in_the_way(clinic=closure.clinic, date=closure.date)
    cancelled = _clear_the_way(
        visits=visits,
        by=by,
        cancel_visits=cancel_visits,
        reason=f"The clinic is closed that day ({closure.reason})"[:300],
        now=now,
    )
    closure.save()
    return cancelled


@transaction.atomic
def time_off_save(
    *,
    exception: ProviderException,
    by: User,
    cancel_visits: bool = False,
    now: dt.datetime | None = None,
) -> list[Appointment]:
    """Save a clinician's schedule exception; time off must not strand their visits."""
    now = now or timezone.now()
    cancelled: list[Appointment] = []
    if exception.kind == ProviderException.Kind.TIME_OFF:
        visits = visits_in_the_way(
            clinic=exception.clinic,
            date=exception.date,
            provider=exception.provider,
            starts_at=exception.starts_at,
            ends_at=exception.ends_at,
        )
        cancelled = _clear_the_way(
            visits=visits,
            by=by,
            cancel_visits=cancel_visits,
            reason="The clinician is away at that time",
            now=now,
        )
    exception.save()
    return cancelled
