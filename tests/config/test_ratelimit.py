"""Booking and the waitlist are rate-limited per account and per client address, in Redis,
and a forged X-Forwarded-For does not buy a fresh allowance."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ClinicFactory, patient

pytestmark = pytest.mark.django_db


def confirm_url(clinic):
    url = reverse("scheduling:book_confirm", args=[clinic.slug, "consultation"])
    return f"{url}?start=2030-01-08T09:00:00-08:00"


@pytest.fixture
def clinic():
    from tests.scheduling.conftest import consultation

    clinic = ClinicFactory()
    consultation(clinic, slug="consultation")
    return clinic


def test_an_account_gets_thirty_booking_tries_an_hour(clinic):
    """Refused tries (here: a time nobody can take) are bounded generously; the ten-an-hour limit
    counts only visits actually booked (tests/scheduling/test_booking_pages.py)."""
    client = Client()
    client.force_login(patient().user)

    codes = [client.post(confirm_url(clinic), {"reason": "x"}).status_code for _ in range(31)]

    assert 429 not in codes[:30]
    assert codes[30] == 429


def test_a_forged_forwarded_for_does_not_reset_the_limit(clinic):
    codes = []
    for attempt in range(31):
        client = Client()
        client.force_login(patient().user)  # a new account each time
        response = client.post(
            confirm_url(clinic), {"reason": "x"}, headers={"x-forwarded-for": f"10.0.0.{attempt}"}
        )
        codes.append(response.status_code)

    assert 429 not in codes[:30]
    assert codes[30] == 429  # the same REMOTE_ADDR, whatever the header says


def test_past_the_limit_the_form_comes_back_with_the_reason_and_nothing_is_done(clinic):
    from scheduling.models import Appointment

    client = Client()
    client.force_login(patient().user)
    for _ in range(30):
        client.post(confirm_url(clinic), {"reason": "x"})

    page = client.post(confirm_url(clinic), {"reason": "Back pain, worse at night"})

    html = page.content.decode()
    assert page.status_code == 429
    assert "Please try again after" in html and "Back pain, worse at night" in html
    assert not Appointment.objects.exists()


def test_a_trusted_proxy_is_read_for_the_address(settings, rf):
    from config.ratelimit import client_ip

    settings.PORTAL_TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")

    assert client_ip(request) == "203.0.113.7"  # the entry our proxy appended, not the forged one
