"""Links in messages point at the site's configured address (PORTAL_SITE_URL, or where
`make run` serves), never at a default port nobody serves."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from patients.outbox import outbox_sweep
from tests.patients.test_outbox import book, setup  # noqa: F401 (a fixture)
from tests.scheduling.conftest import utc

pytestmark = pytest.mark.django_db

LINK = re.compile(r"""https?://[^\s"'<>]+""")


def links_of(message) -> list[str]:
    parts = [message.body, *(content for content, _type in message.alternatives)]
    return [link for part in parts for link in LINK.findall(part)]


@pytest.mark.parametrize("site_url", ["https://portal.example.org", "http://127.0.0.1:8765/"])
def test_a_booking_emails_links_use_the_configured_site_url(setup, site_url):  # noqa: F811
    _, service, person = setup
    visit = book(service, person)

    with override_settings(SITE_URL=site_url):
        outbox_sweep(now=utc(2026, 11, 9, 17))

    confirmation = next(m for m in mail.outbox if m.to == [person.user.email])
    links = links_of(confirmation)
    base = site_url.rstrip("/")
    assert f"{base}/portal/appointments/{visit.id}/" in links
    assert all(link.startswith(f"{base}/") for link in links), links
    assert not any("127.0.0.1:8000" in link for link in links)
