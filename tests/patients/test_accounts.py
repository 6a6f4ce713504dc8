"""Sign-up, email verification, password reset and sign-in limits, through allauth."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from patients.models import PatientProfile, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


def signup(client, **overrides):
    data = {
        "legal_first_name": "Robin", "legal_last_name": "Hale",
        "date_of_birth": years_ago(40).isoformat(), "email": "robin@example.org",
        "password1": "lantern-meadow-quiet-42", "password2": "lantern-meadow-quiet-42",
        **overrides,
    }  # fmt: skip
    return client.post(reverse("account_signup"), data)


def test_signup_creates_the_patient_and_asks_to_verify_the_email(client):
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    profile = PatientProfile.objects.get()
    assert (profile.legal_name, profile.user.email) == ("Robin Hale", "robin@example.org")
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_the_portal_stays_shut_until_the_email_is_verified(client):
    signup(client)

    assert client.get(reverse("patients:dashboard")).status_code == 302
    signin = client.post(
        reverse("account_login"),
        {"login": "robin@example.org", "password": "lantern-meadow-quiet-42"},
    )
    assert signin["Location"] == reverse("account_email_verification_sent")

    key = re.search(r"/accounts/confirm-email/([^/]+)/", mail.outbox[-1].body).group(1)
    confirmed = client.post(reverse("account_confirm_email", args=[key]))
    assert confirmed.status_code == 302
    assert client.get(reverse("patients:dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (years_ago(17), "Online sign-up is for adults (18 and over). Please call the clinic"),
        (years_ago(18, days=-1), "Online sign-up is for adults"),  # 18 tomorrow
        (timezone.localdate() + dt.timedelta(days=3), "can’t be in the future"),
        (dt.date(1850, 1, 1), "Check the year"),
    ],
)
def test_signup_refuses_minors_and_impossible_dates_keeping_what_was_typed(client, born, message):
    response = signup(client, date_of_birth=born.isoformat())

    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Robin"' in response.content.decode()
    assert not User.objects.exists()


def test_signup_on_the_18th_birthday_is_allowed(client):
    assert signup(client, date_of_birth=years_ago(18).isoformat()).status_code == 302


def test_a_date_that_does_not_exist_is_refused(client):
    response = signup(client, date_of_birth="1990-02-30")

    assert "Enter a real date" in response.content.decode()


def test_weak_passwords_are_refused(client):
    response = signup(client, password1="password123", password2="password123")

    assert response.status_code == 200
    assert not User.objects.exists()


def test_password_reset_does_not_tell_whether_an_account_exists(client):
    UserFactory(email="known@example.org")

    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_signup_with_a_taken_email_does_not_reveal_it(client):
    UserFactory(email="robin@example.org")

    response = signup(client)

    # Same page as a new sign-up; the owner of the address gets an email instead.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="robin@example.org").count() == 1


def test_repeated_failed_sign_ins_are_stopped(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-guess"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_patients_can_turn_on_two_factor_sign_in(client):
    client.force_login(UserFactory())

    page = client.get(reverse("mfa_index"))

    assert page.status_code == 200
    assert reverse("mfa_activate_totp") in page.content.decode()
