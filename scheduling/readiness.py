"""Readiness before an infusion: a message 48 hours before asks the patient to confirm a driver,
the fasting rule and medicine holds in the portal; not confirmed 24 hours before, the front desk
gets a task to call them (a beat sweep; the unique task key makes a second run a no-op)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from patients.audit import audit_system
from patients.models import AuditEvent

from .models import Appointment, FrontDeskTask, ReadinessCheck

ASK_BEFORE = dt.timedelta(hours=48)
TASK_BEFORE = dt.timedelta(hours=24)


def needs_readiness(appointment: Appointment) -> bool:
    return appointment.service.needs_chair and appointment.service.needs_clearance


@transaction.atomic
def readiness_confirm(
    *,
    appointment: Appointment,
    driver_arranged: bool,
    fasting_understood: bool,
    medications_understood: bool,
    now: dt.datetime | None = None,
) -> ReadinessCheck:
    if not needs_readiness(appointment) or appointment.status != Appointment.Status.BOOKED:
        raise ValidationError("This visit does not need a readiness check.")
    if not (driver_arranged and fasting_understood and medications_understood):
        raise ValidationError(
            "Please confirm all three. If something is not possible, call the clinic: they will "
            "help you plan or move the infusion."
        )
    check, _ = ReadinessCheck.objects.update_or_create(
        appointment=appointment,
        defaults={
            "driver_arranged": True,
            "fasting_understood": True,
            "medications_understood": True,
            "confirmed_at": now or timezone.now(),
        },
    )
    appointment.front_desk_tasks.filter(
        kind=FrontDeskTask.Kind.READINESS_UNCONFIRMED, done_at__isnull=True
    ).update(done_at=now or timezone.now())
    return check


def readiness_sweep(*, now: dt.datetime | None = None) -> int:
    """A front-desk task for every infusion within 24 hours that nobody confirmed."""
    now = now or timezone.now()
    due = (
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED,
            starts_at__gt=now,
            starts_at__lte=now + TASK_BEFORE,
            service__needs_chair=True,
            readiness__isnull=True,
        )
        .exclude(front_desk_tasks__kind=FrontDeskTask.Kind.READINESS_UNCONFIRMED)
        .select_related("service")
    )
    created = []
    for appointment in due:
        if not needs_readiness(appointment):
            continue
        try:
            with transaction.atomic():
                task = FrontDeskTask.objects.create(
                    clinic_id=appointment.clinic_id,
                    appointment=appointment,
                    kind=FrontDeskTask.Kind.READINESS_UNCONFIRMED,
                )
                created.append((appointment.patient_id, task, AuditEvent.Action.CREATE, ["kind"]))
        except IntegrityError:  # another sweep made it first
            pass
    audit_system(by="task scheduling.readiness_sweep", rows=created)
    return len(created)
