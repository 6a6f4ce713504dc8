"""Staff sign in with a second factor; nothing opens the admin without one."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from clinic.models import ClinicMembership
from tests.factories import PASSWORD, TOTP_SECRET, ClinicFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db


def code_now() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


@pytest.fixture
def nurse():
    return staff_member(ClinicFactory(), ClinicMembership.Role.NURSE)


def test_a_staff_account_without_a_second_factor_is_sent_to_set_one_up(client):
    clinic = ClinicFactory()
    user = UserFactory(is_staff=True)
    ClinicMembership.objects.create(user=user, clinic=clinic, role="nurse")
    client.force_login(user)

    for path in ("/admin/", "/admin/scheduling/appointment/board/", "/admin/clinic/clinic/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_sign_in_asks_for_the_code_and_only_then_opens_the_admin(nurse):
    client = Client()

    first = client.post(reverse("account_login"), {"login": nurse.email, "password": PASSWORD})

    assert first["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()
    done = client.post(reverse("mfa_authenticate"), {"code": code_now()})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_cannot_be_used_twice(nurse):
    code = code_now()
    first, second = Client(), Client()
    first.post(reverse("account_login"), {"login": nurse.email, "password": PASSWORD})
    assert first.post(reverse("mfa_authenticate"), {"code": code})["Location"] == "/admin/"

    second.post(reverse("account_login"), {"login": nurse.email, "password": PASSWORD})
    replay = second.post(reverse("mfa_authenticate"), {"code": code})

    assert replay.status_code == 200
    assert second.get("/admin/").status_code == 302


def test_a_password_reset_does_not_skip_the_second_factor(nurse):
    from django.core import mail

    client = Client()
    client.post(reverse("account_reset_password"), {"email": nurse.email})
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line
    )
    path = link[link.index("/accounts/") :].strip()
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": "new-lantern-meadow-91", "password2": "new-lantern-meadow-91"},
    )

    assert client.get("/admin/").status_code == 302
    again = client.post(
        reverse("account_login"), {"login": nurse.email, "password": "new-lantern-meadow-91"}
    )
    assert again["Location"] == reverse("mfa_authenticate")


def test_patients_are_not_asked_for_a_second_factor(client):
    from tests.factories import patient

    person = patient()

    response = client.post(
        reverse("account_login"), {"login": person.user.email, "password": PASSWORD}
    )

    assert response["Location"] == reverse("patients:dashboard")
