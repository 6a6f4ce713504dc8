"""Every date and time of every admin list and page is clinic time, with its label.

The walk is generated from the admin's registry: each model's DateTimeFields that its admin lists
or shows read-only are set to one instant (17:00 UTC), and its list and page must show that
instant on the right wall clock (10:00 AM MST for a row of a Phoenix clinic; 9:00 AM PST, the
reader's zone, for a row of no clinic), never 5 p.m.
"""

import datetime as dt
import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.db import models

from content.models import Article, NewsletterIssue, NewsletterSubscriber, SuccessStory
from patients.models import AuditEvent, User
from tests.clinic.test_admin_scoping import CLINIC_SCOPED, admin_url, changelist_url, patient
from tests.factories import ClinicFactory, UserFactory, with_second_factor

pytestmark = pytest.mark.django_db

INSTANT = dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC)
IN_PHOENIX = "Tue Nov 10 2026, 10:00 AM MST"
IN_THE_READERS_ZONE = "Tue Nov 10 2026, 9:00 AM PST"  # the network's zone: Pacific
UTC_AS_LOCAL = re.compile(r"5 p\.m\.|5:00 PM|17:00(?! UTC)")  # UTC, unless labelled UTC

ROWS = {
    **CLINIC_SCOPED,
    AuditEvent: lambda clinic: AuditEvent.objects.create(
        at=INSTANT, patient=patient(), actor_role="test", object_type="intake", object_id="x",
        action="view",
    ),
    Article: lambda clinic: Article.objects.create(
        title="Infusion day", slug="infusion-day", summary="What to expect.", body="Text.",
        clinic=clinic, author=UserFactory(is_staff=True),
    ),
    NewsletterIssue: lambda clinic: NewsletterIssue.objects.create(
        subject="Autumn news", body="Hello.", clinic=clinic, status="sent",
        created_by=UserFactory(is_staff=True),
    ),
    NewsletterSubscriber: lambda clinic: NewsletterSubscriber.objects.create(
        email="reader@example.org", clinic=clinic, status="confirmed", confirmed_at=INSTANT,
    ),
    SuccessStory: lambda clinic: SuccessStory.objects.create(
        display_name="R.", clinic=clinic, story="Walking again.",
    ),
}  # fmt: skip


def shown_datetime_fields(model_admin) -> list[str]:
    datetimes = {
        f.name for f in model_admin.model._meta.get_fields() if isinstance(f, models.DateTimeField)
    }
    shown = [*model_admin.list_display, *model_admin.readonly_fields]
    return [name for name in dict.fromkeys(shown) if name in datetimes]


CASES = [
    model
    for model, model_admin in admin.site._registry.items()
    if model in ROWS and (shown_datetime_fields(model_admin) or model is AuditEvent)
]


@pytest.fixture
def superuser(client):
    user = with_second_factor(UserFactory(is_staff=True, is_superuser=True))
    client.force_login(user)
    return user


def test_the_walk_covers_every_admin_that_shows_a_time():
    with_times = {
        model
        for model, model_admin in admin.site._registry.items()
        if shown_datetime_fields(model_admin)
    }
    # Accounts (User) show last login and joining date in the reader's zone; tested below.
    assert with_times - set(CASES) <= {User, Authenticator}


@pytest.mark.parametrize("model", CASES, ids=lambda m: m.__name__)
def test_every_listed_and_read_only_time_is_on_the_rows_clinic_clock(client, rf, superuser, model):
    phoenix = ClinicFactory(time_zone="America/Phoenix")
    model_admin = admin.site._registry[model]
    row = ROWS[model](phoenix)
    fields = [f for f in shown_datetime_fields(model_admin) if f != "at"]
    if fields:
        model.objects.filter(pk=row.pk).update(**dict.fromkeys(fields, INSTANT))
    expected = IN_PHOENIX if model_admin.time_zone_path is not None else IN_THE_READERS_ZONE

    listing = client.get(changelist_url(model)).content.decode()
    page = client.get(admin_url(row, "change")).content.decode()

    listed = [f for f in (*model_admin.list_display,) if f in fields or f == "at"]
    if listed:
        assert expected in listing, f"{model.__name__} list: {listed}"
    request = rf.get("/admin/")
    request.user = superuser
    if set(fields) & {*model_admin.readonly_fields} or not model_admin.has_change_permission(
        request, row
    ):
        assert expected in page, f"{model.__name__} page"
    assert not UTC_AS_LOCAL.search(listing) and not UTC_AS_LOCAL.search(page)


def test_accounts_show_their_last_sign_in_in_the_readers_zone(client, superuser):
    staff = UserFactory(is_staff=True)
    type(staff).objects.filter(pk=staff.pk).update(last_login=INSTANT, date_joined=INSTANT)

    page = client.get(admin_url(staff, "change")).content.decode()

    # Editable here: the inputs hold the reader's wall clock and say which zone that is.
    assert 'value="09:00:00"' in page
    assert "Time in Pacific Time (P" in page
