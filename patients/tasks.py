"""Celery tasks of the patients app: thin, ids in, safe to run twice."""

from celery import shared_task

from .outbox import outbox_sweep


@shared_task(name="patients.sweep_outbox")
def sweep_outbox() -> dict:
    """Send what is due. Two at once never send one message twice (rows are claimed with
    SKIP LOCKED and marked before sending)."""
    result = outbox_sweep()
    return result.__dict__
