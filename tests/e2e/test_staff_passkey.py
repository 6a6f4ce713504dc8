"""A staff member adds a passkey (a security key) as their second factor and signs in with it,
in Chromium with its virtual authenticator standing in for the key (or the phone, or the laptop's
fingerprint reader)."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from clinic.models import ClinicMembership
from tests.e2e.helpers import assert_accessible, screenshot
from tests.factories import PASSWORD, TOTP_SECRET, ClinicFactory, staff_member


@pytest.fixture
def nurse(live_server, transactional_db):
    """A nurse with an authenticator app, as every staff account starts."""
    from clinic.roles import roles_sync

    roles_sync()  # the role groups, which a flush of the live server's database removed
    clinic = ClinicFactory(name="Arroyo Ketamine & Pain Center")
    return staff_member(clinic, ClinicMembership.Role.NURSE, first_name="Noor", last_name="Haddad")


@pytest.fixture
def security_key(page: Page):
    """Chromium's virtual authenticator: a platform passkey that verifies its user (as a
    fingerprint would) and answers at once. Returns the DevTools session to ask it later."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    devtools.authenticator_id = added["authenticatorId"]
    return devtools


def _sign_in_with_password(page: Page, email: str) -> None:
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page, "the sign-in page")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))


def _app_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def _credentials(security_key) -> list[dict]:
    return security_key.send(
        "WebAuthn.getCredentials", {"authenticatorId": security_key.authenticator_id}
    )["credentials"]


def test_staff_add_a_passkey_and_sign_in_with_it(page: Page, nurse, security_key):
    # Signed in the usual way: password, then the authenticator app's code.
    _sign_in_with_password(page, nurse.email)
    assert_accessible(page, "the two-factor step")
    page.locator("main").get_by_role("textbox", name="Code").fill(_app_code())
    page.locator("main").get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert_accessible(page, "the admin")

    # Two-factor settings: a security key is offered next to the app.
    page.goto("/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    expect(page.locator("main")).to_contain_text("No security keys have been added.")
    assert_accessible(page, "the two-factor settings")
    screenshot(page, "passkey-01-two-factor-settings")
    page.get_by_role("link", name="Add").click()

    # Adding a key asks for the password again first (allauth's reauthentication).
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert_accessible(page, "the password confirmation")
    page.locator("main").get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add Security Key")
    assert_accessible(page, "the add-a-security-key page")
    screenshot(page, "passkey-02-add-key")
    page.locator("main").get_by_label("Name", exact=True).fill("Clinic laptop")
    page.locator("main").get_by_role("button", name="Add").click()

    # The browser made the credential; the site keeps it, and gives the first key recovery
    # codes (the way back in if the key is lost).
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    assert_accessible(page, "the recovery codes")
    screenshot(page, "passkey-03-recovery-codes")
    assert len(_credentials(security_key)) == 1
    page.goto("/accounts/2fa/webauthn/")
    expect(page.locator("main")).to_contain_text("Clinic laptop")
    assert_accessible(page, "the list of security keys")
    screenshot(page, "passkey-04-keys")

    # Signed out, and in again: the password, then the key instead of a code.
    page.goto("/accounts/logout/")
    assert_accessible(page, "the sign-out page")
    page.locator("main").get_by_role("button", name="Sign Out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert_accessible(page, "the home page after signing out")
    _sign_in_with_password(page, nurse.email)
    expect(page.get_by_role("button", name="Use a security key")).to_be_visible()
    assert_accessible(page, "the two-factor step with a security key")
    screenshot(page, "passkey-05-second-factor")
    page.get_by_role("button", name="Use a security key").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic administration")
    assert _credentials(security_key)[0]["signCount"] >= 1  # the key signed this sign-in
