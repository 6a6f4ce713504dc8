"""The outbox: exactly-once, on time in the clinic's zone, with consent, and nothing clinical."""

import datetime as dt
import email
import json
import threading
import uuid
from email import policy

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string

from patients.models import CommunicationConsent, OutboundMessage
from patients.outbox import message_context, outbox_retry, outbox_sweep
from patients.services import consent_record
from scheduling.booking import SlotUnavailable
from scheduling.services import appointment_book, appointment_cancel
from tests.factories import patient, patient_of
from tests.scheduling.conftest import consultation, provider, utc

pytestmark = pytest.mark.django_db

NOW = utc(2026, 11, 9, 16)  # Monday 08:00 PST
TUESDAY_9 = utc(2026, 11, 10, 17)


@pytest.fixture
def setup(clinic):
    from clinic.models import OpeningHours

    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=d, opens_at=dt.time(8), closes_at=dt.time(18))
        for d in range(7)
    )
    provider(clinic)
    service = consultation(clinic, name="IV ketamine for CRPS", slug="crps-consult")
    person = patient(phone="+16265550199", preferred_name="Sam")
    return clinic, service, person


def book(service, person, start=TUESDAY_9, **kwargs):
    return appointment_book(
        clinic=service.clinic,
        service=service,
        starts_at=start,
        patient=person,
        booked_by=person.user,
        now=NOW,
        reason="My fibromyalgia flares",
        **kwargs,
    )


def pending(**filters):
    return OutboundMessage.objects.filter(status="pending", **filters)


def test_a_booking_queues_its_confirmation_and_reminders_in_the_same_transaction(setup):
    _, service, person = setup

    thursday = TUESDAY_9 + dt.timedelta(days=2)
    visit = book(service, person, start=thursday)
    soon = book(service, person)  # Tuesday: its 48-hour reminder time has already passed

    kinds = sorted(
        OutboundMessage.objects.filter(appointment=visit).values_list("kind", "channel", "due_at")
    )
    assert kinds == sorted(
        [
            ("booking_confirmation", "email", NOW),
            ("reminder", "email", thursday - dt.timedelta(hours=48)),
            ("reminder", "email", thursday - dt.timedelta(hours=3)),
        ]
    )
    assert soon.messages.filter(kind="reminder").count() == 1


def test_a_refused_booking_queues_nothing(setup):
    _, service, person = setup
    book(service, person)

    with pytest.raises(SlotUnavailable):
        book(service, patient())

    assert OutboundMessage.objects.filter(kind="booking_confirmation").count() == 1


def test_the_sweep_sends_the_confirmation_once_with_its_calendar_file(setup):
    _, service, person = setup
    book(service, person)

    first = outbox_sweep(now=NOW)
    second = outbox_sweep(now=NOW)

    assert (first.sent, second.claimed) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.user.email]
    assert "Tuesday, November 10, 2026 at 9:00 AM PST" in message.body
    assert message.attachments[0][0] == "appointment.ics"
    sent = OutboundMessage.objects.get(kind="booking_confirmation")
    assert sent.status == "sent" and sent.attempts == 1 and sent.provider_id.startswith("<")


def test_the_confirmation_states_the_clinics_move_and_cancel_notice(setup):
    clinic, service, person = setup
    clinic.cancel_notice_hours, clinic.reschedule_notice_hours = 48, 24
    clinic.save()
    book(service, person)

    outbox_sweep(now=NOW)

    message = mail.outbox[0]
    notice = (
        "Visits can be moved online up to 24 hours before and cancelled online up to 48 hours "
        "before; closer to the visit, please call the clinic at"
    )
    assert notice in message.body
    assert notice in message.alternatives[0][0]


def test_reminders_go_at_their_time_in_the_clinic_zone_across_the_dst_change(setup):
    clinic, service, person = setup
    # Monday 2026-11-02 09:00 PST; the 48-hour reminder falls on Saturday, still in PDT.
    start = utc(2026, 11, 2, 17)
    visit = appointment_book(
        clinic=clinic,
        service=service,
        starts_at=start,
        patient=person,
        booked_by=person.user,
        now=utc(2026, 10, 25),
    )
    reminder = OutboundMessage.objects.get(kind="reminder", due_at=start - dt.timedelta(hours=48))

    assert (
        outbox_sweep(now=reminder.due_at - dt.timedelta(minutes=1)).sent == 1
    )  # only the confirmation
    result = outbox_sweep(now=reminder.due_at)

    assert result.sent == 1
    assert "Monday, November 2, 2026 at 9:00 AM PST" in mail.outbox[-1].body
    assert visit.id


@pytest.fixture
def broker_down():
    """Celery's broker is unreachable (nothing listens on port 1): a kick after commit fails
    and the message waits for the sweep, as in production with Redis down."""
    from django.test import override_settings

    from config.celery_app import app

    saved = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    with override_settings(
        CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0"
    ):
        yield
    app.conf.update(**saved)


def test_two_sweeps_racing_send_each_message_once(transactional_db, broker_down, setup):
    clinic, service, _ = setup
    for offset in range(12):
        person = patient_of(clinic)
        start = TUESDAY_9 + dt.timedelta(days=offset)
        appointment_book(
            clinic=clinic,
            service=service,
            starts_at=start,
            patient=person,
            booked_by=person.user,
            now=NOW,
            staff=True,
        )
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        barrier.wait()
        results.append(outbox_sweep(now=NOW))
        connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(r.claimed for r in results) == 12
    assert len(mail.outbox) == 12
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 12


def test_a_message_left_sending_by_a_dead_worker_is_resent_under_the_same_key(
    setup, settings, tmp_path
):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    _, service, person = setup
    consent_record(patient=person, channel="sms", granted=True, method="portal")
    book(service, person)
    text = OutboundMessage.objects.get(kind="booking_confirmation", channel="sms")
    # The worker sent it, then died before marking it sent.
    from patients.sms import FileSmsBackend

    FileSmsBackend().send(to=person.phone.as_e164, body="...", idempotency_key=text.idempotency_key)
    OutboundMessage.objects.filter(pk=text.pk).update(status="sending", claimed_at=NOW, attempts=1)

    outbox_sweep(now=NOW + dt.timedelta(minutes=5))  # too early to call it lost
    text.refresh_from_db()
    assert text.status == "sending"
    outbox_sweep(now=NOW + dt.timedelta(minutes=11))

    text.refresh_from_db()
    assert text.status == "sent"
    assert len(list((tmp_path / "sms").iterdir())) == 1  # the provider saw the key once


def test_a_booking_while_redis_is_down_succeeds_and_is_confirmed_later(
    setup, broker_down, django_capture_on_commit_callbacks
):
    _, service, person = setup

    with django_capture_on_commit_callbacks(execute=True):
        visit = book(service, person)

    assert visit.status == "booked"
    assert pending(kind="booking_confirmation").exists()
    assert outbox_sweep(now=NOW).sent == 1


def test_no_texts_at_night_in_the_clinic_zone(setup):
    _, service, person = setup
    consent_record(patient=person, channel="sms", granted=True, method="portal")
    evening = utc(2026, 11, 10, 6)  # Monday 22:00 PST
    book(service, person, start=TUESDAY_9 + dt.timedelta(days=1))

    result = outbox_sweep(now=evening)

    text = OutboundMessage.objects.get(kind="booking_confirmation", channel="sms")
    # The confirmation and the 48-hour reminder are both due: the emails go, the texts wait.
    assert result.deferred == 2 and result.sent == 2
    assert text.status == "pending" and text.due_at == utc(2026, 11, 10, 16)  # 08:00 PST
    assert text.attempts == 0


def test_sms_needs_consent_and_a_stop_is_respected(setup):
    _, service, person = setup
    book(service, person)
    assert not OutboundMessage.objects.filter(channel="sms").exists()

    consent_record(patient=person, channel="sms", granted=True, method="portal")
    book(service, person, start=TUESDAY_9 + dt.timedelta(days=2))
    consent_record(patient=person, channel="sms", granted=False, method="sms_reply")
    outbox_sweep(now=NOW)

    skipped = OutboundMessage.objects.filter(channel="sms", status="skipped")
    assert skipped.exists()
    assert set(skipped.values_list("skip_reason", flat=True)) == {"no consent to text messages"}


def test_emails_stop_when_the_patient_withdraws(setup):
    _, service, person = setup
    consent_record(
        patient=person, channel=CommunicationConsent.Channel.EMAIL, granted=True, method="portal"
    )
    consent_record(
        patient=person, channel=CommunicationConsent.Channel.EMAIL, granted=False, method="portal"
    )
    book(service, person)

    outbox_sweep(now=NOW)

    assert mail.outbox == []
    assert (
        OutboundMessage.objects.get(kind="booking_confirmation").skip_reason
        == "the patient stopped emails"
    )


def test_cancelling_sends_a_notice_and_drops_the_reminders(setup):
    clinic, service, person = setup
    visit = book(service, person)
    outbox_sweep(now=NOW)

    appointment_cancel(appointment=visit, by=person.user, by_patient=True, now=NOW)
    outbox_sweep(now=NOW)

    assert mail.outbox[-1].subject == f"Your appointment at {clinic.name} is cancelled"
    reminders = OutboundMessage.objects.filter(kind="reminder")
    assert set(reminders.values_list("status", flat=True)) == {"skipped"}


def test_provider_errors_are_retried_with_backoff_then_fail_visibly_and_can_be_retried(
    setup, monkeypatch
):
    from patients import sms

    _, service, person = setup
    consent_record(patient=person, channel="sms", granted=True, method="portal")
    book(service, person)

    def down(self, **kwargs):
        raise sms.SmsError("provider unreachable")

    monkeypatch.setattr(sms.FileSmsBackend, "send", down)
    at = NOW
    for _ in range(5):
        outbox_sweep(now=at)
        at += dt.timedelta(hours=2)
    text = OutboundMessage.objects.get(kind="booking_confirmation", channel="sms")
    assert text.status == "failed" and text.attempts == 5 and "unreachable" in text.last_error

    monkeypatch.undo()
    assert outbox_retry(message=text, now=at)
    assert outbox_sweep(now=at).sent == 1


def test_a_permanent_refusal_is_not_retried(setup, monkeypatch):
    from patients import sms

    _, service, person = setup
    consent_record(patient=person, channel="sms", granted=True, method="portal")
    book(service, person)
    monkeypatch.setattr(
        sms.FileSmsBackend,
        "send",
        lambda self, **kw: (_ for _ in ()).throw(sms.SmsError("400", permanent=True)),
    )

    outbox_sweep(now=NOW)

    assert (
        OutboundMessage.objects.get(channel="sms", kind="booking_confirmation").status == "failed"
    )


KINDS = [
    "booking_confirmation",
    "series_confirmation",
    "booking_rescheduled",
    "booking_cancelled",
    "reminder",
    "waitlist_offer",
    "intake_update",
    "readiness_check",
    "survey_invite",
]
PARTS = ["subject.txt", "txt", "html", "sms.txt"]


@pytest.mark.parametrize("kind", KINDS)
def test_no_message_carries_health_information(setup, kind):
    clinic, service, person = setup
    visit = book(service, person)
    message = OutboundMessage(
        kind=kind,
        channel="email",
        patient=person,
        appointment=visit,
        clinic=clinic,
        idempotency_key="x",
        due_at=NOW,
    )
    context = message_context(message)

    for part in PARTS:
        text = render_to_string(f"messages/{kind}.{part}", context)
        for secret in ("CRPS", "ketamine", "fibromyalgia", "flares", service.name, visit.reason):
            assert secret.lower() not in text.lower().replace(clinic.name.lower(), ""), (
                part,
                secret,
            )
        assert clinic.name in text or (part == "subject.txt" and clinic.name in text)


def test_sent_email_parses_and_names_only_clinic_and_time(setup):
    _, service, person = setup
    book(service, person)
    outbox_sweep(now=NOW)

    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes(), policy=policy.default)

    body = parsed.get_body(("plain",)).get_content()
    assert "CRPS" not in body and "fibromyalgia" not in body
    assert json.dumps(body)  # plain text, no surprises


def test_plain_text_and_texts_are_not_html_escaped(setup):
    clinic, service, person = setup
    clinic.name = "Arroyo Ketamine & Pain Center"
    clinic.save()
    consent_record(patient=person, channel="sms", granted=True, method="portal")
    book(service, person)
    morning = utc(2026, 11, 9, 17)  # 09:00 PST: texts may go

    outbox_sweep(now=morning)

    sent = mail.outbox[0]
    assert sent.subject == "Your appointment at Arroyo Ketamine & Pain Center is booked"
    assert "&amp;" not in sent.body and "Arroyo Ketamine & Pain Center" in sent.body
    text = OutboundMessage.objects.get(channel="sms", kind="booking_confirmation")
    assert text.status == "sent"


def test_decisions_and_requests_send_a_notice_that_says_only_to_sign_in(setup):
    from patients.services import intake_decide
    from tests.factories import staff_member, submitted_intake

    clinic, _, _ = setup
    sent_at = utc(2026, 11, 21, 18)
    intake = submitted_intake(clinic, now=sent_at)
    doctor = staff_member(clinic, "physician")
    intake_decide(
        intake=intake,
        by=doctor,
        decision="declined",
        note="Seizures need review first",
        now=sent_at,
    )

    outbox_sweep(now=sent_at)

    notice = mail.outbox[-1]
    assert notice.subject == f"News from {clinic.name} in your portal"
    assert "declined" not in notice.body.lower() and "seizure" not in notice.body.lower()
    assert "/portal/" in notice.body


def test_an_urgent_intake_alerts_the_clinic_once_naming_no_patient(setup):
    from tests.factories import submitted_intake

    clinic, _, _ = setup
    sent_at = utc(2026, 11, 21, 18)
    intake = submitted_intake(clinic, phq9=[0] * 8 + [1], now=sent_at)

    alerts = OutboundMessage.objects.filter(kind="urgent_intake_alert")
    assert alerts.count() == 1 and alerts.get().to_address == clinic.email
    outbox_sweep(now=sent_at)
    alert = next(m for m in mail.outbox if m.subject == "An intake needs attention today")
    assert alert.to == [clinic.email]
    assert intake.patient.legal_last_name not in alert.body
    assert intake.patient.user.email not in alert.body


def test_a_waitlist_offer_tells_the_time_in_the_clinic_zone(setup):
    from scheduling.waitlist import waitlist_join

    clinic, service, person = setup
    other = patient()
    visit = book(service, other)
    waitlist_join(
        patient=person,
        clinic=clinic,
        service=service,
        earliest=dt.date(2026, 11, 10),
        latest=dt.date(2026, 11, 10),
        today=dt.date(2026, 11, 9),
    )
    appointment_cancel(appointment=visit, by=other.user, by_patient=True, now=NOW)

    outbox_sweep(now=NOW)

    offer = next(m for m in mail.outbox if m.to == [person.user.email])
    assert "Tuesday, November 10, 2026 at 9:00 AM PST" in offer.body
    assert "15 minutes" in offer.body


def test_each_message_sent_is_in_the_patients_audit_trail(setup):
    from patients.models import AuditEvent

    _, service, person = setup
    consent_record(patient=person, channel="sms", granted=True, method="portal")
    visit = book(service, person)

    outbox_sweep(now=NOW)
    outbox_sweep(now=NOW)  # nothing more to send: nothing more recorded

    events = AuditEvent.objects.filter(patient=person, via="system").order_by("fields")
    sent = {m.pk: m for m in OutboundMessage.objects.filter(status="sent")}
    assert [(e.action, e.fields) for e in events] == [
        ("send", ["email", "preferred_name", "appointment"]),
        ("send", ["phone", "appointment"]),
    ]
    for event in events:
        assert (event.actor_id, event.actor_role, event.path) == (
            None,
            "system",
            "task patients.sweep_outbox",
        )
        assert sent[uuid.UUID(event.object_id)].appointment == visit
