"""Reads of the schedule for patients (their own visits) and for the booking pages."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from clinic.models import Clinic, Service
from patients.models import PatientProfile

from .availability import Slot, available_slots
from .booking import slots_the_patient_can_take
from .models import Appointment


def bookable_services(*, clinic: Clinic) -> QuerySet[Service]:
    return clinic.services.filter(is_active=True, bookable_online=True).order_by(
        "display_order", "name"
    )


def appointments_for_patient(*, patient: PatientProfile) -> QuerySet[Appointment]:
    return patient.appointments.select_related("clinic", "service").order_by("starts_at")


def appointment_for_patient(*, patient: PatientProfile, appointment_id) -> Appointment:
    """The patient's own appointment, or 404 (another patient's id looks like a missing one)."""
    try:
        return Appointment.objects.select_related("clinic", "service").get(
            pk=appointment_id, patient=patient
        )
    except (Appointment.DoesNotExist, ValueError):
        raise Http404("No such appointment") from None


def appointment_calendar_version(*, appointment: Appointment) -> Appointment:
    """The latest version of the calendar event `appointment` is part of: the visit itself, or
    the visit it was moved to (and on), which share its calendar UID."""
    return (
        Appointment.objects.select_related("clinic")
        .filter(calendar_uid=appointment.calendar_uid, patient_id=appointment.patient_id)
        .order_by("-calendar_sequence", "-created_at")
        .first()
    ) or appointment


@dataclass(frozen=True)
class MonthView:
    """A month of the booking calendar: which days have room, and the times of one day."""

    month: dt.date  # first day of the month
    weeks: list[list[dt.date | None]]
    days_with_room: set[dt.date]
    chosen_day: dt.date | None
    times: list[Slot]
    previous_month: dt.date | None
    next_month: dt.date | None


def month_view(
    *,
    clinic: Clinic,
    service: Service,
    month: dt.date,
    chosen_day: dt.date | None,
    patient: PatientProfile | None = None,
    moving: Appointment | None = None,
    now: dt.datetime | None = None,
) -> MonthView:
    """A month of the slot picker; with `patient`, only the slots they could book (none over
    their own visits or too close to their other infusions)."""
    now = now or timezone.now()
    today = now.astimezone(clinic.zone).date()
    month = month.replace(day=1)
    last_day = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    horizon_day = (now + dt.timedelta(days=service.horizon_days)).astimezone(clinic.zone).date()
    first = max(month, today)
    last = min(last_day, horizon_day)
    by_day: dict[dt.date, list[Slot]] = defaultdict(list)
    if first <= last:
        slots = available_slots(
            clinic=clinic, service=service, first_day=first, days=(last - first).days + 1, now=now
        )
        if patient is not None:
            slots = slots_the_patient_can_take(
                slots=slots, patient=patient, clinic=clinic, service=service, moving=moving
            )
        for slot in slots:
            by_day[slot.starts_at.astimezone(clinic.zone).date()].append(slot)
    weeks = [
        [day if day.month == month.month else None for day in week]
        for week in calendar.Calendar(firstweekday=6).monthdatescalendar(month.year, month.month)
    ]
    if chosen_day is None and by_day:
        chosen_day = min(by_day)
    previous_month = (month - dt.timedelta(days=1)).replace(day=1)
    next_month = last_day + dt.timedelta(days=1)
    return MonthView(
        month=month,
        weeks=weeks,
        days_with_room=set(by_day),
        chosen_day=chosen_day,
        times=by_day.get(chosen_day, []) if chosen_day else [],
        previous_month=previous_month if previous_month >= today.replace(day=1) else None,
        next_month=next_month if next_month <= horizon_day else None,
    )
