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
