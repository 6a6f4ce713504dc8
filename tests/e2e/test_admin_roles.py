"""Staff sign in through the site's sign-in page and see the admin their role allows."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, screenshot, sign_in_to_admin

PASADENA = "Arroyo Ketamine & Pain Center"
ALL_CLINICS = [PASADENA, "Desert Bloom Pain & Infusion", "Prairie Light Infusion Clinic"]


def _email(demo, role: str, where: str = "the whole network") -> str:
    return next(login.email for login in demo if login.role == role and login.where == where)


def _user_links(page: Page):
    return page.locator("#user-tools")


def _open_clinics(page: Page) -> None:
    page.get_by_role("link", name="Clinics", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/clinic/clinic/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Select clinic to change")


def _listed_clinics(page: Page):
    return page.locator("#result_list tbody th a")


def test_clinic_manager_sees_only_their_clinic(page: Page, demo):
    sign_in_to_admin(page, _email(demo, "Clinic manager", PASADENA))

    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic administration")
    expect(_user_links(page)).to_contain_text("Renata")
    expect(_user_links(page).get_by_role("link", name="View site")).to_be_visible()
    expect(_user_links(page).get_by_role("link", name="Demo mail")).to_have_count(0)
    # Their clinic's records, not the network's brands or accounts.
    expect(page.get_by_role("link", name="Services", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Brands", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Users", exact=True)).to_have_count(0)
    assert_accessible(page, "the admin index of a clinic manager")
    screenshot(page, "admin-01-manager-index")

    _open_clinics(page)
    expect(_listed_clinics(page)).to_have_text([PASADENA])
    expect(page.locator(".paginator")).to_contain_text("1 clinic")
    expect(page.get_by_role("link", name=re.compile("^Add clinic"))).to_have_count(0)
    assert_accessible(page, "the clinic list of a clinic manager")
    screenshot(page, "admin-02-manager-clinics")


def test_network_admin_sees_every_clinic(page: Page, demo):
    sign_in_to_admin(page, _email(demo, "Network admin"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic administration")
    expect(page.get_by_role("link", name="Brands", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Users", exact=True)).to_be_visible()
    expect(_user_links(page).get_by_role("link", name="Demo mail")).to_be_visible()
    assert_accessible(page, "the admin index of the network admin")
    screenshot(page, "admin-03-network-admin-index")

    _open_clinics(page)
    expect(_listed_clinics(page)).to_have_text(ALL_CLINICS)
    expect(page.locator(".paginator")).to_contain_text("3 clinics")
    expect(page.get_by_role("link", name=re.compile("^Add clinic"))).to_be_visible()
    assert_accessible(page, "the clinic list of the network admin")
    screenshot(page, "admin-04-network-admin-clinics")


def test_marketer_sees_only_the_content_section(page: Page, demo):
    sign_in_to_admin(page, _email(demo, "Marketer"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic administration")
    expect(page.get_by_role("link", name="Articles", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Newsletter issues", exact=True)).to_be_visible()
    expect(page.locator(".app-content")).to_be_visible()
    for app in ("app-clinic", "app-patients", "app-scheduling", "app-auth"):
        expect(page.locator(f".{app}")).to_have_count(0)
    expect(page.get_by_role("link", name="Clinics", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Services", exact=True)).to_have_count(0)
    expect(_user_links(page).get_by_role("link", name="Demo mail")).to_have_count(0)
    assert_accessible(page, "the admin index of a marketer")
    screenshot(page, "admin-05-marketer-index")

    # Typing the address does not help either.
    response = page.request.get("/admin/clinic/clinic/")
    assert response.status == 403


def test_network_admin_reads_a_password_reset_in_the_outbox(page: Page, demo, outbox):
    marketer = _email(demo, "Marketer")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset")
    assert_accessible(page, "the password reset page")
    page.get_by_label("Email").fill(marketer)
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_text("We have sent you an email")).to_be_visible()
    assert_accessible(page, "the password reset sent page")
    screenshot(page, "admin-06-password-reset-sent")

    sign_in_to_admin(page, _email(demo, "Network admin"))
    _user_links(page).get_by_role("link", name="Demo mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo mail")
    outbox = page.locator("#demo-mail")
    expect(outbox.get_by_role("row")).to_have_count(2)  # the header and one message
    expect(outbox).to_contain_text(marketer)
    assert_accessible(page, "the demo outbox")
    screenshot(page, "admin-07-demo-outbox")

    outbox.get_by_role("link", name="Password Reset Email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset Email")
    expect(page.get_by_role("row", name=re.compile("^To"))).to_contain_text(marketer)
    expect(page.locator("pre")).to_contain_text("/accounts/password/reset/key/")
    assert_accessible(page, "a demo email")
    screenshot(page, "admin-08-demo-email")
