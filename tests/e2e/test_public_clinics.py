"""A visitor finds the nearest clinic by ZIP code and reads everything its page tells them."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, screenshot

FINDER_LABEL = "ZIP code, city or clinic name"
MILES = re.compile(r"([\d,.]+) miles away")
DASH = "\N{EN DASH}"  # between opening and closing times, as the page writes them


def _finder_field(page: Page):
    # The header has a search box with the same label; the finder is the one in the page's body.
    return page.get_by_role("main").get_by_label(FINDER_LABEL)


def test_visitor_finds_the_nearest_clinic_and_reads_its_page(page: Page, demo):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Care for pain that has lasted too long"
    )
    our_clinics = page.get_by_role("region", name="Our clinics", exact=True)
    expect(our_clinics.get_by_role("heading", level=3)).to_have_text(
        [
            "Arroyo Ketamine & Pain Center",
            "Desert Bloom Pain & Infusion",
            "Prairie Light Infusion Clinic",
        ]
    )
    assert_accessible(page, "the home page")
    screenshot(page, "public-01-home")

    _finder_field(page).fill("75002")
    page.get_by_role("main").get_by_role("button", name="Find clinics").click()

    expect(page).to_have_url(re.compile(r"/clinics/\?q=75002"))
    expect(page.get_by_role("heading", name="3 clinics, nearest to 75002 first")).to_be_visible()
    results = page.get_by_role("list", name="3 clinics, nearest to 75002 first").get_by_role(
        "listitem"
    )
    expect(results.get_by_role("heading")).to_have_text(
        [
            "Prairie Light Infusion Clinic",
            "Desert Bloom Pain & Infusion",
            "Arroyo Ketamine & Pain Center",
        ]
    )
    expect(results.first).to_contain_text("Allen, TX")
    expect(results.first).to_contain_text(MILES)
    miles = [
        float(MILES.search(text).group(1).replace(",", "")) for text in results.all_inner_texts()
    ]
    assert miles[0] < 10, f"Allen is next door to 75002, not {miles[0]} miles away"
    assert miles == sorted(miles), f"nearest first, got {miles}"
    assert_accessible(page, "the ZIP search results")
    screenshot(page, "public-02-results-75002")

    results.get_by_role("link", name="Arroyo Ketamine & Pain Center", exact=True).click()

    expect(page).to_have_url(re.compile(r"/clinics/arroyo-pasadena/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Arroyo Ketamine & Pain Center")
    _expect_contact_details(page)
    _expect_opening_hours_in_pacific_time(page)
    _expect_services_and_packages(page)
    _expect_care_team(page)
    _expect_medical_clinic_json_ld(page)
    assert_accessible(page, "the Pasadena clinic page")
    screenshot(page, "public-03-clinic-pasadena")


def _expect_contact_details(page: Page) -> None:
    expect(page.locator("address")).to_have_text(
        re.compile(r"1740 Linden Grove Ave, Suite 200\s+Pasadena, CA 91101"), use_inner_text=True
    )
    expect(page.get_by_role("link", name="(626) 555-0142", exact=True)).to_have_attribute(
        "href", "tel:+16265550142"
    )
    expect(page.get_by_role("link", name="Call (626) 555-0142")).to_have_attribute(
        "href", "tel:+16265550142"
    )
    expect(page.get_by_role("link", name="Book a consultation online")).to_have_attribute(
        "href", "/book/arroyo-pasadena/"
    )


def _expect_opening_hours_in_pacific_time(page: Page) -> None:
    hours = page.get_by_role("table", name="Opening hours")
    expect(hours.get_by_role("row")).to_have_count(7)

    def hours_on(day: str):
        return hours.get_by_role("row", name=re.compile(f"^{day}")).get_by_role("cell")

    # A split day: the clinic closes for lunch.
    expect(hours_on("Monday")).to_have_text(
        re.compile(rf"^8:00 AM {DASH} 12:00 PM\s+1:00 PM {DASH} 6:00 PM$"), use_inner_text=True
    )
    expect(hours_on("Saturday")).to_have_text(f"9:00 AM {DASH} 1:00 PM")
    expect(hours_on("Sunday")).to_have_text("Closed")
    expect(
        page.get_by_text(
            re.compile(r"Times are the clinic's local time: Pacific Time \((PST|PDT)\)\.")
        )
    ).to_be_visible()


def _expect_services_and_packages(page: Page) -> None:
    services = page.get_by_role("table", name=re.compile("^Services this clinic offers"))

    def service(name: str):
        return services.get_by_role("row").filter(has=page.get_by_text(name, exact=True))

    expect(service("IV ketamine infusion")).to_contain_text("50 min")
    expect(service("IV ketamine infusion")).to_contain_text("then 40 min of observation")
    expect(service("IV ketamine infusion")).to_contain_text("$495")
    expect(service("Initial consultation")).to_contain_text("Free")
    expect(service("Follow-up visit")).to_contain_text("by video")
    expect(service("Follow-up visit")).to_contain_text("$75")
    expect(service("Esketamine (Spravato) session")).to_contain_text("$350")

    packages = page.get_by_role("region", name="Packages")
    series = packages.locator(".card").filter(has_text="Six-infusion series")
    expect(series).to_contain_text("$2,520 for 6 sessions")
    expect(series).to_contain_text("$2,970 if booked one at a time")
    expect(series).to_contain_text("Save 15 %")
    protocol = packages.locator(".card").filter(has_text="Five-day pain protocol")
    expect(protocol).to_contain_text("$4,200 for 5 sessions")
    expect(protocol).to_contain_text("Save 11 %")


def _expect_care_team(page: Page) -> None:
    team = page.get_by_role("region", name="Your care team")
    # Clinicians first, with their credentials; the front desk is not listed.
    expect(team.get_by_role("listitem").first).to_contain_text("Dr. Elias Moreau, MD")
    expect(team).to_contain_text("Medical director, anesthesiologist")
    expect(team).to_contain_text("Dr. Priya Venkataraman, DO")
    expect(team).to_contain_text("Tomás Lindqvist, CRNA")
    expect(team).to_contain_text("Grace Whitfield, RN")
    expect(team).to_contain_text("Renata Okafor")
    expect(team).not_to_contain_text("Marcus Bell")


def _expect_medical_clinic_json_ld(page: Page) -> None:
    script = page.locator('script[type="application/ld+json"]')
    expect(script).to_have_count(1)
    data = json.loads(script.text_content())
    assert data["@type"] == "MedicalClinic"
    assert data["name"] == "Arroyo Ketamine & Pain Center"
    assert data["telephone"] == "+16265550142"
    assert data["address"]["postalCode"] == "91101"
    assert {"Monday", "Saturday"} <= {
        spec["dayOfWeek"].removeprefix("https://schema.org/")
        for spec in data["openingHoursSpecification"]
    }


def test_unknown_zip_code_is_explained_at_the_field(page: Page, demo):
    page.goto("/clinics/")
    _finder_field(page).fill("00000")
    page.get_by_role("main").get_by_role("button", name="Find clinics").click()

    expect(page).to_have_url(re.compile(r"/clinics/\?q=00000"))
    field = _finder_field(page)
    expect(field).to_have_value("00000")
    expect(field).to_have_attribute("aria-invalid", "true")
    # Read out with the field, not only shown somewhere on the page.
    expect(field).to_have_accessible_description(
        "We could not find the ZIP code 00000. Check the digits, or search by city or clinic name."
    )
    expect(page.get_by_text("We could not find the ZIP code 00000.")).to_be_visible()
    # Nothing is hidden because of the typo: every clinic is still listed.
    expect(page.get_by_role("heading", name="3 clinics", exact=True)).to_be_visible()
    assert_accessible(page, "the finder with an unknown ZIP code")
    screenshot(page, "public-04-unknown-zip")
