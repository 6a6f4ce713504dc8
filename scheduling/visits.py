"""The clinic's side of a visit: check-in, infusion, observation, vital signs, discharge."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from patients.models import User
from patients.surveys import surveys_plan_after_infusion

from .models import Appointment, Discharge, VitalSigns, VitalsThresholds

Status = Appointment.Status
CHECK_IN_EARLY = dt.timedelta(hours=2)

# action -> (status it leads to, timestamp field, permission needed at the clinic)
_FLOW = {
    "check_in": (Status.CHECKED_IN, "checked_in_at", "scheduling.check_in_visit"),
    "start": (Status.IN_PROGRESS, "started_at", "scheduling.run_visit"),
    "observe": (Status.OBSERVATION, "observation_at", "scheduling.run_visit"),
    "no_show": (Status.NO_SHOW, None, "scheduling.check_in_visit"),
}
ACTION_LABELS = {
    "check_in": "Check in",
    "start": "Start",
    "observe": "Start observation",
    "no_show": "Mark no-show",
    "complete": "Complete",
}


def _require(user: User, appointment: Appointment, perm: str = "scheduling.run_visit") -> None:
    if not user.has_perm(perm, appointment.clinic):
        raise PermissionDenied("You may not change visits at this clinic.")


def _lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update()
        .select_related("clinic", "service")
        .get(pk=appointment.pk)
    )


def action_permission(action: str) -> str:
    return _FLOW[action][2] if action in _FLOW else "scheduling.run_visit"


def next_actions(appointment: Appointment, now: dt.datetime | None = None) -> list[str]:
    """The status changes that make sense now, in the order a nurse meets them."""
    now = now or timezone.now()
    actions = []
    status = appointment.status
    if status == Status.BOOKED:
        if now >= appointment.starts_at - CHECK_IN_EARLY:
            actions.append("check_in")
        if now >= appointment.starts_at:
            actions.append("no_show")
    elif status == Status.CHECKED_IN:
        actions.append("start")
        if not appointment.service.needs_chair:
            actions.append("complete")
    elif status == Status.IN_PROGRESS:
        actions.append("observe" if appointment.service.needs_chair else "complete")
    elif status == Status.OBSERVATION:
        actions.append("complete")
    return actions


@transaction.atomic
def visit_advance(
    *, appointment: Appointment, action: str, by: User, now: dt.datetime | None = None
) -> Appointment:
    """Check in, start, start observation, or mark a no-show (completing has its own call)."""
    now = now or timezone.now()
    appointment = _lock(appointment)
    if action not in _FLOW:
        raise ValidationError("Unknown action.")
    to_status, stamp, perm = _FLOW[action]
    _require(by, appointment, perm)
    if action not in next_actions(appointment, now):
        raise ValidationError(
            f"“{ACTION_LABELS[action]}” does not apply to a visit that is "
            f"{appointment.get_status_display().lower()}."
        )
    appointment.status = to_status
    if stamp:
        setattr(appointment, stamp, now)
    appointment.save()
    return appointment


@transaction.atomic
def visit_complete(
    *,
    appointment: Appointment,
    by: User,
    vitals_near_baseline: bool = False,
    escort_present: bool = False,
    side_effects: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """Complete a visit. An infusion needs its discharge checklist: vitals back near baseline,
    an escort present, and the side effects noted."""
    now = now or timezone.now()
    appointment = _lock(appointment)
    _require(by, appointment)
    if "complete" not in next_actions(appointment, now):
        raise ValidationError("This visit cannot be completed from where it is now.")
    if appointment.service.needs_chair:
        missing = []
        if not vitals_near_baseline:
            missing.append("vital signs back near baseline")
        if not escort_present:
            missing.append("an escort to drive them home")
        if not side_effects.strip():
            missing.append("the side effects (or 'none')")
        if missing:
            raise ValidationError("Before discharge, confirm: " + "; ".join(missing) + ".")
        Discharge.objects.create(
            appointment=appointment,
            vitals_near_baseline=True,
            escort_present=True,
            side_effects=side_effects.strip(),
            completed_by=by,
            completed_at=now,
        )
    appointment.status = Status.COMPLETED
    appointment.completed_at = now
    appointment.save()
    if appointment.service.needs_chair:
        surveys_plan_after_infusion(appointment=appointment, now=now)
    return appointment


def thresholds_for(clinic) -> VitalsThresholds:
    """The clinic's alert limits (the defaults until the clinic sets its own)."""
    limits, _ = VitalsThresholds.objects.get_or_create(clinic=clinic)
    return limits


@transaction.atomic
def vitals_record(
    *,
    appointment: Appointment,
    by: User,
    phase: str,
    systolic: int,
    diastolic: int,
    heart_rate: int,
    spo2: int,
    pain: int | None = None,
    taken_at: dt.datetime | None = None,
) -> tuple[VitalSigns, list[str]]:
    """Record a set of readings; returns them with what is past the clinic's limits."""
    appointment = _lock(appointment)
    _require(by, appointment)
    if appointment.status not in (Status.CHECKED_IN, Status.IN_PROGRESS, Status.OBSERVATION):
        raise ValidationError("Vital signs are recorded between check-in and completion.")
    vitals = VitalSigns(
        appointment=appointment,
        phase=phase,
        taken_at=taken_at or timezone.now(),
        systolic=systolic,
        diastolic=diastolic,
        heart_rate=heart_rate,
        spo2=spo2,
        pain=pain,
        recorded_by=by,
    )
    vitals.full_clean()
    vitals.save()
    return vitals, thresholds_for(appointment.clinic).alerts(vitals)
