"""Infusion series: propose a slot for every session, then book them all or none."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.models import Clinic, Service
from patients.models import PatientProfile, User
from patients.outbox import queue_series_confirmation

from .availability import Slot, available_slots
from .booking import _book, check_cleared, check_infusion_spacing
from .models import Appointment, InfusionSeries

PLANNING_WINDOW_DAYS = 56


def series_propose(
    *,
    clinic: Clinic,
    service: Service,
    sessions: int,
    per_week: int,
    min_gap_hours: int,
    first_day: dt.date,
    preferred_time: dt.time | None = None,
    preferred_chair_id: int | None = None,
    patient: PatientProfile | None = None,
    now: dt.datetime | None = None,
) -> list[Slot]:
    """A slot for each session: at least `min_gap_hours` (and the clinic's gap) apart from each
    other and from the patient's other infusions, at most `per_week` in a calendar week counting
    those, each as close as possible to the preferred time of day (and in the preferred chair
    when it is free). Fewer than `sessions` slots means the window has no room for all."""
    if not 1 <= sessions <= 24 or not 1 <= per_week <= 7:
        raise ValidationError("Plan between 1 and 24 sessions, 1 to 7 a week.")
    zone = clinic.zone
    gap = dt.timedelta(hours=max(min_gap_hours, clinic.infusion_gap_hours))
    slots = available_slots(
        clinic=clinic,
        service=service,
        first_day=first_day,
        days=PLANNING_WINDOW_DAYS,
        now=now,
        enforce_notice=False,
    )
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in slots:
        by_day.setdefault(slot.starts_at.astimezone(zone).date(), []).append(slot)

    def score(slot: Slot) -> tuple:
        local = slot.starts_at.astimezone(zone)
        minutes_off = (
            abs(
                (local.hour * 60 + local.minute)
                - (preferred_time.hour * 60 + preferred_time.minute)
            )
            if preferred_time
            else 0
        )
        chair_miss = preferred_chair_id is not None and preferred_chair_id not in slot.chair_ids
        return (minutes_off, chair_miss, slot.starts_at)

    booked = (
        list(
            Appointment.objects.filter(
                patient=patient,
                service__needs_chair=True,
                status__in=Appointment.OCCUPYING,
                starts_at__gt=slots[0].starts_at - gap - dt.timedelta(days=7),
                starts_at__lt=slots[-1].starts_at + gap + dt.timedelta(days=7),
            ).values_list("starts_at", flat=True)
        )
        if patient is not None and slots
        else []
    )

    def week_of(moment: dt.datetime) -> tuple:
        return moment.astimezone(zone).date().isocalendar()[:2]

    chosen: list[Slot] = []
    for day in sorted(by_day):
        if len(chosen) == sessions:
            break
        taken = booked + [s.starts_at for s in chosen]
        week = day.isocalendar()[:2]
        if sum(1 for moment in taken if week_of(moment) == week) >= per_week:
            continue
        candidates = [
            s for s in by_day[day] if all(abs(s.starts_at - moment) >= gap for moment in taken)
        ]
        if chosen:
            candidates = [s for s in candidates if s.starts_at > chosen[-1].starts_at]
        if candidates:
            chosen.append(min(candidates, key=score))
    return chosen


@transaction.atomic
def series_book(
    *,
    clinic: Clinic,
    service: Service,
    patient: PatientProfile,
    starts: list[dt.datetime],
    by: User,
    planned_sessions: int | None = None,
    min_gap_hours: int | None = None,
    now: dt.datetime | None = None,
) -> InfusionSeries:
    """Book every session of a series in one transaction: if one time cannot be booked, none
    is (the error names it, with the nearest free times)."""
    if not by.has_perm("scheduling.book_for_patients", clinic):
        raise PermissionDenied("You may not book visits at this clinic.")
    if not service.needs_clearance or not service.needs_chair:
        raise ValidationError("A series is a course of infusions.")
    check_cleared(patient=patient, clinic=clinic, service=service, staff=True)
    if not starts:
        raise ValidationError("Choose a time for every session.")
    check_infusion_spacing(
        patient=patient,
        clinic=clinic,
        service=service,
        starts=starts,
        gap_hours=min_gap_hours,
        staff=True,
    )
    series = InfusionSeries.objects.create(
        clinic=clinic,
        patient=patient,
        service=service,
        planned_sessions=planned_sessions or len(starts),
        created_by=by,
    )
    for start in sorted(starts):
        _book(
            clinic=clinic,
            service=service,
            starts_at=start,
            patient=patient,
            booked_by=by,
            staff=True,
            series=series,
            notify=False,
            now=now or timezone.now(),
        )
    queue_series_confirmation(series=series, now=now)
    return series


def series_progress(series: InfusionSeries) -> dict:
    appointments = list(series.appointments.all())
    done = sum(1 for a in appointments if a.status == Appointment.Status.COMPLETED)
    upcoming = [a for a in appointments if a.is_active]
    return {
        "done": done,
        "planned": series.planned_sessions,
        "upcoming": upcoming,
        "boosters": sum(1 for a in appointments if a.service.kind == Service.Kind.BOOSTER),
    }
