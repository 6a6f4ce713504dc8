"""The outbox: what to send, when, and the sweep that sends it exactly once.

Writers call `outbox_add` inside their own transaction, so a message exists if and only if the
change that causes it was committed. Beat runs `outbox_sweep` every minute: it claims due rows
with SELECT ... FOR UPDATE SKIP LOCKED (two sweeps never take the same row), marks them
"sending", commits, then delivers each. A row left "sending" by a worker killed mid-send is
picked up again after SENDING_TIMEOUT and resent under the same idempotency key, which the
providers (our file backends, an SMS API's Idempotency-Key) use to drop the repeat.

Messages never carry health information: a visit is "your appointment at <clinic> on <date,
time>", never the service, a condition or a score (templates/messages/, checked by a test).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.localtime import local_time

from .audit import audit_system
from .models import AuditEvent, CommunicationConsent, OutboundMessage
from .selectors import channel_choices, consents_of_patients, patient_channel_choices
from .sms import SmsError, sms_backend

logger = logging.getLogger(__name__)

Status = OutboundMessage.Status
Channel = OutboundMessage.Channel

MAX_ATTEMPTS = 5
SENDING_TIMEOUT = dt.timedelta(minutes=10)
QUIET_FROM, QUIET_UNTIL = dt.time(21), dt.time(8)  # no texts at night, clinic time
SWEEP_BATCH = 200
# The calendar file each kind of message carries (RFC 5546 method): a booking, a move and a
# series ask the calendar to hold the event; a cancellation removes it.
CALENDAR_KINDS = {
    "booking_confirmation": "REQUEST",
    "booking_rescheduled": "REQUEST",
    "series_confirmation": "REQUEST",
    "booking_cancelled": "CANCEL",
}


def outbox_add(
    *,
    key: str,
    kind: str,
    channel: str,
    due_at: dt.datetime,
    patient=None,
    appointment=None,
    clinic=None,
    to_address: str = "",
    about_time: dt.datetime | None = None,
) -> OutboundMessage | None:
    """Queue a message once: a second call with the same key changes nothing."""
    try:
        with transaction.atomic():
            return OutboundMessage.objects.create(
                idempotency_key=key,
                kind=kind,
                channel=channel,
                due_at=due_at,
                patient=patient,
                appointment=appointment,
                clinic=clinic or getattr(appointment, "clinic", None),
                to_address=to_address,
                about_time=about_time,
            )
    except IntegrityError:
        return None


def send_soon() -> None:
    """After commit, ask a worker to sweep now instead of within the minute. If the broker is
    down the message still waits in the outbox for the next sweep."""

    def kick() -> None:
        from config.broker import broker_reachable

        from .tasks import sweep_outbox

        if not (settings.CELERY_TASK_ALWAYS_EAGER or broker_reachable(timeout=0.2)):
            logger.warning("outbox: broker unreachable, message left for the next sweep")
            return
        try:
            sweep_outbox.apply_async(retry=False)
        except Exception:  # lost the broker in between: beat's sweep sends it once it is back
            logger.warning("outbox: broker unreachable, message left for the next sweep")

    transaction.on_commit(kick)


# --- Delivery ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    claimed: int
    sent: int
    skipped: int
    deferred: int
    failed: int
    retried: int


def outbox_sweep(*, now: dt.datetime | None = None, limit: int = SWEEP_BATCH) -> SweepResult:
    now = now or timezone.now()
    # Rows a dead worker left "sending": back to pending, to be resent under the same key.
    OutboundMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    ).update(status=Status.PENDING)
    with transaction.atomic():
        ids = list(
            OutboundMessage.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, due_at__lte=now)
            .order_by("due_at")
            .values_list("id", flat=True)[:limit]
        )
        OutboundMessage.objects.filter(id__in=ids).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    # The claimed batch in one query and its patients' consents in one more, not three queries
    # a message: a sweep of thousands of reminders is bound by its round trips otherwise.
    batch = list(
        OutboundMessage.objects.filter(id__in=ids)
        .select_related("patient__user", "appointment__clinic", "appointment__service", "clinic")
        .order_by("due_at")
    )
    consents = consents_of_patients(patient_ids={m.patient_id for m in batch if m.patient_id})
    outcomes = [_deliver(message, now, consents.get(message.patient_id, {})) for message in batch]
    audit_system(
        by="task patients.sweep_outbox",
        rows=[
            (message.patient_id, message, AuditEvent.Action.SEND, _fields_read(message))
            for message, outcome in zip(batch, outcomes, strict=True)
            if outcome in ("sent", "failed", "retried")
        ],
    )
    return SweepResult(
        claimed=len(ids),
        sent=outcomes.count("sent"),
        skipped=outcomes.count("skipped"),
        deferred=outcomes.count("deferred"),
        failed=outcomes.count("failed"),
        retried=outcomes.count("retried"),
    )


def _fields_read(message: OutboundMessage) -> list[str]:
    """What sending a message reads of the patient's record, for the audit trail."""
    fields = ["phone"] if message.channel == Channel.SMS else ["email", "preferred_name"]
    return [*fields, "appointment"] if message.appointment_id else fields


def _finish(message: OutboundMessage, **fields) -> None:
    OutboundMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(**fields)


def _deliver(
    message: OutboundMessage, now: dt.datetime, consents: dict[str, CommunicationConsent]
) -> str:
    reason = _reason_to_skip(message, now, consents)
    if reason:
        _finish(message, status=Status.SKIPPED, skip_reason=reason)
        return "skipped"
    if message.channel == Channel.SMS:
        resume = _after_quiet_hours(message, now)
        if resume is not None:
            _finish(message, status=Status.PENDING, due_at=resume, attempts=F("attempts") - 1)
            return "deferred"
    try:
        to, provider_id = _send(message)
    except (SmsError, OSError) as error:
        permanent = getattr(error, "permanent", False)
        if permanent or message.attempts >= MAX_ATTEMPTS:
            _finish(message, status=Status.FAILED, last_error=str(error)[:500])
            logger.warning("outbox: message %s failed for good", message.pk)
            return "failed"
        retry_at = now + dt.timedelta(minutes=2**message.attempts)
        _finish(message, status=Status.PENDING, due_at=retry_at, last_error=str(error)[:500])
        return "retried"
    _finish(
        message,
        status=Status.SENT,
        sent_at=timezone.now(),
        provider_id=provider_id[:200],
        to_address=to,
    )
    logger.info("outbox: sent %s %s %s", message.kind, message.channel, message.pk)
    return "sent"


def _reason_to_skip(
    message: OutboundMessage, now: dt.datetime, consents: dict[str, CommunicationConsent]
) -> str:
    appointment = message.appointment
    if (
        message.kind in ("reminder", "readiness_check")
        and appointment is not None
        and not appointment.is_active
    ):
        return "the visit is no longer booked"
    if message.kind == "reminder" and appointment is not None and appointment.starts_at <= now:
        return "the visit has started"
    patient = message.patient
    if patient is None:
        return ""
    if not patient.user.is_active:
        return "the account is closed"
    allowed = channel_choices(consents)[message.channel]
    if message.channel == Channel.SMS:
        if not allowed:
            return "no consent to text messages"
        if not patient.phone:
            return "no mobile number"
    elif not allowed:
        return "the patient stopped emails"
    return ""


def _after_quiet_hours(message: OutboundMessage, now: dt.datetime) -> dt.datetime | None:
    """When a text falls in the clinic's night, the morning time to send it instead."""
    clinic = message.clinic or getattr(message.appointment, "clinic", None)
    if clinic is None:
        return None
    local = now.astimezone(clinic.zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_UNTIL, tzinfo=clinic.zone).astimezone(dt.UTC)


def message_context(message: OutboundMessage) -> dict:
    """What a message may say: clinic, local date and time, address, phone, portal link."""
    appointment = message.appointment
    clinic = message.clinic or getattr(appointment, "clinic", None)
    context = {
        "clinic": clinic,
        "site_url": settings.SITE_URL.rstrip("/"),
        "site_name": settings.SITE_NAME,
        "patient": message.patient,
    }
    portal = f"{context['site_url']}/portal/"
    context["visit_url"] = f"{portal}appointments/{appointment.id}/" if appointment else portal
    moment = appointment.starts_at if appointment is not None else message.about_time
    if moment is not None and clinic is not None:
        context["when"] = _local_when(moment, clinic)
    if message.kind == "series_confirmation" and appointment is not None:
        context["series_visits"] = _series_visits(appointment)
        context["visits"] = [_local_when(v.starts_at, clinic) for v in context["series_visits"]]
    return context


def _local_when(moment: dt.datetime, clinic) -> str:
    """The clinic's wall clock and zone: "Monday, November 23, 2026 at 10:00 AM PST"."""
    return local_time(moment, clinic.zone, style="long")


def _series_visits(appointment) -> list:
    """The booked visits of the series `appointment` belongs to, in order."""
    if appointment.series_id is None:
        return [appointment]
    return list(
        appointment.series.appointments.filter(status="booked")
        .select_related("clinic")
        .order_by("starts_at")
    )


def queue_patient_notice(
    *,
    patient,
    clinic,
    kind: str,
    key: str,
    appointment=None,
    about_time: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> None:
    """One message to a patient on each channel they take (`key` gets the channel's name), due
    now unless `due_at` says when. What it says is only that something happened, where and when:
    the patient reads what in the portal, after signing in."""
    for channel in patient_channels(patient):
        outbox_add(
            key=f"{key}:{channel}",
            kind=kind,
            channel=channel,
            due_at=due_at or now or timezone.now(),
            patient=patient,
            appointment=appointment,
            clinic=clinic,
            about_time=about_time,
        )
    send_soon()


def queue_staff_alert(*, clinic, kind: str, key: str, now: dt.datetime | None = None) -> None:
    """An alert to the clinic's inbox; it names no patient (staff open the admin to see who)."""
    outbox_add(
        key=key,
        kind=kind,
        channel=Channel.EMAIL,
        due_at=now or timezone.now(),
        clinic=clinic,
        to_address=clinic.email,
    )
    send_soon()


def _message_id(message: OutboundMessage) -> str:
    """The same for every attempt of one message, so a repeat is recognisable downstream."""
    return f"<{message.idempotency_key.replace(':', '.')}@{settings.MESSAGE_ID_DOMAIN}>"


def _send(message: OutboundMessage) -> tuple[str, str]:
    context = message_context(message)
    base = f"messages/{message.kind}"
    if message.channel == Channel.SMS:
        to = message.patient.phone.as_e164
        body = render_to_string(f"{base}.sms.txt", context).strip()
        return to, sms_backend().send(to=to, body=body, idempotency_key=message.idempotency_key)
    to = message.patient.user.email if message.patient else message.to_address
    subject = render_to_string(f"{base}.subject.txt", context).strip()
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        to=[to],
        headers={"Message-ID": _message_id(message)},
    )
    email.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    if message.kind in CALENDAR_KINDS and message.appointment:
        from scheduling.ics import visits_ics

        visits = context.get("series_visits") or [message.appointment]
        method = CALENDAR_KINDS[message.kind]
        calendar = visits_ics(
            visits, method=method, attendee=to, stamp=message.claimed_at or timezone.now()
        )
        email.attach(
            "appointments.ics" if len(visits) > 1 else "appointment.ics",
            calendar,
            f"text/calendar; method={method}",
        )
    email.send()
    return to, email.extra_headers["Message-ID"]


# --- What each change queues --------------------------------------------------------------------


def patient_channels(patient) -> list[str]:
    """Email always: a patient who stopped emails sees the message skipped, with why, in the
    communication log. SMS only with consent and a number. Both are decided again, from the
    same choices (patients.selectors.channel_choices), when the message goes."""
    channels = [Channel.EMAIL]
    if patient_channel_choices(patient=patient)[Channel.SMS] and patient.phone:
        channels.append(Channel.SMS)
    return channels


def queue_visit_messages(*, appointment, kind: str | None, now: dt.datetime | None = None) -> None:
    """A booking (or a move): its notice now (unless `kind` is None: a series sends one notice
    for all its visits), and its reminders at the clinic's offsets. One insert for them all;
    a key already queued is left as it is."""
    now = now or timezone.now()
    channels = patient_channels(appointment.patient)
    planned = []  # (key, kind, due)
    if kind:
        planned.append((f"{kind}:{appointment.id}", kind, now))
    service = appointment.service
    if service.needs_chair and service.needs_clearance:
        ask_at = max(now, appointment.starts_at - dt.timedelta(hours=48))
        planned.append((f"readiness_check:{appointment.id}", "readiness_check", ask_at))
    hours = service.reminder_hours or appointment.clinic.reminder_hours
    for offset in sorted(set(hours), reverse=True):
        due = appointment.starts_at - dt.timedelta(hours=offset)
        if due > now:
            planned.append((f"reminder:{appointment.id}:{offset}h", "reminder", due))
    OutboundMessage.objects.bulk_create(
        [
            OutboundMessage(
                idempotency_key=f"{key}:{channel}",
                kind=message_kind,
                channel=channel,
                due_at=due,
                patient=appointment.patient,
                appointment=appointment,
                clinic=appointment.clinic,
            )
            for key, message_kind, due in planned
            for channel in channels
        ],
        ignore_conflicts=True,
    )
    send_soon()


def queue_series_confirmation(*, series, now: dt.datetime | None = None) -> None:
    """One confirmation for a whole series (every date, one calendar file), not one a visit."""
    first = series.appointments.filter(status="booked").order_by("starts_at").first()
    if first is not None:
        queue_patient_notice(
            patient=series.patient,
            clinic=first.clinic,
            appointment=first,
            kind="series_confirmation",
            key=f"series_confirmation:{series.id}",
            now=now,
        )


def skip_reminders(*, appointment, reason: str) -> None:
    OutboundMessage.objects.filter(
        appointment=appointment, kind__in=["reminder", "readiness_check"], status=Status.PENDING
    ).update(status=Status.SKIPPED, skip_reason=reason)


def queue_cancellation(*, appointment, now: dt.datetime | None = None) -> None:
    skip_reminders(appointment=appointment, reason="the visit was cancelled")
    queue_patient_notice(
        patient=appointment.patient,
        clinic=appointment.clinic,
        appointment=appointment,
        kind="booking_cancelled",
        key=f"booking_cancelled:{appointment.id}",
        now=now,
    )


def outbox_retry(*, message: OutboundMessage, now: dt.datetime | None = None) -> bool:
    """Staff: send a failed message again (same key)."""
    updated = OutboundMessage.objects.filter(pk=message.pk, status=Status.FAILED).update(
        status=Status.PENDING, due_at=now or timezone.now(), attempts=0, last_error=""
    )
    if updated:
        send_soon()
    return bool(updated)
