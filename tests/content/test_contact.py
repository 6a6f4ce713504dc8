"""The contact form on clinic pages and the home page: it reaches the clinic through the outbox,
acknowledges the sender, keeps what was typed on an error, and turns bots away."""

import pytest
from django.core import mail

from content.models import ContactMessage
from patients.models import OutboundMessage
from patients.outbox import outbox_sweep
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


def form(clinic, **overrides):
    data = {
        "clinic": clinic.slug,
        "name": "Sam Asker",
        "email": "sam@example.org",
        "phone": "",
        "message": "Do you see patients on Saturdays?",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_form_is_on_the_clinic_page_and_the_home_page(client, clinic):
    clinic_page = client.get(f"/clinics/{clinic.slug}/").content.decode()
    home = client.get("/").content.decode()

    assert 'action="/contact/"' in clinic_page
    assert f'type="hidden" name="clinic" value="{clinic.slug}"' in clinic_page
    assert "Please do not include health details" in clinic_page
    assert '<select name="clinic"' in home


def test_a_question_reaches_the_clinic_and_the_sender_gets_an_acknowledgement(
    client, clinic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", form(clinic))

    assert response.status_code == 302
    assert response["Location"] == f"/contact/thanks/?clinic={clinic.slug}"
    stored = ContactMessage.objects.get()
    assert stored.clinic == clinic
    assert stored.message == "Do you see patients on Saturdays?"
    outbox_sweep()
    by_address = {m.to[0]: m for m in mail.outbox}
    to_clinic, to_sender = by_address[clinic.email], by_address["sam@example.org"]
    assert "/admin/content/contactmessage/" in to_clinic.body
    # Neither email repeats the question or names the sender.
    for message in (to_clinic, to_sender):
        assert "Saturdays" not in message.body
        assert "Sam Asker" not in message.body
    assert clinic.name in to_sender.subject
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_phone_number_alone_is_enough_and_no_email_is_sent_back(client, clinic):
    response = client.post("/contact/", form(clinic, email="", phone="(626) 555-0199"))

    assert response.status_code == 302
    assert ContactMessage.objects.get().phone == "(626) 555-0199"
    assert not OutboundMessage.objects.filter(kind="contact_ack").exists()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"email": "", "phone": ""}, "Give an email address or a phone number"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"email": "", "phone": "555"}, "full phone number"),
        ({"message": ""}, "This field is required"),
        ({"message": "x" * 2001}, "at most 2000 characters"),
        ({"clinic": "no-such-clinic"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_stays(client, clinic, overrides, error):
    data = {**form(clinic), **overrides}

    response = client.post("/contact/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert "Sam Asker" in page
    assert not ContactMessage.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_a_filled_honeypot_is_thanked_and_dropped(client, clinic):
    response = client.post("/contact/", form(clinic, website="http://spam.example"))

    assert response.status_code == 302
    assert not ContactMessage.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_the_form_is_rate_limited(client, clinic):
    statuses = [client.post("/contact/", form(clinic)).status_code for _ in range(6)]

    assert statuses == [302] * 5 + [429]
    assert ContactMessage.objects.count() == 5


def test_only_that_clinics_desk_reads_the_message(client, clinic):
    from clinic.models import ClinicMembership
    from tests.factories import staff_member

    other = ClinicFactory()
    client.post("/contact/", form(clinic))
    stored = ContactMessage.objects.get()
    url = f"/admin/content/contactmessage/{stored.pk}/change/"

    client.force_login(staff_member(clinic, ClinicMembership.Role.FRONT_DESK))
    assert client.get(url).status_code == 200
    client.force_login(staff_member(other, ClinicMembership.Role.FRONT_DESK))
    assert client.get(url).status_code in (302, 404)
    client.force_login(staff_member(clinic, ClinicMembership.Role.NURSE))
    assert client.get(url).status_code == 403
