"""Sessions end after 15 idle minutes for staff, 30 for patients, and 12 hours at most."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from clinic.models import ClinicMembership
from tests.factories import ClinicFactory, patient, staff_member

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 21, 15, tzinfo=dt.UTC)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client, url, at):
    with time_machine.travel(at, tick=False):
        return client.get(url)


@pytest.fixture
def nurse():
    return staff_member(ClinicFactory(), ClinicMembership.Role.NURSE)


def test_staff_are_signed_out_after_fifteen_idle_minutes(nurse):
    with time_machine.travel(T0, tick=False):
        client = signed_in(nurse)
    assert get(client, "/admin/", T0).status_code == 200
    assert get(client, "/admin/", T0 + dt.timedelta(minutes=14)).status_code == 200

    late = get(client, "/admin/", T0 + dt.timedelta(minutes=30))

    assert late.status_code == 302 and late["Location"].startswith(reverse("account_login"))
    assert get(client, "/admin/", T0 + dt.timedelta(minutes=31)).status_code == 302


def test_patients_have_thirty_idle_minutes():
    person = patient()
    with time_machine.travel(T0, tick=False):
        client = signed_in(person.user)
    get(client, reverse("patients:dashboard"), T0)

    assert (
        get(client, reverse("patients:dashboard"), T0 + dt.timedelta(minutes=25)).status_code == 200
    )
    gone = get(client, reverse("patients:dashboard"), T0 + dt.timedelta(minutes=56))
    assert gone.status_code == 302
    assert "next=%2Fportal%2F" in gone["Location"]


def test_twelve_hours_is_the_most_even_when_active(nurse):
    with time_machine.travel(T0, tick=False):
        client = signed_in(nurse)
    at = T0
    while at < T0 + dt.timedelta(hours=11, minutes=50):
        assert get(client, "/admin/", at).status_code == 200
        at += dt.timedelta(minutes=10)

    assert get(client, "/admin/", T0 + dt.timedelta(hours=12, minutes=5)).status_code == 302


def test_signing_in_gives_a_new_session_key():
    person = patient()
    client = Client()
    client.get(reverse("account_login"))
    before = client.cookies.get("sessionid")

    client.post(
        reverse("account_login"),
        {"login": person.user.email, "password": "correct-horse-battery-staple"},
    )

    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
