import logging

from celery import shared_task

from .services import articles_publish_due

logger = logging.getLogger(__name__)


@shared_task(name="content.publish_due_articles")
def publish_due_articles() -> int:
    """Every minute: scheduled articles whose time has come go live."""
    published = articles_publish_due()
    if published:
        logger.info("published %s scheduled article(s)", published)
    return published


@shared_task(name="content.send_newsletter_confirmation")
def send_newsletter_confirmation(subscriber_id: int) -> bool:
    from .newsletter import newsletter_send_confirmation

    return newsletter_send_confirmation(subscriber_id=subscriber_id)


@shared_task(name="content.send_newsletter_batch")
def send_newsletter_batch(issue_id: int) -> int:
    """One batch, then the next as a new task, so a long list never holds one worker for long
    and progress shows in the admin as it goes."""
    from .newsletter import newsletter_send_batch

    taken = newsletter_send_batch(issue_id=issue_id)
    if taken:
        send_newsletter_batch.delay(issue_id)
    return taken


@shared_task(name="content.resume_newsletters")
def resume_newsletters() -> int:
    """Every few minutes: an issue still sending (its worker died mid-list) carries on. A second
    chain is harmless: each address is mailed once whatever runs."""
    from .models import NewsletterIssue

    ids = list(
        NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENDING).values_list(
            "pk", flat=True
        )
    )
    for issue_id in ids:
        send_newsletter_batch.delay(issue_id)
    return len(ids)
