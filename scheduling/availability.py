"""The availability engine: bookable slots of a service at a clinic over a range of days.

It reads only the window it needs, in a fixed number of queries whatever the number of
providers, chairs or days (five: provider hours, their exceptions, closures, chairs, and the
appointments overlapping the window), then works in memory:

1. each provider's working periods for each local day: weekly hours, minus time off, plus extra
   hours, inside the clinic's opening hours, minus closures;
2. candidate starts on a grid (every SLOT_STEP minutes from the start of each period), where the
   service fits the period and its observation fits the clinic's opening hours;
3. a start is free when the provider is free for the service and buffer, and (for chair services)
   a chair is free for the service, observation and buffer; and it is inside the minimum notice
   and the booking horizon.

Wall-clock times are turned into instants with the clinic's zone and all arithmetic is done on
instants, so a day of 23 or 25 hours (the spring gap, the autumn overlap) comes out right.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from clinic.models import Clinic, ClinicMembership, Closure, OpeningHours, Service

from .models import Appointment, Chair, ProviderException, ProviderHours

SLOT_STEP = dt.timedelta(minutes=15)
MAX_DAYS = 62


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime  # aware, UTC
    ends_at: dt.datetime
    provider_ids: tuple  # free providers, in the order a booking tries them
    chair_ids: tuple  # free chairs (empty for services without a chair)

    def local(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        return self.starts_at.astimezone(zone), self.ends_at.astimezone(zone)


@dataclass(frozen=True)
class Needs:
    """How long a booking of a service holds its provider and its chair."""

    service: dt.timedelta
    visit: dt.timedelta  # in the clinic: the service and its observation
    provider: dt.timedelta
    chair: dt.timedelta

    @classmethod
    def of(cls, service: Service) -> Needs:
        minutes = dt.timedelta(minutes=1)
        return cls(
            service=service.duration_minutes * minutes,
            visit=(service.duration_minutes + service.observation_minutes) * minutes,
            provider=(service.duration_minutes + service.buffer_minutes) * minutes,
            chair=(service.duration_minutes + service.observation_minutes + service.buffer_minutes)
            * minutes,
        )


def wall_instant(day: dt.date, wall: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The instant of a wall-clock time on a clinic's calendar day, in UTC. A time inside the
    spring-forward gap does not exist: it moves to the first valid time after the gap."""
    local = dt.datetime.combine(day, wall, tzinfo=zone)
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        # Nonexistent wall time: fold=0 reads it with the offset before the change; the real
        # clock jumps past it, so the period starts (or ends) where the clock resumes.
        instant = dt.datetime.combine(day, wall, tzinfo=zone).replace(fold=1).astimezone(dt.UTC)
    return instant


def _periods(day, rows, zone) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(wall_instant(day, start, zone), wall_instant(day, end, zone)) for start, end in rows]


def _subtract(periods, cut):
    result = []
    cut_start, cut_end = cut
    for start, end in periods:
        if cut_end <= start or cut_start >= end:
            result.append((start, end))
            continue
        if start < cut_start:
            result.append((start, cut_start))
        if cut_end < end:
            result.append((cut_end, end))
    return result


def _intersect(periods, limits):
    result = []
    for start, end in periods:
        for lo, hi in limits:
            s, e = max(start, lo), min(end, hi)
            if s < e:
                result.append((s, e))
    return sorted(result)


class _Busy:
    """Busy periods of one resource, sorted by start, for overlap checks by bisection."""

    def __init__(self) -> None:
        self.starts: list[dt.datetime] = []
        self.ends: list[dt.datetime] = []
        self.longest = dt.timedelta(0)

    def add(self, start: dt.datetime, end: dt.datetime) -> None:
        index = bisect.bisect(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)
        self.longest = max(self.longest, end - start)

    def is_free(self, start: dt.datetime, end: dt.datetime) -> bool:
        # Only periods starting in (start - longest, end) can overlap [start, end).
        low = bisect.bisect_right(self.starts, start - self.longest)
        high = bisect.bisect_left(self.starts, end)
        return all(self.ends[i] <= start for i in range(low, high))


def _load(clinic: Clinic, service: Service, window_start, window_end, first_day, last_day):
    roles = service.provider_roles
    provider_ids = list(
        ClinicMembership.objects.filter(
            clinic=clinic, role__in=roles, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    hours = defaultdict(list)
    for provider_id, weekday, start, end in ProviderHours.objects.filter(
        clinic=clinic, provider_id__in=provider_ids
    ).values_list("provider_id", "weekday", "starts_at", "ends_at"):
        hours[(provider_id, weekday)].append((start, end))
    exceptions = defaultdict(list)
    for row in ProviderException.objects.filter(
        clinic=clinic, provider_id__in=provider_ids, date__range=(first_day, last_day)
    ).values_list("provider_id", "date", "kind", "starts_at", "ends_at"):
        exceptions[(row[0], row[1])].append(row[2:])
    closed = set(
        Closure.objects.filter(clinic=clinic, date__range=(first_day, last_day)).values_list(
            "date", flat=True
        )
    )
    chair_ids = (
        list(Chair.objects.filter(clinic=clinic, is_active=True).values_list("id", flat=True))
        if service.needs_chair
        else []
    )
    busy_provider: dict = defaultdict(_Busy)
    busy_chair: dict = defaultdict(_Busy)
    # A provider busy at another clinic of the network is busy here too.
    overlapping = Appointment.objects.filter(
        Q(provider_id__in=provider_ids) | Q(chair_id__in=chair_ids),
        status__in=Appointment.OCCUPYING,
        starts_at__lt=window_end,
        chair_until__gt=window_start,
    ).values_list("provider_id", "chair_id", "starts_at", "provider_until", "chair_until")
    for provider_id, chair_id, start, provider_until, chair_until in overlapping:
        busy_provider[provider_id].add(start, provider_until)
        if chair_id is not None:
            busy_chair[chair_id].add(start, chair_until)
    return provider_ids, hours, exceptions, closed, chair_ids, busy_provider, busy_chair


def available_slots(
    *,
    clinic: Clinic,
    service: Service,
    first_day: dt.date,
    days: int,
    now: dt.datetime | None = None,
    opening_hours: list[OpeningHours] | None = None,
    enforce_notice: bool = True,
) -> list[Slot]:
    """Bookable slots from `first_day` for `days` days (the clinic's calendar), earliest first.

    `enforce_notice=False` is for staff, who may book inside the minimum notice.
    """
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    now = now or timezone.now()
    zone = clinic.zone
    last_day = first_day + dt.timedelta(days=days - 1)
    needs = Needs.of(service)
    window_start = wall_instant(first_day, dt.time(0), zone)
    window_end = wall_instant(last_day + dt.timedelta(days=1), dt.time(0), zone)
    earliest = now + dt.timedelta(hours=service.min_notice_hours) if enforce_notice else now
    latest = now + dt.timedelta(days=service.horizon_days)

    if opening_hours is None:
        opening_hours = list(clinic.opening_hours.all())
    opening = defaultdict(list)
    for row in opening_hours:
        opening[row.weekday].append((row.opens_at, row.closes_at))

    providers, hours, exceptions, closed, chairs, busy_provider, busy_chair = _load(
        clinic, service, window_start - needs.chair, window_end + needs.chair, first_day, last_day
    )

    slots: dict[dt.datetime, tuple[list, list]] = {}
    free_chairs: dict[dt.datetime, list] = {}
    for offset in range(days):
        day = first_day + dt.timedelta(days=offset)
        if day in closed:
            continue
        clinic_open = _periods(day, opening[day.weekday()], zone)
        if not clinic_open:
            continue
        for provider_id in providers:
            working = _periods(day, hours.get((provider_id, day.weekday()), []), zone)
            for kind, start, end in exceptions.get((provider_id, day), []):
                if kind == ProviderException.Kind.EXTRA:
                    working.append((wall_instant(day, start, zone), wall_instant(day, end, zone)))
                elif start is None:
                    working = []
                else:
                    working = _subtract(
                        working, (wall_instant(day, start, zone), wall_instant(day, end, zone))
                    )
            for period_start, period_end in _intersect(working, clinic_open):
                for start in _grid(period_start, period_end - needs.service):
                    if not (earliest <= start <= latest and _fits_open(start, needs, clinic_open)):
                        continue
                    if not busy_provider[provider_id].is_free(start, start + needs.provider):
                        continue
                    if start not in free_chairs:  # the same for every provider at `start`
                        free_chairs[start] = [
                            chair
                            for chair in chairs
                            if busy_chair[chair].is_free(start, start + needs.chair)
                        ]
                    if service.needs_chair and not free_chairs[start]:
                        continue
                    slots.setdefault(start, ([], free_chairs[start]))[0].append(provider_id)
    return [
        Slot(start, start + needs.service, tuple(found[0]), tuple(found[1]))
        for start, found in sorted(slots.items())
    ]


def _grid(first: dt.datetime, last: dt.datetime):
    """Starts every SLOT_STEP from `first` up to and including `last`."""
    start = first
    while start <= last:
        yield start
        start += SLOT_STEP


def _fits_open(start: dt.datetime, needs: Needs, clinic_open) -> bool:
    """The patient is in the clinic from the start to the end of observation: all of it must
    fall inside one opening period."""
    end = start + needs.visit
    return any(lo <= start and end <= hi for lo, hi in clinic_open)


def days_with_room(slots: list[Slot], zone: ZoneInfo) -> set[dt.date]:
    return {slot.starts_at.astimezone(zone).date() for slot in slots}
