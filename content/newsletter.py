"""The newsletter: double opt-in sign-up, one-click unsubscribe, and issues sent in batches.

Links in emails carry a signed token naming the subscription (never the address). Sending is a
Celery task that mails one batch and queues the next; each address gets a NewsletterDelivery row,
unique per issue, inserted in the same transaction as the send, so a second "send", a retried
task or two workers never mail anyone twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .markdown import render_markdown
from .models import NewsletterDelivery, NewsletterIssue, NewsletterSubscriber
from .permissions import content_may

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
_SALT = "content.newsletter"
CONFIRM_VALID_FOR = 60 * 60 * 24 * 7  # a week to click the confirmation link


def subscriber_token(subscriber: NewsletterSubscriber) -> str:
    return signing.dumps(str(subscriber.uuid), salt=_SALT)


def subscriber_from_token(token: str, *, max_age: int | None = None) -> NewsletterSubscriber:
    try:
        value = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        raise NewsletterSubscriber.DoesNotExist from None
    return NewsletterSubscriber.objects.select_related("clinic").get(uuid=value)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def unsubscribe_url(subscriber: NewsletterSubscriber) -> str:
    return _absolute(reverse("content:newsletter_unsubscribe", args=[subscriber_token(subscriber)]))


@transaction.atomic
def newsletter_subscribe(*, email: str, clinic=None, source: str = "") -> NewsletterSubscriber:
    """Ask to join a list. A confirmation email goes out unless already confirmed; the caller
    shows the same answer either way, so the form tells no one who is subscribed."""
    email = email.strip().lower()
    subscriber, created = NewsletterSubscriber.objects.select_for_update().get_or_create(
        email=email, clinic=clinic, defaults={"source": source[:200]}
    )
    if subscriber.status == NewsletterSubscriber.Status.CONFIRMED:
        return subscriber
    if not created:
        subscriber.status = NewsletterSubscriber.Status.PENDING
        subscriber.requested_at = timezone.now()
        subscriber.source = source[:200]
        subscriber.save(update_fields=["status", "requested_at", "source", "updated_at"])
    from .tasks import send_newsletter_confirmation

    transaction.on_commit(lambda: send_newsletter_confirmation.delay(subscriber.pk))
    return subscriber


def newsletter_send_confirmation(*, subscriber_id: int) -> bool:
    subscriber = NewsletterSubscriber.objects.select_related("clinic").get(pk=subscriber_id)
    if subscriber.status != NewsletterSubscriber.Status.PENDING:
        return False
    token = subscriber_token(subscriber)
    context = {
        "subscriber": subscriber,
        "clinic": subscriber.clinic,
        "site_name": settings.SITE_NAME,
        "confirm_url": _absolute(reverse("content:newsletter_confirm", args=[token])),
    }
    email = EmailMultiAlternatives(
        subject=render_to_string("messages/newsletter_confirm.subject.txt", context).strip(),
        body=render_to_string("messages/newsletter_confirm.txt", context),
        to=[subscriber.email],
    )
    email.attach_alternative(
        render_to_string("messages/newsletter_confirm.html", context), "text/html"
    )
    email.send()
    logger.info("newsletter: confirmation sent to subscriber %s", subscriber.pk)
    return True


@transaction.atomic
def newsletter_confirm(*, subscriber: NewsletterSubscriber) -> NewsletterSubscriber:
    subscriber = NewsletterSubscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != NewsletterSubscriber.Status.CONFIRMED:
        subscriber.status = NewsletterSubscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "updated_at"])
    return subscriber


@transaction.atomic
def newsletter_unsubscribe(*, subscriber: NewsletterSubscriber) -> int:
    """One click stops every newsletter to that address (the network's and any clinic's): that
    is what a reader pressing "unsubscribe" expects. Returns how many lists it left."""
    return (
        NewsletterSubscriber.objects.filter(email=subscriber.email)
        .exclude(status=NewsletterSubscriber.Status.UNSUBSCRIBED)
        .update(
            status=NewsletterSubscriber.Status.UNSUBSCRIBED,
            unsubscribed_at=timezone.now(),
            updated_at=timezone.now(),
        )
    )


def _audience(issue: NewsletterIssue):
    confirmed = NewsletterSubscriber.objects.filter(status=NewsletterSubscriber.Status.CONFIRMED)
    if issue.clinic_id:
        return confirmed.filter(clinic_id=issue.clinic_id)
    return confirmed


def newsletter_progress(issue: NewsletterIssue) -> tuple[int, int]:
    """(sent so far, recipients in all)."""
    total = issue.recipients_total or _audience(issue).values("email").distinct().count()
    return issue.deliveries.count(), total


@transaction.atomic
def newsletter_issue_send(*, issue: NewsletterIssue, by) -> NewsletterIssue:
    """Start sending an issue to its confirmed subscribers. Sending an issue that is already
    sending or sent changes nothing and mails no one again."""
    if not content_may(by, "content.send_newsletterissue", issue):
        raise PermissionDenied(_("You cannot send newsletters."))
    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != NewsletterIssue.Status.DRAFT:
        raise ValidationError(
            _("This issue is already %(status)s; nobody will get it twice.")
            % {"status": issue.get_status_display().lower()}
        )
    issue.status = NewsletterIssue.Status.SENDING
    issue.sent_by = by
    issue.send_started_at = timezone.now()
    issue.recipients_total = _audience(issue).values("email").distinct().count()
    issue.save(
        update_fields=["status", "sent_by", "send_started_at", "recipients_total", "updated_at"]
    )
    from .tasks import send_newsletter_batch

    transaction.on_commit(lambda: send_newsletter_batch.delay(issue.pk))
    return issue


def newsletter_send_batch(*, issue_id: int, batch_size: int = BATCH_SIZE) -> int:
    """Mail up to `batch_size` addresses that have not had this issue; returns how many it took
    on (0 when the issue is done, which marks it sent)."""
    issue = NewsletterIssue.objects.select_related("clinic").get(pk=issue_id)
    if issue.status != NewsletterIssue.Status.SENDING:
        return 0
    done = NewsletterDelivery.objects.filter(issue=issue).values("email")
    recipients = list(
        _audience(issue)
        .exclude(email__in=done)
        .order_by("email", "clinic_id")
        .distinct("email")
        .select_related("clinic")[:batch_size]
    )
    body_html = render_markdown(issue.body)
    sent = 0
    for subscriber in recipients:
        try:
            with transaction.atomic():
                NewsletterDelivery.objects.create(
                    issue=issue, email=subscriber.email, subscriber=subscriber
                )
                _issue_email(issue, subscriber, body_html).send()
        except IntegrityError:
            continue  # another worker mailed this address a moment ago
        sent += 1
    if not recipients:
        NewsletterIssue.objects.filter(pk=issue.pk, status=NewsletterIssue.Status.SENDING).update(
            status=NewsletterIssue.Status.SENT, send_finished_at=timezone.now()
        )
    logger.info("newsletter: issue %s batch sent %s", issue.pk, sent)
    return len(recipients)


def _issue_email(issue, subscriber, body_html) -> EmailMultiAlternatives:
    url = unsubscribe_url(subscriber)
    context = {
        "issue": issue,
        "clinic": issue.clinic,
        "body_html": body_html,
        "body_text": issue.body,
        "unsubscribe_url": url,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    email = EmailMultiAlternatives(
        subject=issue.subject,
        body=render_to_string("messages/newsletter_issue.txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<newsletter.{settings.MESSAGE_ID_DOMAIN}>",
        },
    )
    email.attach_alternative(
        render_to_string("messages/newsletter_issue.html", context), "text/html"
    )
    return email
