"""Writes of the schedule: booking (scheduling.booking), cancelling and rescheduling. A visit
that is cancelled or moved frees its time, which the waitlist offers at once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from patients.models import User
from patients.outbox import queue_cancellation, skip_reminders

from .booking import (
    PolicyWindow,
    SlotUnavailable,
    _book,
    appointment_book,
    nearest_slots,
    patient_is_cleared,
)
from .models import Appointment
from .waitlist import waitlist_offer_freed

__all__ = [
    "PolicyWindow",
    "SlotUnavailable",
    "appointment_book",
    "appointment_cancel",
    "appointment_reschedule",
    "nearest_slots",
    "patient_is_cleared",
]


def _policy_check(appointment: Appointment, hours: int, what: str, now: dt.datetime) -> None:
    if appointment.starts_at - now < dt.timedelta(hours=hours):
        clinic = appointment.clinic
        raise PolicyWindow(
            f"Visits can be {what} online up to {hours} hours before. Please call "
            f"{clinic.name} at {clinic.phone.as_national}."
        )


def _mark_cancelled(
    appointment: Appointment, *, by_patient: bool, reason: str, now: dt.datetime
) -> None:
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancelled_at = now
    appointment.cancelled_by = (
        Appointment.CancelledBy.PATIENT if by_patient else Appointment.CancelledBy.CLINIC
    )
    appointment.cancel_reason = reason.strip()[:300]
    appointment.save()


def _lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update()
        .select_related("clinic", "service", "patient")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def appointment_cancel(
    *,
    appointment: Appointment,
    by: User,
    reason: str = "",
    by_patient: bool,
    now: dt.datetime | None = None,
) -> Appointment:
    now = now or timezone.now()
    appointment = _lock(appointment)
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError("Only a booked visit that has not started can be cancelled.")
    if by_patient:
        _policy_check(appointment, appointment.clinic.cancel_notice_hours, "cancelled", now)
    appointment.calendar_sequence += 1  # the cancellation is the event's next version
    _mark_cancelled(appointment, by_patient=by_patient, reason=reason, now=now)
    queue_cancellation(appointment=appointment, now=now)
    waitlist_offer_freed(appointment=appointment, now=now)
    return appointment


@transaction.atomic
def appointment_reschedule(
    *,
    appointment: Appointment,
    starts_at: dt.datetime,
    by: User,
    reason: str = "",
    by_patient: bool,
    now: dt.datetime | None = None,
) -> Appointment:
    """Move a visit: the old one is cancelled and the new one booked in one transaction, so a
    failed booking leaves the old visit exactly as it was."""
    now = now or timezone.now()
    old = _lock(appointment)
    if old.status != Appointment.Status.BOOKED:
        raise ValidationError("Only a booked visit that has not started can be moved.")
    if by_patient:
        _policy_check(old, old.clinic.reschedule_notice_hours, "rescheduled", now)
    _mark_cancelled(old, by_patient=by_patient, reason="Rescheduled", now=now)
    skip_reminders(appointment=old, reason="the visit was moved")
    moved = _book(
        clinic=old.clinic,
        service=old.service,
        starts_at=starts_at,
        patient=old.patient,
        booked_by=by,
        reason=old.reason,
        staff=not by_patient,
        series=old.series,
        rescheduled_from=old,
        reschedule_reason=reason.strip()[:300]
        or ("Moved by the patient" if by_patient else "Moved by the clinic"),
        now=now,
    )
    if moved.starts_at != old.starts_at:
        waitlist_offer_freed(appointment=old, now=now)
    return moved
