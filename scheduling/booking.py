"""Booking a visit. The database has the last word (exclusion constraints); these functions
check first so that people get a clear reason, and the nearest free times when refused."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from clinic.models import Clinic, Service
from patients.models import ClinicPatient, PatientProfile, User
from patients.outbox import queue_visit_messages
from patients.selectors import clearance_of, is_patient_of
from patients.services import clinic_patient_link

from .availability import Needs, Slot, available_slots
from .models import Appointment, InfusionSeries

ALTERNATIVES_SHOWN = 3
DEADLOCK_RETRIES = 2
ALTERNATIVES_SEARCH_DAYS = 14


class SlotUnavailable(ValidationError):
    """The requested time cannot be booked; `alternatives` are the nearest free slots."""

    def __init__(self, message: str, alternatives: list[Slot]) -> None:
        super().__init__(message, code="slot_unavailable")
        self.alternatives = alternatives


class PolicyWindow(ValidationError):
    """Too close to the visit to change it online: the patient must call the clinic."""


def nearest_slots(
    *,
    clinic: Clinic,
    service: Service,
    around: dt.datetime,
    staff: bool = False,
    patient: PatientProfile | None = None,
    now: dt.datetime | None = None,
) -> list[Slot]:
    """The free slots nearest to `around`, for "that time was taken; how about…"; with the
    patient, only those they could book (slots_the_patient_can_take)."""
    now = now or timezone.now()
    first_day = max(around - dt.timedelta(days=3), now).astimezone(clinic.zone).date()
    slots = available_slots(
        clinic=clinic,
        service=service,
        first_day=first_day,
        days=ALTERNATIVES_SEARCH_DAYS,
        now=now,
        enforce_notice=not staff,
    )
    if patient is not None:
        slots = slots_the_patient_can_take(
            slots=slots, patient=patient, clinic=clinic, service=service
        )
    slots.sort(key=lambda slot: abs(slot.starts_at - around))
    return sorted(slots[:ALTERNATIVES_SHOWN], key=lambda slot: slot.starts_at)


def patient_is_cleared(*, patient: PatientProfile, clinic: Clinic) -> bool:
    return clearance_of(patient=patient, clinic=clinic).cleared


def check_cleared(*, patient: PatientProfile, clinic: Clinic, service: Service, staff: bool):
    """No infusion without a physician's clearance at that clinic, whoever books it: the
    patient, the front desk, the series planner, the waitlist."""
    if not service.needs_clearance:
        return
    clearance = clearance_of(patient=patient, clinic=clinic)
    if clearance.cleared:
        return
    if staff:
        raise ValidationError(
            f"{service.name} needs a physician's clearance first: {patient.legal_name}'s intake "
            f"at {clinic.name} is “{clearance.label}”. Book a consultation instead, or ask a "
            "physician to review the intake."
        )
    raise ValidationError(
        "Infusions can be booked once a physician at the clinic has cleared your intake. "
        "Book a consultation first, or call the clinic."
    )


def check_infusion_spacing(
    *,
    patient: PatientProfile,
    clinic: Clinic,
    service: Service,
    starts: list[dt.datetime],
    gap_hours: int | None = None,
    staff: bool,
) -> None:
    """Infusions of one patient, at any clinic of the network, are at least the clinic's gap
    apart (`gap_hours` when a series plan asks for more); cancelled visits do not count."""
    if not service.needs_chair or not starts:
        return
    gap = dt.timedelta(hours=max(gap_hours or 0, clinic.infusion_gap_hours))
    if not gap:
        return
    booked = list(
        Appointment.objects.filter(
            patient=patient,
            service__needs_chair=True,
            status__in=Appointment.OCCUPYING,
            starts_at__gt=min(starts) - gap,
            starts_at__lt=max(starts) + gap,
        ).values_list("starts_at", "clinic__time_zone")
    )
    hours = int(gap.total_seconds() // 3600)
    chosen = [(start, "") for start in starts]
    for (first, first_zone), (second, second_zone) in itertools.pairwise(
        sorted(chosen + booked, key=lambda pair: pair[0])
    ):
        if second - first >= gap:
            continue
        if not (first_zone or second_zone):
            raise ValidationError(
                f"Two of the chosen times, {_when(first, clinic.zone)} and "
                f"{_when(second, clinic.zone)}, are less than {hours} hours apart: infusions "
                f"are at least {hours} hours apart."
            )
        moment, zone = (first, first_zone) if first_zone else (second, second_zone)
        who = f"{patient.legal_name} has" if staff else "You have"
        raise ValidationError(
            f"{who} another infusion on {_when(moment, ZoneInfo(zone))}; infusions are at least "
            f"{hours} hours apart. Choose a time at least {hours} hours away from it."
        )


def slots_the_patient_can_take(
    *,
    slots: list[Slot],
    patient: PatientProfile,
    clinic: Clinic,
    service: Service,
    moving: Appointment | None = None,
) -> list[Slot]:
    """The slots left once the patient's own visits are counted: none over another visit of
    theirs, and for an infusion none closer than the clinic's gap to their other infusions (the
    visit being moved does not count). What booking would refuse is not offered."""
    if not slots:
        return slots
    gap = dt.timedelta(hours=clinic.infusion_gap_hours) if service.needs_chair else dt.timedelta()
    reach = max(gap, dt.timedelta(days=1))
    theirs = list(
        Appointment.objects.filter(
            patient=patient,
            status__in=Appointment.OCCUPYING,
            starts_at__lt=slots[-1].ends_at + reach,
            ends_at__gt=slots[0].starts_at - reach,
        )
        .exclude(pk=getattr(moving, "pk", None))
        .values_list("starts_at", "ends_at", "service__needs_chair")
    )
    if not theirs:
        return slots

    def free(slot: Slot) -> bool:
        for start, end, infusion in theirs:
            if slot.starts_at < end and start < slot.ends_at:
                return False
            if infusion and gap and abs(slot.starts_at - start) < gap:
                return False
        return True

    return [slot for slot in slots if free(slot)]


def _when(moment: dt.datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%a %b %-d, %-I:%M %p %Z}"


def _refusal(service: Service, starts_at: dt.datetime, now: dt.datetime, staff: bool) -> str:
    if starts_at <= now:
        return "That time has already passed."
    if not staff and starts_at < now + dt.timedelta(hours=service.min_notice_hours):
        return (
            f"Online bookings need at least {service.min_notice_hours} hours' notice. "
            "For something sooner, please call the clinic."
        )
    if starts_at > now + dt.timedelta(days=service.horizon_days):
        return f"Bookings open {service.horizon_days} days ahead; please choose an earlier day."
    return "That time is not available. It may have just been taken, or it is outside the hours."


def _check_may_book(*, clinic, service, patient, staff: bool) -> None:
    if service.clinic_id != clinic.pk or not service.is_active or not clinic.is_active:
        raise ValidationError("This visit type is not offered at this clinic.")
    if not staff and not service.bookable_online:
        raise ValidationError(
            f"{service.name} is booked by the clinic. Please call {clinic.phone.as_national}."
        )
    if staff and not is_patient_of(patient=patient, clinic=clinic):
        raise ValidationError(
            f"{patient.legal_name} is not a patient of {clinic.name} yet. Add them to the "
            "clinic first (Patients › Add a patient of your clinic), with the name, date of "
            "birth and email they give you."
        )
    check_cleared(patient=patient, clinic=clinic, service=service, staff=staff)


def _insert(
    *,
    clinic,
    service,
    slot: Slot,
    patient,
    booked_by,
    reason,
    series,
    rescheduled_from,
    reschedule_reason,
) -> Appointment | None:
    """Try each free provider (and chair) in turn; the exclusion constraints refuse a pair
    someone else has just taken, and the next one is tried."""
    needs = Needs.of(service)
    # A moved visit stays the same event in the patient's calendar, one version later.
    calendar = (
        {
            "calendar_uid": rescheduled_from.calendar_uid,
            "calendar_sequence": rescheduled_from.calendar_sequence + 1,
        }
        if rescheduled_from is not None
        else {}
    )
    fields = {
        "clinic": clinic,
        "service": service,
        "patient": patient,
        "series": series,
        "starts_at": slot.starts_at,
        "ends_at": slot.starts_at + needs.service,
        "provider_until": slot.starts_at + needs.provider,
        "chair_until": slot.starts_at + max(needs.chair, needs.provider),
        "reason": reason,
        "booked_by": booked_by,
        "rescheduled_from": rescheduled_from,
        "reschedule_reason": reschedule_reason,
        **calendar,
    }
    for provider_id in slot.provider_ids:
        for chair_id in slot.chair_ids or (None,):
            for _attempt in range(DEADLOCK_RETRIES + 1):
                try:
                    with transaction.atomic():
                        return Appointment.objects.create(
                            provider_id=provider_id, chair_id=chair_id, **fields
                        )
                except IntegrityError as error:
                    if "patient_double_booking" in str(error):
                        raise ValidationError(
                            f"{patient.legal_name} already has a visit at that time."
                            if booked_by != patient.user
                            else "You already have a visit at that time."
                        ) from None
                    break  # taken: the next provider or chair
                except OperationalError as error:
                    # Two bookings inserting conflicting rows at once can each wait for the
                    # other's exclusion check; PostgreSQL ends one. That one tries the same
                    # pair again, and now waits for the other's outcome like everyone else.
                    if "deadlock detected" not in str(error):
                        raise
    return None


def _book(
    *,
    clinic: Clinic,
    service: Service,
    starts_at: dt.datetime,
    patient: PatientProfile,
    booked_by: User,
    reason: str = "",
    staff: bool = False,
    series: InfusionSeries | None = None,
    rescheduled_from: Appointment | None = None,
    reschedule_reason: str = "",
    notify: bool = True,
    now: dt.datetime | None = None,
) -> Appointment:
    if timezone.is_naive(starts_at):
        raise ValidationError("A booking time needs its time zone.")
    now = now or timezone.now()
    _check_may_book(clinic=clinic, service=service, patient=patient, staff=staff)
    check_infusion_spacing(
        patient=patient, clinic=clinic, service=service, starts=[starts_at], staff=staff
    )
    if series is None and service.kind == Service.Kind.BOOSTER:
        # A booster tops up the patient's latest series at this clinic, and counts with it.
        series = (
            InfusionSeries.objects.filter(clinic=clinic, patient=patient)
            .order_by("-created_at")
            .first()
        )
    day = starts_at.astimezone(clinic.zone).date()
    slots = available_slots(
        clinic=clinic, service=service, first_day=day, days=1, now=now, enforce_notice=not staff
    )
    slot = next((s for s in slots if s.starts_at == starts_at), None)
    appointment = None
    if slot is not None:
        appointment = _insert(
            clinic=clinic,
            service=service,
            slot=slot,
            patient=patient,
            booked_by=booked_by,
            reason=reason,
            series=series,
            rescheduled_from=rescheduled_from,
            reschedule_reason=reschedule_reason,
        )
    if appointment is not None:
        if not staff:
            clinic_patient_link(
                patient=patient, clinic=clinic, how=ClinicPatient.How.BOOKING, now=now
            )
        notice = "booking_rescheduled" if rescheduled_from else "booking_confirmation"
        queue_visit_messages(appointment=appointment, kind=notice if notify else None, now=now)
    if appointment is None:
        message = (
            _refusal(service, starts_at, now, staff)
            if slot is None
            else "Someone booked that time a moment ago."
        )
        alternatives = nearest_slots(
            clinic=clinic, service=service, around=starts_at, staff=staff, patient=patient, now=now
        )
        raise SlotUnavailable(message, alternatives)
    return appointment


@transaction.atomic
def appointment_book(
    *,
    clinic: Clinic,
    service: Service,
    starts_at: dt.datetime,
    patient: PatientProfile,
    booked_by: User,
    reason: str = "",
    staff: bool = False,
    now: dt.datetime | None = None,
) -> Appointment:
    """Book one visit. Raises SlotUnavailable (with the nearest free slots) or ValidationError."""
    return _book(
        clinic=clinic,
        service=service,
        starts_at=starts_at,
        patient=patient,
        booked_by=booked_by,
        reason=reason.strip(),
        staff=staff,
        now=now,
    )
