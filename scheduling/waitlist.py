"""The waitlist: a freed slot is offered to the first matching patient for 15 minutes, then to
the next. Offers are rows; the messaging sweep tells the patient (messaging issue)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.models import Clinic, Service
from patients.audit import audit_system
from patients.models import AuditEvent, ClinicPatient, Intake, PatientProfile
from patients.outbox import queue_patient_notice
from patients.services import clinic_patient_link

from .booking import SlotUnavailable, _book, check_cleared
from .models import Appointment, WaitlistEntry

CLAIM_WINDOW = dt.timedelta(minutes=15)
OFFER_FIELDS = ["status", "offered_start", "offer_expires_at"]


@transaction.atomic
def waitlist_join(
    *,
    patient: PatientProfile,
    clinic: Clinic,
    service: Service,
    earliest: dt.date,
    latest: dt.date,
    today: dt.date | None = None,
) -> WaitlistEntry:
    today = today or timezone.now().astimezone(clinic.zone).date()
    if service.clinic_id != clinic.pk or not service.bookable_online:
        raise ValidationError("This visit type is not offered here.")
    check_cleared(patient=patient, clinic=clinic, service=service, staff=False)
    clinic_patient_link(patient=patient, clinic=clinic, how=ClinicPatient.How.WAITLIST)
    if earliest < today:
        raise ValidationError({"earliest": "Choose a day from today on."})
    if latest < earliest:
        raise ValidationError({"latest": "The last day comes after the first."})
    if (latest - today).days > service.horizon_days:
        raise ValidationError({"latest": f"Bookings open {service.horizon_days} days ahead."})
    entry, _ = WaitlistEntry.objects.update_or_create(
        patient=patient,
        clinic=clinic,
        service=service,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
        defaults={"earliest": earliest, "latest": latest},
        create_defaults={
            "earliest": earliest,
            "latest": latest,
            "status": WaitlistEntry.Status.WAITING,
        },
    )
    return entry


def _offer(
    *, clinic, service, start: dt.datetime, now: dt.datetime, skip=()
) -> WaitlistEntry | None:
    day = start.astimezone(clinic.zone).date()
    waiting = WaitlistEntry.objects.filter(
        clinic=clinic,
        service=service,
        status=WaitlistEntry.Status.WAITING,
        earliest__lte=day,
        latest__gte=day,
    )
    if service.needs_clearance:
        # Only a patient who could claim it is offered a time: the first cleared one waiting.
        waiting = waiting.filter(
            patient__intakes__clinic=clinic, patient__intakes__status=Intake.Status.CLEARED
        )
    entry = (
        WaitlistEntry.objects.select_for_update(skip_locked=True)
        .filter(pk__in=waiting.values("pk"))
        .exclude(pk__in=skip)
        .order_by("created_at")
        .first()
    )
    if entry is None:
        return None
    entry.status = WaitlistEntry.Status.OFFERED
    entry.offered_start = start
    entry.offer_expires_at = now + CLAIM_WINDOW
    entry.save()
    audit_system(
        by="waitlist offer",
        rows=[(entry.patient_id, entry, AuditEvent.Action.UPDATE, OFFER_FIELDS)],
    )
    queue_patient_notice(
        patient=entry.patient,
        clinic=clinic,
        kind="waitlist_offer",
        about_time=start,
        key=f"waitlist_offer:{entry.id}:{start.isoformat()}",
        now=now,
    )
    return entry


@transaction.atomic
def waitlist_offer_freed(*, appointment: Appointment, now: dt.datetime | None = None):
    """A visit was cancelled: offer its time to the first patient waiting for it."""
    now = now or timezone.now()
    if appointment.starts_at <= now:
        return None
    return _offer(
        clinic=appointment.clinic, service=appointment.service, start=appointment.starts_at, now=now
    )


@transaction.atomic
def waitlist_claim(*, entry: WaitlistEntry, now: dt.datetime | None = None) -> Appointment:
    now = now or timezone.now()
    entry = (
        WaitlistEntry.objects.select_for_update()
        .select_related("clinic", "service")
        .get(pk=entry.pk)
    )
    if entry.status == WaitlistEntry.Status.BOOKED:
        raise ValidationError("You have already taken this time: it is in your appointments.")
    if entry.status == WaitlistEntry.Status.WITHDRAWN:
        raise ValidationError("You left this waitlist, so the offer went to the next patient.")
    if entry.status != WaitlistEntry.Status.OFFERED or entry.offer_expires_at < now:
        raise ValidationError("This offer has ended. You are still on the waitlist.")
    try:
        appointment = _book(
            clinic=entry.clinic,
            service=entry.service,
            starts_at=entry.offered_start,
            patient=entry.patient,
            booked_by=entry.patient.user,
            reason="Booked from the waitlist",
            now=now,
        )
    except SlotUnavailable:
        entry.status = WaitlistEntry.Status.WAITING
        entry.offered_start = entry.offer_expires_at = None
        entry.save()
        raise
    entry.status = WaitlistEntry.Status.BOOKED
    entry.save()
    return appointment


@transaction.atomic
def waitlist_leave(*, entry: WaitlistEntry) -> WaitlistEntry:
    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status in (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED):
        entry.status = WaitlistEntry.Status.WITHDRAWN
        entry.save()
    return entry


@transaction.atomic
def waitlist_expire_offers(*, now: dt.datetime | None = None) -> int:
    """Offers past their 15 minutes go back to waiting, and the slot goes to the next patient.
    Run every minute by Celery beat; safe to run twice (rows are claimed with SKIP LOCKED)."""
    now = now or timezone.now()
    expired = list(
        WaitlistEntry.objects.select_for_update(skip_locked=True)
        .filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__lt=now)
        .select_related("clinic", "service")
    )
    audit_system(
        by="task scheduling.expire_waitlist_offers",
        rows=[(e.patient_id, e, AuditEvent.Action.UPDATE, OFFER_FIELDS) for e in expired],
    )
    for entry in expired:
        start = entry.offered_start
        entry.status = WaitlistEntry.Status.WAITING
        entry.offered_start = entry.offer_expires_at = None
        entry.save()
        if start and start > now:
            _offer(
                clinic=entry.clinic,
                service=entry.service,
                start=start,
                now=now,
                skip=[e.pk for e in expired],
            )
    return len(expired)
