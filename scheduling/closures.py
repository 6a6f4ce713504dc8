"""Closures, hours, time off, chairs and clinicians' roles never strand booked visits.

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

from clinic.models import Clinic, Closure, OpeningHours
from patients.models import User

from .availability import wall_instant
from .models import Appointment, Chair, ProviderException, ProviderHours
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


def _save_clearing_the_way(
    obj, *, visits: list[Appointment], by: User, cancel_visits: bool, reason: str, now
) -> list[Appointment]:
    """Save `obj` once the visits it would strand are out of the way (or refuse)."""
    cancelled = _clear_the_way(
        visits=visits, by=by, cancel_visits=cancel_visits, reason=reason, now=now
    )
    obj.save()
    return cancelled


@transaction.atomic
def closure_save(
    *, closure: Closure, by: User, cancel_visits: bool = False, now: dt.datetime | None = None
) -> list[Appointment]:
    """Save a clinic closure; returns the visits it cancelled (none unless asked to)."""
    now = now or timezone.now()
    return _save_clearing_the_way(
        closure,
        visits=visits_in_the_way(clinic=closure.clinic, date=closure.date),
        by=by,
        cancel_visits=cancel_visits,
        reason=f"The clinic is closed that day ({closure.reason})"[:300],
        now=now,
    )


def exception_in_the_way(
    *, exception: ProviderException, now: dt.datetime | None = None
) -> list[Appointment]:
    """The booked visits a schedule exception, as it is about to be saved, would strand: time
    off over them, or (changing a row of extra hours) the hours taken from under them."""
    visits = []
    if exception.kind == ProviderException.Kind.TIME_OFF:
        visits = visits_in_the_way(
            clinic=exception.clinic,
            date=exception.date,
            provider=exception.provider,
            starts_at=exception.starts_at,
            ends_at=exception.ends_at,
        )
    if exception.pk is not None:
        zone = exception.clinic.zone
        for visit in visits_losing_extra_hours(exception=exception, now=now):
            still_covered = (
                exception.kind == ProviderException.Kind.EXTRA
                and visit.starts_at.astimezone(zone).date() == exception.date
                and wall_instant(exception.date, exception.starts_at, zone) <= visit.starts_at
                and visit.ends_at <= wall_instant(exception.date, exception.ends_at, zone)
            )
            if not still_covered and visit not in visits:
                visits.append(visit)
    return sorted(visits, key=lambda visit: visit.starts_at)


@transaction.atomic
def time_off_save(
    *,
    exception: ProviderException,
    by: User,
    cancel_visits: bool = False,
    now: dt.datetime | None = None,
) -> list[Appointment]:
    """Save a clinician's schedule exception; it must not strand their visits."""
    now = now or timezone.now()
    return _save_clearing_the_way(
        exception,
        visits=exception_in_the_way(exception=exception, now=now),
        by=by,
        cancel_visits=cancel_visits,
        reason="The clinician is away at that time",
        now=now,
    )


def _outside(visits, *, hours, extras, zone, until=lambda visit: visit.ends_at) -> set:
    """The visits that no weekly period (weekday, start, end) nor extra hours of the day cover,
    from their start to `until(visit)`."""
    outside = set()
    for visit in visits:
        day = visit.starts_at.astimezone(zone).date()
        periods = [(s, e) for weekday, s, e in hours if weekday == day.weekday()]
        periods += extras.get(day, [])
        if not any(
            wall_instant(day, start, zone) <= visit.starts_at
            and until(visit) <= wall_instant(day, end, zone)
            for start, end in periods
        ):
            outside.add(visit.pk)
    return outside


def _in_the_clinic_until(visit: Appointment) -> dt.datetime:
    """The patient is in the clinic until the end of observation."""
    return visit.ends_at + dt.timedelta(minutes=visit.service.observation_minutes)


def _weekly(hours: OpeningHours | ProviderHours, now: dt.datetime):
    """For a row of a clinic's opening hours, or of a clinician's hours there: its sibling rows
    as (weekday, start, end), the booked visits that depend on such rows, the extra hours that
    also cover them, and until when a visit needs covering."""
    clinic = hours.clinic
    visits = Appointment.objects.filter(
        clinic=clinic, status=Appointment.Status.BOOKED, starts_at__gte=now
    )
    if isinstance(hours, OpeningHours):
        rows = OpeningHours.objects.filter(clinic=clinic)
        return rows, ("opens_at", "closes_at"), visits, {}, _in_the_clinic_until
    rows = ProviderHours.objects.filter(clinic=clinic, provider=hours.provider)
    extras: dict = {}
    for day, start, end in ProviderException.objects.filter(
        clinic=clinic,
        provider=hours.provider,
        kind=ProviderException.Kind.EXTRA,
        date__gte=now.astimezone(clinic.zone).date() - dt.timedelta(days=1),
    ).values_list("date", "starts_at", "ends_at"):
        extras.setdefault(day, []).append((start, end))
    return rows, ("starts_at", "ends_at"), visits.filter(provider=hours.provider), extras, None


def _scope(hours: OpeningHours | ProviderHours) -> tuple:
    return (hours.clinic_id, getattr(hours, "provider_id", None))


def visits_stranded_by_hours(
    *,
    hours: OpeningHours | ProviderHours,
    deleting: bool = False,
    now: dt.datetime | None = None,
) -> list[Appointment]:
    """The booked visits that a row of weekly hours (the clinic's opening hours, or a
    clinician's hours) covered and would no longer cover once `hours` is saved as it is now
    (its pk says which row it replaces), or deleted. Visits already outside the hours (booked by
    staff on purpose) are not the change's doing and are left alone."""
    now = now or timezone.now()
    saved = type(hours).objects.filter(pk=hours.pk).first() if hours.pk else None
    if saved is not None and not deleting and _scope(saved) != _scope(hours):
        # Moved to another clinic or clinician: the old one loses the row, the new one only
        # gains one (which strands nobody).
        return visits_stranded_by_hours(hours=saved, deleting=True, now=now)
    rows, (start, end), visits, extras, until = _weekly(hours, now)
    before = list(rows.values_list("weekday", start, end))
    after = list(rows.exclude(pk=hours.pk).values_list("weekday", start, end))
    if not deleting:
        after.append((hours.weekday, getattr(hours, start), getattr(hours, end)))
    visits = list(visits.select_related("patient", "service", "clinic").order_by("starts_at"))
    cover = {"extras": extras, "zone": hours.clinic.zone, "until": until or (lambda v: v.ends_at)}
    stranded = _outside(visits, hours=after, **cover) - _outside(visits, hours=before, **cover)
    return [visit for visit in visits if visit.pk in stranded]


@transaction.atomic
def weekly_hours_save(
    *,
    hours: OpeningHours | ProviderHours,
    by: User,
    cancel_visits: bool = False,
    now: dt.datetime | None = None,
) -> list[Appointment]:
    """Save a row of the clinic's opening hours or a clinician's hours: a change must not strand
    booked visits (they are cancelled, patients told, only when asked)."""
    now = now or timezone.now()
    return _save_clearing_the_way(
        hours,
        visits=visits_stranded_by_hours(hours=hours, now=now),
        by=by,
        cancel_visits=cancel_visits,
        reason="The hours of the clinic or the clinician changed",
        now=now,
    )


@transaction.atomic
def weekly_hours_delete(
    *, hours: OpeningHours | ProviderHours, by: User, now: dt.datetime | None = None
) -> None:
    """Remove a row of weekly hours: refused while booked visits depend on it."""
    now = now or timezone.now()
    visits = visits_stranded_by_hours(hours=hours, deleting=True, now=now)
    _clear_the_way(visits=visits, by=by, cancel_visits=False, reason="", now=now)
    hours.delete()


def visits_losing_extra_hours(*, exception: ProviderException, now=None) -> list[Appointment]:
    """The booked visits that only this row of extra hours covers (for deleting or changing
    it): without it they would fall outside the clinician's hours."""
    now = now or timezone.now()
    if exception.pk is None:
        return []
    saved = ProviderException.objects.get(pk=exception.pk)
    if saved.kind != ProviderException.Kind.EXTRA:
        return []
    clinic, zone = saved.clinic, saved.clinic.zone
    visits = list(
        Appointment.objects.filter(
            clinic=clinic,
            provider=saved.provider,
            status=Appointment.Status.BOOKED,
            starts_at__gte=max(now, wall_instant(saved.date, dt.time(0), zone)),
            starts_at__lt=wall_instant(saved.date + dt.timedelta(days=1), dt.time(0), zone),
        )
        .select_related("patient", "service", "clinic")
        .order_by("starts_at")
    )
    hours = list(
        ProviderHours.objects.filter(clinic=clinic, provider=saved.provider).values_list(
            "weekday", "starts_at", "ends_at"
        )
    )
    rows = ProviderException.objects.filter(
        clinic=clinic, provider=saved.provider, date=saved.date, kind=ProviderException.Kind.EXTRA
    )
    with_it = {saved.date: list(rows.values_list("starts_at", "ends_at"))}
    without = {saved.date: list(rows.exclude(pk=saved.pk).values_list("starts_at", "ends_at"))}
    stranded = _outside(visits, hours=hours, extras=without, zone=zone) - _outside(
        visits, hours=hours, extras=with_it, zone=zone
    )
    return [visit for visit in visits if visit.pk in stranded]


def visits_left_without_chair(*, chair: Chair, now: dt.datetime | None = None) -> list[Appointment]:
    """Booked visits in the chair as saved, if `chair` (about to be saved) retires it or takes it
    to another clinic: nobody would sit in it."""
    saved = Chair.objects.filter(pk=chair.pk).first() if chair.pk else None
    if saved is None or (chair.is_active and chair.clinic_id == saved.clinic_id):
        return []
    return list(_booked_from_now(now).filter(chair=saved))


def visits_left_without_clinician(
    *, membership, now: dt.datetime | None = None
) -> list[Appointment]:
    """Booked visits of a clinician at a clinic that `membership`, as it is about to be saved,
    would leave without them: made inactive, moved to another person or clinic, or given a role
    that does not provide the visit's service."""
    saved = type(membership).objects.filter(pk=membership.pk).first() if membership.pk else None
    if saved is None:
        return []
    visits = _booked_from_now(now).filter(clinic=saved.clinic_id, provider=saved.user_id)
    unchanged = (membership.user_id, membership.clinic_id) == (saved.user_id, saved.clinic_id)
    if membership.is_active and unchanged:
        return [v for v in visits if membership.role not in v.service.provider_roles]
    return list(visits)


def _booked_from_now(now: dt.datetime | None):
    return (
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED, starts_at__gte=now or timezone.now()
        )
        .select_related("patient", "service", "clinic")
        .order_by("starts_at")
    )


@transaction.atomic
def visits_clear_the_way(
    *,
    visits: list[Appointment],
    by: User,
    cancel_visits: bool,
    reason: str,
    now: dt.datetime | None = None,
) -> list[Appointment]:
    """For a change elsewhere (a chair retired, a clinician's role) that would strand `visits`:
    refuse, or cancel them with the patients told when staff asked to."""
    return _clear_the_way(
        visits=visits, by=by, cancel_visits=cancel_visits, reason=reason, now=now or timezone.now()
    )


def visits_stranded_by_zone_change(
    *, clinic: Clinic, time_zone: str, now: dt.datetime | None = None
) -> list[Appointment]:
    """A clinic's booked visits are instants; a new time zone would move every one of them on
    the clinic's wall clock (9:00 AM Central becomes 5:00 AM in Tokyo). While any is booked,
    the zone stays."""
    if time_zone == Clinic.objects.values_list("time_zone", flat=True).get(pk=clinic.pk):
        return []
    return list(_booked_from_now(now).filter(clinic=clinic))


def visits_of_service(*, service, now: dt.datetime | None = None) -> list[Appointment]:
    """Booked visits of a service (before it is taken out of use or moved)."""
    return list(_booked_from_now(now).filter(service=service))


def visits_of_provider(*, user, now: dt.datetime | None = None) -> list[Appointment]:
    """Booked visits a clinician provides, at any clinic (before their account is switched
    off)."""
    return list(_booked_from_now(now).filter(provider=user))


def visits_of_clinic(*, clinic: Clinic, now: dt.datetime | None = None) -> list[Appointment]:
    """Booked visits at a clinic (before it is switched off)."""
    return list(_booked_from_now(now).filter(clinic=clinic))


@transaction.atomic
def chair_save(
    *, chair: Chair, by: User, cancel_visits: bool = False, now: dt.datetime | None = None
) -> list[Appointment]:
    """Save a chair; retiring it or moving it to another clinic must not strand its visits."""
    now = now or timezone.now()
    return _save_clearing_the_way(
        chair,
        visits=visits_left_without_chair(chair=chair, now=now),
        by=by,
        cancel_visits=cancel_visits,
        reason="The chair is out of use",
        now=now,
    )
