"""The clinic's side of a visit: check-in, infusion, observation, vital signs, discharge."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from clinic.text import written
from patients.audit import audit_record
from patients.models import AuditEvent, User
from patients.surveys import surveys_plan_after_infusion

from .booking import patient_is_cleared
from .models import Appointment, Discharge, ReadinessCheck, VitalSigns, VitalsThresholds
from .readiness import needs_readiness

Status = Appointment.Status
Phase = VitalSigns.Phase
CHECK_IN_EARLY = dt.timedelta(hours=2)

# "Back near baseline" at discharge is judged on the readings, not on a tick alone: the last
# reading of the "after" phase must be within the clinic's alert limits (blood pressure, heart
# rate, SpO2), and its systolic and diastolic no more than 20 % above the baseline (the last
# "before" reading; a baseline of 128/82 allows up to 153/98). Blood pressure and heart rate rise
# during a ketamine infusion and usually settle within about 20 minutes of its end; a reading
# still 20 % up has not settled. Without a baseline only the clinic's limits apply. When the
# readings say otherwise, a clinician may still discharge by writing why (kept on the Discharge).
NEAR_BASELINE = 0.20

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


def start_missing(appointment: Appointment) -> list[str]:
    """What an infusion would start without: a baseline reading, the patient's readiness
    confirmation. Allowed, but shown before the click and kept on the visit after it."""
    if not appointment.service.needs_chair:
        return []
    missing = []
    if not appointment.vitals.filter(phase=Phase.BEFORE).exists():
        missing.append(Appointment.StartedWithout.BASELINE_VITALS)
    if (
        needs_readiness(appointment)
        and not ReadinessCheck.objects.filter(appointment=appointment).exists()
    ):
        missing.append(Appointment.StartedWithout.READINESS)
    return missing


def started_without_labels(values: list[str]) -> list[str]:
    return [str(Appointment.StartedWithout(value).label) for value in values]


@transaction.atomic
def visit_advance(
    *, appointment: Appointment, action: str, by: User, now: dt.datetime | None = None
) -> Appointment:
    """Check in, start, start observation, or mark a no-show (completing has its own call).
    An infusion started without a baseline reading or a readiness confirmation records what
    it started without."""
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
    if action == "start":
        if appointment.service.needs_clearance and not patient_is_cleared(
            patient=appointment.patient, clinic=appointment.clinic
        ):
            raise ValidationError(
                "This infusion cannot start: the patient is not cleared at this clinic. A "
                "physician must clear the intake first (the visit may be moved meanwhile)."
            )
        appointment.started_without = start_missing(appointment)
    if action == "no_show":
        appointment.no_show_at, appointment.no_show_by = now, by
    appointment.status = to_status
    if stamp:
        setattr(appointment, stamp, now)
    appointment.save()
    return appointment


NO_SHOW_UNDO_TAKEN = (
    "This time was booked again after the no-show ({what}), so the no-show cannot be undone. "
    "Book a new visit for the patient instead."
)


def no_show_undo_allowed(appointment: Appointment, now: dt.datetime | None = None) -> bool:
    """A no-show may be undone on the day of the visit (the clinic's day): the patient who
    arrives late, the wrong row clicked."""
    now = now or timezone.now()
    zone = appointment.clinic.zone
    return (
        appointment.status == Status.NO_SHOW
        and now.astimezone(zone).date() == appointment.starts_at.astimezone(zone).date()
    )


@transaction.atomic
def visit_undo_no_show(
    *, appointment: Appointment, by: User, now: dt.datetime | None = None
) -> Appointment:
    """Put a visit marked as a no-show back to booked, the same day, if its time is still free
    (the provider's, the chair's and the patient's); audited."""
    now = now or timezone.now()
    appointment = _lock(appointment)
    _require(by, appointment, "scheduling.check_in_visit")
    if appointment.status != Status.NO_SHOW:
        raise ValidationError("Only a visit marked as a no-show can be put back to booked.")
    if not no_show_undo_allowed(appointment, now):
        raise ValidationError(
            "A no-show can be undone only on the day of the visit. Book a new visit instead."
        )
    clashes = Appointment.objects.filter(status__in=Appointment.ACTIVE).exclude(pk=appointment.pk)
    taken = []
    if clashes.filter(
        provider_id=appointment.provider_id,
        starts_at__lt=appointment.provider_until,
        provider_until__gt=appointment.starts_at,
    ).exists():
        taken.append("the provider's time")
    if (
        appointment.chair_id
        and clashes.filter(
            chair_id=appointment.chair_id,
            starts_at__lt=appointment.chair_until,
            chair_until__gt=appointment.starts_at,
        ).exists()
    ):
        taken.append("the chair")
    if clashes.filter(
        Q(patient_id=appointment.patient_id),
        starts_at__lt=appointment.ends_at,
        ends_at__gt=appointment.starts_at,
    ).exists():
        taken.append("the patient has another visit then")
    if taken:
        raise ValidationError(NO_SHOW_UNDO_TAKEN.format(what=", ".join(taken)))
    appointment.status = Status.BOOKED
    appointment.no_show_at, appointment.no_show_by = None, None
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError:  # booked by someone else between the check and the save
        raise ValidationError(NO_SHOW_UNDO_TAKEN.format(what="just now")) from None
    audit_record(
        actor=by,
        patient_id=appointment.patient_id,
        action=AuditEvent.Action.UPDATE,
        obj=appointment,
        fields=["status", "no_show_undone"],
    )
    return appointment


def discharge_vitals_concerns(
    appointment: Appointment, limits: VitalsThresholds | None = None
) -> list[str]:
    """Why the readings do not show the patient back near baseline (empty: they do)."""
    limits = limits or thresholds_for(appointment.clinic)
    readings = list(appointment.vitals.order_by("taken_at", "pk"))
    after = [r for r in readings if r.phase == Phase.AFTER]
    if not after:
        return ["no reading was taken after the infusion"]
    last = after[-1]
    before = [r for r in readings if r.phase == Phase.BEFORE]
    baseline = before[-1] if before else None
    zone = appointment.clinic.zone
    found = list(limits.alerts(last))
    if baseline is not None:
        for name, value, base in (
            ("systolic", last.systolic, baseline.systolic),
            ("diastolic", last.diastolic, baseline.diastolic),
        ):
            if value > base * (1 + NEAR_BASELINE):
                found.append(f"{name} {value} is more than 20 % above the baseline {base}")
    if not found:
        return []
    when = last.taken_at.astimezone(zone).strftime("%-I:%M %p %Z")
    basis = (
        f"baseline {baseline.systolic}/{baseline.diastolic}" if baseline else "no baseline reading"
    )
    return [
        f"the last reading after the infusion ({last.systolic}/{last.diastolic}, "
        f"heart rate {last.heart_rate}, SpO2 {last.spo2} %, at {when}; {basis}) shows "
        + "; ".join(found)
    ]


@transaction.atomic
def visit_complete(
    *,
    appointment: Appointment,
    by: User,
    vitals_near_baseline: bool = False,
    escort_present: bool = False,
    side_effects: str = "",
    baseline_override_reason: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """Complete a visit. An infusion needs its discharge checklist: an escort present, the side
    effects noted, and vital signs back near baseline, confirmed by the clinician and shown by
    the readings (`discharge_vitals_concerns`); when the readings say otherwise, only with a
    written reason, kept on the discharge."""
    now = now or timezone.now()
    appointment = _lock(appointment)
    _require(by, appointment)
    if "complete" not in next_actions(appointment, now):
        raise ValidationError("This visit cannot be completed from where it is now.")
    if appointment.service.needs_chair:
        concerns = discharge_vitals_concerns(appointment)
        override = written(baseline_override_reason)
        problems, missing = [], []
        if not concerns and not vitals_near_baseline:
            missing.append("vital signs back near baseline")
        if not escort_present:
            missing.append("an escort to drive them home")
        if not written(side_effects):
            missing.append("the side effects (or 'none')")
        if missing:
            problems.append("Before discharge, confirm: " + "; ".join(missing) + ".")
        if concerns and not override:
            problems.append(
                "Vital signs are not back near baseline: "
                + "; ".join(concerns)
                + ". Take another reading after the infusion, or write why the patient may "
                "leave anyway (the override reason is kept with the discharge)."
            )
        if problems:
            raise ValidationError(problems)
        Discharge.objects.create(
            appointment=appointment,
            vitals_near_baseline=not concerns,
            escort_present=True,
            side_effects=side_effects.strip(),
            vitals_concerns="; ".join(concerns),
            baseline_override_reason=override if concerns else "",
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
