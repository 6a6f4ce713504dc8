"""The newsletter: double opt-in, one-click unsubscribe, and batched sending that never mails
anyone twice."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from content.models import NewsletterDelivery, NewsletterIssue, NewsletterSubscriber
from content.newsletter import (
    newsletter_issue_send,
    newsletter_send_batch,
    subscriber_token,
    unsubscribe_url,
)
from content.tasks import send_newsletter_batch
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


def sign_up(client, captured, **data):
    with captured(execute=True):
        return client.post("/newsletter/", {"email": "reader@example.org", "clinic": "", **data})


def link_in(message, path: str) -> str:
    return re.search(rf"https?://[^\s\"]+{path}[^\s\"]+", message.body).group(0)


def confirmed(email, clinic=None):
    from django.utils import timezone

    return NewsletterSubscriber.objects.create(
        email=email, clinic=clinic, status="confirmed", confirmed_at=timezone.now()
    )


def test_double_opt_in(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, email="Reader@Example.org ")

    assert response.status_code == 302
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert subscriber.status == "pending"
    assert len(mail.outbox) == 1
    confirm = link_in(mail.outbox[0], "/newsletter/confirm/")
    path = confirm.split("://", 1)[1].split("/", 1)[1]

    # Following the link (a mail scanner does) confirms nothing; the button does.
    assert client.get(f"/{path}").status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    client.post(f"/{path}")
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    assert subscriber.confirmed_at is not None


def test_signing_up_twice_tells_nobody_who_is_subscribed(
    client, django_capture_on_commit_callbacks
):
    confirmed("reader@example.org")

    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response["Location"] == "/newsletter/check-your-inbox/"
    assert mail.outbox == []  # already confirmed: no second confirmation
    assert NewsletterSubscriber.objects.count() == 1


def test_a_bad_address_is_refused_and_a_honeypot_dropped(
    client, django_capture_on_commit_callbacks
):
    bad = sign_up(client, django_capture_on_commit_callbacks, email="not an address")
    bot = sign_up(client, django_capture_on_commit_callbacks, website="spam")

    assert bad.status_code == 200
    assert "Enter a valid email address" in bad.content.decode()
    assert bot.status_code == 302
    assert not NewsletterSubscriber.objects.exists()
    assert mail.outbox == []


def test_a_tampered_link_is_refused(client):
    subscriber = confirmed("reader@example.org")
    token = subscriber_token(subscriber)

    response = client.post(f"/newsletter/unsubscribe/{token[:-2]}xx/")

    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


def test_an_issue_goes_out_in_batches_with_one_click_unsubscribe(client, marketer):
    clinic = ClinicFactory()
    for n in range(5):
        confirmed(f"reader{n}@example.org")
    confirmed("reader0@example.org", clinic=clinic)  # on two lists: mailed once
    NewsletterSubscriber.objects.create(email="pending@example.org")  # never confirmed
    issue = NewsletterIssue.objects.create(
        subject="November news", body="## New article\n\nOn sleep.", created_by=marketer
    )

    newsletter_issue_send(issue=issue, by=marketer)
    assert newsletter_send_batch(issue_id=issue.pk, batch_size=2) == 2
    assert newsletter_send_batch(issue_id=issue.pk, batch_size=2) == 2
    assert newsletter_send_batch(issue_id=issue.pk, batch_size=2) == 1
    assert newsletter_send_batch(issue_id=issue.pk, batch_size=2) == 0

    issue.refresh_from_db()
    assert issue.status == "sent"
    assert issue.recipients_total == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"reader{n}@example.org" for n in range(5)]
    message = mail.outbox[0]
    assert "<h2>New article</h2>" in message.alternatives[0][0]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A mail provider's one-click POST (no session, no CSRF token) unsubscribes.
    from django.test import Client

    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    statuses = NewsletterSubscriber.objects.filter(email=message.to[0]).values_list(
        "status", flat=True
    )
    assert list(statuses) == ["unsubscribed", "unsubscribed"]  # both of reader0's lists


def test_sending_twice_never_mails_anyone_twice(marketer):
    for n in range(3):
        confirmed(f"reader{n}@example.org")
    issue = NewsletterIssue.objects.create(subject="News", body="Hello.", created_by=marketer)
    newsletter_issue_send(issue=issue, by=marketer)

    with pytest.raises(ValidationError, match="nobody will get it twice"):
        newsletter_issue_send(issue=issue, by=marketer)
    send_newsletter_batch.apply(args=[issue.pk])  # the chain: batches until done
    send_newsletter_batch.apply(args=[issue.pk])  # a retried or duplicated task

    assert len(mail.outbox) == 3
    assert NewsletterDelivery.objects.filter(issue=issue).count() == 3


def test_a_clinic_issue_goes_to_that_clinics_list_only(marketer):
    clinic, other = ClinicFactory(), ClinicFactory()
    confirmed("ours@example.org", clinic=clinic)
    confirmed("theirs@example.org", clinic=other)
    confirmed("network@example.org")
    issue = NewsletterIssue.objects.create(
        subject="Our news", body="Hi.", clinic=clinic, created_by=marketer
    )

    newsletter_issue_send(issue=issue, by=marketer)
    newsletter_send_batch(issue_id=issue.pk)

    assert [m.to[0] for m in mail.outbox] == ["ours@example.org"]


def test_only_those_allowed_send(clinic, reviewer, marketer):
    issue = NewsletterIssue.objects.create(subject="News", body="Hi.", created_by=marketer)

    with pytest.raises(PermissionDenied):
        newsletter_issue_send(issue=issue, by=reviewer)


def test_the_admin_shows_progress_and_sends(client, marketer, django_capture_on_commit_callbacks):
    confirmed("reader@example.org")
    issue = NewsletterIssue.objects.create(subject="News", body="Hi.", created_by=marketer)
    client.force_login(marketer)

    before = client.get(f"/admin/content/newsletterissue/{issue.pk}/change/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/content/newsletterissue/{issue.pk}/send/")
    after = client.get(f"/admin/content/newsletterissue/{issue.pk}/change/").content.decode()

    assert "It goes to 1 confirmed subscriber" in before
    assert "1 of 1 sent" in after
    assert len(mail.outbox) == 1


def test_unsubscribe_url_names_no_address():
    subscriber = NewsletterSubscriber(email="reader@example.org")

    assert "reader" not in unsubscribe_url(subscriber)


def test_list_unsubscribe_is_an_https_one_click_link_on_the_sites_address(marketer):
    from django.test import Client, override_settings

    confirmed("reader@example.org")
    issue = NewsletterIssue.objects.create(subject="Winter", body="Hello.", created_by=marketer)
    newsletter_issue_send(issue=issue, by=marketer)

    with override_settings(SITE_URL="https://portal.example.org/"):
        newsletter_send_batch(issue_id=issue.pk)

    headers = mail.outbox[0].extra_headers
    unsubscribe = re.fullmatch(
        r"<(https://portal\.example\.org/newsletter/unsubscribe/[^>]+/)>",
        headers["List-Unsubscribe"],
    )
    assert unsubscribe is not None, headers["List-Unsubscribe"]  # RFC 8058: an https URI
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe.group(1).removeprefix("https://portal.example.org")
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NewsletterSubscriber.objects.get(email="reader@example.org").status == "unsubscribed"
