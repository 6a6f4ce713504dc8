"""Content's admin shows and reads times on a named clock: a clinic's article on its clinic's,
a network-wide one on the reader's (their first clinic's, or the network's zone); scheduling
"9:00" means 9:00 there, never 9:00 UTC."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from content.models import Article, ContactMessage, NewsletterIssue
from tests.factories import ClinicFactory, staff_member

from .conftest import Role, approved_article

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC)  # Pacific is on standard time again


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def phoenix():
    return ClinicFactory(time_zone="America/Phoenix", city="Scottsdale", state="AZ")


def schedule(client, user, article, typed: str):
    client.force_login(user)
    return client.post(
        reverse("admin:content_article_workflow", args=[article.pk]),
        {"action": "schedule", "publish_at": typed},
        follow=True,
    ).content.decode()


def test_a_network_article_is_scheduled_on_the_networks_clock(client, marketer, reviewer):
    article = approved_article(marketer, reviewer)

    client.force_login(marketer)
    change_page = client.get(reverse("admin:content_article_change", args=[article.pk]))
    done = schedule(client, marketer, article, "2026-11-10T09:00")
    article.refresh_from_db()
    listing = client.get(reverse("admin:content_article_changelist")).content.decode()

    assert "In Pacific Time (PST)." in change_page.content.decode()  # the input says its zone
    assert article.publish_at == dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC)
    assert "goes live by itself on Tue Nov 10 2026, 9:00 AM PST" in done
    assert "Tue Nov 10 2026, 9:00 AM PST" in listing
    assert "5 p.m." not in listing


def test_a_clinics_article_is_scheduled_on_that_clinics_clock(client, marketer, phoenix):
    physician = staff_member(phoenix, Role.PHYSICIAN)
    article = approved_article(marketer, physician, clinic=phoenix)

    done = schedule(client, marketer, article, "2026-11-10T09:00")
    article.refresh_from_db()

    assert article.publish_at == dt.datetime(2026, 11, 10, 16, tzinfo=dt.UTC)
    assert "goes live by itself on Tue Nov 10 2026, 9:00 AM MST" in done
    assert "In Arizona Time (MST)." in done


def test_a_time_the_clocks_skip_is_refused_not_guessed(client, marketer, reviewer):
    article = approved_article(marketer, reviewer)

    done = schedule(client, marketer, article, "2027-03-14T02:30")  # Pacific springs forward
    article.refresh_from_db()

    assert article.status == Article.Status.APPROVED and article.publish_at is None
    assert "may not exist" in done


def test_staff_of_a_clinic_read_network_articles_on_their_clinics_clock(
    client, marketer, reviewer, phoenix
):
    article = approved_article(marketer, reviewer)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.SCHEDULED, publish_at=dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC)
    )
    client.force_login(staff_member(phoenix, Role.PHYSICIAN))

    listing = client.get(reverse("admin:content_article_changelist")).content.decode()

    assert "Tue Nov 10 2026, 10:00 AM MST" in listing


def test_contact_messages_show_when_they_arrived_in_clinic_time(client, phoenix):
    message = ContactMessage.objects.create(
        clinic=phoenix, name="Sam Asker", email="sam@example.org", message="Evening hours?"
    )
    ContactMessage.objects.filter(pk=message.pk).update(
        created_at=dt.datetime(2026, 11, 10, 16, tzinfo=dt.UTC)
    )
    client.force_login(staff_member(phoenix, Role.FRONT_DESK))

    listing = client.get(reverse("admin:content_contactmessage_changelist")).content.decode()

    assert "Tue Nov 10 2026, 9:00 AM MST" in listing


def test_a_network_newsletter_shows_when_it_went_out_in_the_readers_zone(client, marketer):
    issue = NewsletterIssue.objects.create(
        subject="Winter news",
        body="Hello.",
        created_by=marketer,
        status=NewsletterIssue.Status.SENT,
        send_started_at=dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC),
        send_finished_at=dt.datetime(2026, 11, 10, 17, 20, tzinfo=dt.UTC),
    )
    client.force_login(marketer)

    with override_settings(PORTAL_NETWORK_TIME_ZONE="America/Chicago"):
        listing = client.get(reverse("admin:content_newsletterissue_changelist")).content
        page = client.get(reverse("admin:content_newsletterissue_change", args=[issue.pk]))

    assert "Tue Nov 10 2026, 11:00 AM CST" in listing.decode()
    assert "finished Tue Nov 10 2026, 11:20 AM CST" in page.content.decode()
