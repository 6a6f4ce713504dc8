"""In demo mode every email is an .eml file under var/mail/, listed for network admins."""

import email
from email import policy

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from clinic.models import ClinicMembership
from clinic.roles import NETWORK_ADMIN
from tests.factories import ClinicFactory, network_user, staff_member

EML_BACKEND = "config.mail.EmlFileBackend"


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = EML_BACKEND
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


def send(subject: str, to: str = "someone@example.org") -> None:
    message = EmailMultiAlternatives(subject, f"Text of {subject}", to=[to])
    message.attach_alternative(f"<p>HTML of {subject}</p>", "text/html")
    message.send()


def test_each_message_becomes_one_eml_file(mail_dir):
    send("First")
    send("Second")

    files = sorted(mail_dir.glob("*.eml"))
    assert len(files) == 2
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Subject"] == "First"
    assert parsed.get_body(("plain",)).get_content().strip() == "Text of First"
    assert not list(mail_dir.glob("*.tmp"))


def test_sending_nothing_writes_nothing(mail_dir):
    assert mail.get_connection().send_messages([]) == 0
    assert not mail_dir.exists()


@pytest.mark.django_db
def test_network_admin_reads_the_outbox_newest_first(client, mail_dir):
    send("Older message")
    send("Newer message")
    client.force_login(network_user(NETWORK_ADMIN))

    page = client.get(reverse("demo_mail_list")).content.decode()

    assert page.index("Newer message") < page.index("Older message")
    newest = sorted(mail_dir.glob("*.eml"))[-1].name
    detail = client.get(reverse("demo_mail_detail", args=[newest])).content.decode()
    assert "Text of Newer message" in detail
    assert "sandbox" in detail  # the HTML part is shown in a sandboxed frame
    download = client.get(reverse("demo_mail_download", args=[newest]))
    assert download["Content-Type"] == "message/rfc822"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ClinicMembership.Role.values)
def test_clinic_staff_cannot_read_the_outbox(client, mail_dir, role):
    send("Private")
    client.force_login(staff_member(ClinicFactory(), role))

    assert client.get(reverse("demo_mail_list")).status_code == 403


@pytest.mark.django_db
def test_outbox_page_refuses_paths_outside_the_mail_folder(client, mail_dir):
    client.force_login(network_user(NETWORK_ADMIN))

    for name in ["..%2F..%2Fetc%2Fpasswd", "20261121T000000000000Z-deadbeef.eml", "services.env"]:
        assert client.get(f"/admin/demo-mail/{name}").status_code == 404


@pytest.mark.django_db
def test_outbox_page_is_absent_when_email_really_goes_out(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    client.force_login(network_user(NETWORK_ADMIN))

    assert client.get(reverse("demo_mail_list")).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, mail_dir):
    response = client.get(reverse("demo_mail_list"))

    assert response.status_code in (302, 403)


def test_the_demo_mail_backend_keeps_one_copy_of_a_message_id(tmp_path):
    """A message resent after a worker died mid-send carries the same Message-ID: like a
    provider honouring an idempotency key, the backend keeps the first and drops the repeat."""
    from django.core.mail import EmailMessage

    from config.mail import EmlFileBackend

    backend = EmlFileBackend(file_path=tmp_path)

    def message(mid):
        return EmailMessage("Hi", "Body", to=["a@example.org"], headers={"Message-ID": mid})

    assert backend.send_messages([message("<one@x>")]) == 1
    assert backend.send_messages([message("<one@x>")]) == 1  # accepted, not written again
    assert backend.send_messages([message("<two@x>"), EmailMessage("No id", "x", to=["b@x.org"])])

    assert len(list(tmp_path.glob("*.eml"))) == 3


@pytest.mark.django_db
def test_the_outbox_says_when_each_message_went_in_the_readers_zone(client, mail_dir, settings):
    import time_machine

    settings.PORTAL_NETWORK_TIME_ZONE = "America/Phoenix"
    with time_machine.travel("2026-11-10 16:00:00+00:00", tick=False):
        send("Sent at nine")
    client.force_login(network_user(NETWORK_ADMIN))

    page = client.get(reverse("demo_mail_list")).content.decode()

    assert "Tue Nov 10 2026, 9:00 AM MST" in page
