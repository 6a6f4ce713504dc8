"""Periodic work of the schedule, run by Celery beat. Tasks are thin and safe to run twice."""

from celery import shared_task

from .readiness import readiness_sweep
from .waitlist import waitlist_expire_offers


@shared_task(name="scheduling.expire_waitlist_offers")
def expire_waitlist_offers() -> int:
    """Hand offers nobody claimed within 15 minutes to the next patient waiting."""
    return waitlist_expire_offers()


@shared_task(name="scheduling.readiness_sweep")
def sweep_readiness() -> int:
    """Front-desk tasks for infusions within 24 hours that the patient has not confirmed."""
    return readiness_sweep()
