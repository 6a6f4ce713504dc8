"""While Redis (the cache that counts rate limits) cannot be reached, the limited forms still
work: nothing is counted, and one warning line says so. The real-process version, with a Redis
stopped during bookings, is tests/faults/test_redis_outage.py."""

import logging

import pytest
from django.test import Client

from tests.factories import ClinicFactory, patient
from tests.scheduling.conftest import consultation

pytestmark = pytest.mark.django_db


def test_a_booking_goes_through_the_limiter_while_redis_is_down(settings, caplog):
    clinic = ClinicFactory()
    consultation(clinic, slug="consultation")
    client = Client()
    client.force_login(patient().user)
    # Nothing listens on port 1 of this machine: a real refused connection, not a mock.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    caplog.set_level(logging.WARNING, logger="config.ratelimit")

    response = client.post(
        f"/book/{clinic.slug}/consultation/confirm/?start=2030-01-08T09:00:00-08:00",
        {"reason": "A consultation, please."},
    )

    assert response.status_code == 200
    assert "We could not book that time." in response.content.decode()  # the view itself ran
    assert [r.getMessage() for r in caplog.records] == [
        "ratelimit: cache unreachable, booking not counted",  # the address's tries
        "ratelimit: cache unreachable, booking not counted",  # the account's tries
        "ratelimit: cache unreachable, booking not checked",  # the account's bookings
    ]
