"""Staff sign in with a second factor; nothing opens the admin without one."""

import datetime as dt
import json
import re
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.webauthn.internal.auth import WebAuthn
from django.test import Client
from django.urls import reverse
from fido2.utils import websafe_decode

from clinic.models import ClinicMembership
from tests.factories import PASSWORD, TOTP_SECRET, ClinicFactory, UserFactory, staff_member
from tests.passkeys import SoftwareSecurityKey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _early_in_a_code_window():
    """A code is current for its 30-second window only: each test starts one second into a
    window, so a code made at the start is still the current one at the end, on any date."""
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, 0, 1, tzinfo=dt.UTC), tick=True):
        yield


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
        assert response["Location"] == reverse("mfa_index")  # an app or a security key


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


def _js_data(page) -> dict:
    """The options allauth hands its WebAuthn script (json_script "js_data")."""
    found = re.search(r'<script id="js_data" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


@pytest.fixture
def nurse_with_only_a_security_key():
    clinic = ClinicFactory()
    user = UserFactory(is_staff=True)
    ClinicMembership.objects.create(user=user, clinic=clinic, role="nurse")
    key = SoftwareSecurityKey()
    WebAuthn.add(user, "Laptop", key.registration())
    return user, key


def test_a_security_key_alone_is_a_second_factor(nurse_with_only_a_security_key):
    """A staff member whose only second factor is a security key (passkey) signs in with the
    password, then the key, and the admin opens."""
    user, key = nurse_with_only_a_security_key
    client = Client()

    first = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert first["Location"] == reverse("mfa_authenticate")
    stage = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Use a security key" in stage
    assert client.get("/admin/").status_code == 302  # not signed in until the key answers
    options = _js_data(stage)["request_options"]
    done = client.post(
        reverse("mfa_authenticate"), {"credential": json.dumps(key.assertion(options))}
    )

    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_another_key_or_an_old_challenge_does_not_sign_in(nurse_with_only_a_security_key):
    user, key = nurse_with_only_a_security_key
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    options = _js_data(client.get(reverse("mfa_authenticate")).content.decode())["request_options"]

    stranger = SoftwareSecurityKey()
    stranger.credential_id = key.credential_id  # the right id, the wrong private key
    forged = client.post(
        reverse("mfa_authenticate"), {"credential": json.dumps(stranger.assertion(options))}
    )
    stale = client.post(
        reverse("mfa_authenticate"),
        {"credential": json.dumps(key.assertion(options))},  # the page was shown again since
    )

    assert forged.status_code == 200
    assert stale.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_staff_add_a_security_key_after_signing_in_with_the_app(nurse):
    client = Client()
    client.post(reverse("account_login"), {"login": nurse.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code_now()})
    key = SoftwareSecurityKey()
    asked = client.get(reverse("mfa_add_webauthn"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))  # password again
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("mfa_add_webauthn"))
    options = _js_data(page.content.decode())["creation_options"]
    challenge = websafe_decode(options["publicKey"]["challenge"])
    added = client.post(
        reverse("mfa_add_webauthn"),
        {"name": "Desk key", "credential": json.dumps(key.registration(challenge))},
    )

    assert page.status_code == 200
    assert added.status_code == 302
    keys = Authenticator.objects.filter(user=nurse, type=Authenticator.Type.WEBAUTHN)
    assert [k.wrap().name for k in keys] == ["Desk key"]


def test_recovery_codes_alone_are_not_a_second_factor(client):
    clinic = ClinicFactory()
    user = UserFactory(is_staff=True)
    ClinicMembership.objects.create(user=user, clinic=clinic, role="nurse")
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
    )
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_patients_are_not_asked_for_a_second_factor(client):
    from tests.factories import patient

    person = patient()

    response = client.post(
        reverse("account_login"), {"login": person.user.email, "password": PASSWORD}
    )

    assert response["Location"] == reverse("patients:dashboard")


@pytest.mark.parametrize("path", ["/admin/", "/admin/scheduling/appointment/board/"])
def test_a_signed_in_patient_opening_the_admin_gets_a_plain_page_not_a_loop(client, path):
    from tests.factories import patient

    client.force_login(patient().user)

    response = client.get(path, follow=True)

    assert len(response.redirect_chain) <= 2
    assert response.status_code == 403
    html = response.content.decode()
    assert "This area is for clinic staff" in html
    assert reverse("patients:dashboard") in html


def test_signed_in_staff_opening_the_admin_sign_in_go_to_the_admin(nurse):
    client = Client()
    client.force_login(nurse)

    response = client.get(reverse("admin:login"))

    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
