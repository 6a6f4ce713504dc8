"""Rule 5: what the patient chose about messages is what happens.

The portal's "Email: no", the stored consent and the outbox's decision are one fact
(patients.selectors.channel_choices). Each door where a patient says no is driven, then every
message a visit can cause is sent through the real sweep.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from patients.models import CommunicationConsent, OutboundMessage
from patients.outbox import outbox_sweep
from patients.selectors import patient_channel_choices
from patients.services import consent_record
from scheduling.services import appointment_book, appointment_cancel
from scheduling.waitlist import waitlist_join
from tests.factories import patient
from tests.rules.conftest import NOW, TUESDAY_9

pytestmark = pytest.mark.django_db

EMAIL = CommunicationConsent.Channel.EMAIL


def _no_email_at_the_intake(world):
    """The intake's consent step with the email box left unticked (a fresh patient)."""
    from patients.demo import intake_fill, intake_form_data
    from patients.services import intake_start, intake_submit

    person = patient()
    intake = intake_fill(intake_start(patient=person, clinic=world.clinic), intake_form_data())
    intake_submit(
        intake=intake,
        consent={
            "consent_to_evaluation": True,
            "privacy_notice": True,
            "email_consent": False,
            "sms_consent": False,
        },
        signature=person.legal_name,
        client_ip="127.0.0.1",
        user_agent="test",
        now=NOW,
    )
    return person


def _no_email_in_the_portal(world):
    """The portal's preferences page, saved with every box unticked."""
    from django.test import Client

    person = patient()
    client = Client()
    client.force_login(person.user)
    response = client.post(reverse("patients:preferences"), {})
    assert response.status_code == 302
    return person


DOORS = {
    "intake consent step": _no_email_at_the_intake,
    "portal preferences": _no_email_in_the_portal,
}


@pytest.mark.parametrize("door", DOORS.values(), ids=DOORS.keys())
def test_a_patient_who_says_no_to_email_gets_none(world, at_now, door):
    person = door(world)

    assert patient_channel_choices(patient=person) == {"email": False, "sms": False}
    assert person.consents.filter(channel=EMAIL, granted=False).exists()  # the "no" is stored
    dashboard = _portal_says(person)
    assert "Email: no" in dashboard

    visit = appointment_book(
        clinic=world.clinic,
        service=world.consultation,
        starts_at=TUESDAY_9,
        patient=person,
        booked_by=person.user,
        reason="First visit",
        now=NOW,
    )
    appointment_cancel(appointment=visit, by=person.user, by_patient=True, now=NOW)
    other = patient()
    waitlist_join(
        patient=person,
        clinic=world.clinic,
        service=world.consultation,
        earliest=TUESDAY_9.date(),
        latest=TUESDAY_9.date(),
        today=NOW.date(),
    )
    taken = appointment_book(
        clinic=world.clinic,
        service=world.consultation,
        starts_at=TUESDAY_9,
        patient=other,
        booked_by=other.user,
        reason="Mine",
        now=NOW,
    )
    appointment_cancel(appointment=taken, by=other.user, by_patient=True, now=NOW)  # an offer
    outbox_sweep(now=NOW)

    assert [m for m in mail.outbox if person.user.email in m.to] == []
    for kind in ("booking_confirmation", "booking_cancelled", "waitlist_offer"):
        message = OutboundMessage.objects.get(patient=person, kind=kind)
        assert (message.status, message.skip_reason) == ("skipped", "the patient stopped emails")


def test_saying_yes_again_sends_again_and_the_portal_agrees(world, at_now):
    person = _no_email_in_the_portal(world)
    later = NOW + dt.timedelta(minutes=5)
    consent_record(patient=person, channel=EMAIL, granted=True, method="portal", now=later)

    assert "Email: yes" in _portal_says(person)
    appointment_book(
        clinic=world.clinic,
        service=world.consultation,
        starts_at=TUESDAY_9,
        patient=person,
        booked_by=person.user,
        reason="First visit",
        now=NOW,
    )
    outbox_sweep(now=NOW)
    assert [m for m in mail.outbox if person.user.email in m.to]


def test_a_patient_who_never_chose_is_shown_what_happens(world):
    """No choice recorded yet: emails about their own visits go, and the portal says so."""
    person = patient()
    assert "Email: yes" in _portal_says(person)
    assert "Text messages: no" in _portal_says(person)


def _portal_says(person) -> str:
    import re

    from django.test import Client

    client = Client()
    client.force_login(person.user)
    html = client.get(reverse("patients:dashboard")).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_consent_history_reads_in_the_patients_clinic_time(world, at_now):
    """Found by the break-it pass: the portal showed consent times in UTC."""
    person = _no_email_at_the_intake(world)  # a patient of the Pasadena clinic
    client = world.patient_client(person)

    preferences = client.get(reverse("patients:preferences")).content.decode()
    download = client.get(reverse("patients:data_export")).content.decode()

    assert "Mon Nov 9 2026, 8:00 AM PST" in preferences
    assert "Mon Nov 9 2026, 8:00 AM PST" in download
    assert " UTC" not in preferences and " UTC" not in download
