"""The rules of issue #13 in the browser, as the front desk and a manager meet them: an infusion
for an uncleared patient is refused before any time is offered; another clinic's patient is
reachable only by registering them with what they tell you; a closure names the visits it would
strand and cancels them only when asked, each patient told; the day board shows each visit under
its own chair and clinician, with its clearance.

Every page is checked with axe-core and photographed.
"""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from clinic.demo_data import DEMO_DOMAIN
from clinic.models import Clinic
from patients.models import ClinicPatient, OutboundMessage, PatientProfile, User
from scheduling.availability import Needs, wall_instant
from scheduling.models import Appointment
from tests.e2e.helpers import assert_accessible, screenshot, sign_in_to_admin

PASADENA = "Arroyo Ketamine & Pain Center"
FRONT_DESK = f"frontdesk.pasadena@{DEMO_DOMAIN}"
MANAGER = f"manager.pasadena@{DEMO_DOMAIN}"
MORGAN = f"morgan.reyes@{DEMO_DOMAIN}"  # submitted, flagged: not cleared
RILEY = f"riley.okonkwo@{DEMO_DOMAIN}"  # cleared at Pasadena
SAM = f"sam.whitaker@{DEMO_DOMAIN}"  # a patient of Allen only
INFUSION = "IV ketamine infusion"


def _book_page(page: Page) -> None:
    page.goto("/admin/scheduling/appointment/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a visit for a patient")


def _ask_for_times(page: Page, *, service: str, email: str, day: dt.date) -> None:
    page.get_by_label("Clinic").select_option(label=PASADENA)
    page.get_by_label("Visit type").select_option(label=f"{service} — {PASADENA}")
    page.get_by_label("Day").fill(day.isoformat())
    page.get_by_label("Patient's email").fill(email)
    page.get_by_role("button", name="Show free times").click()


def test_front_desk_meets_clearance_and_clinic_scope(page: Page, demo):
    day = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7)
    sign_in_to_admin(page, FRONT_DESK)

    # An infusion for Morgan, whose intake waits for a physician: refused, why, no times.
    _book_page(page)
    _ask_for_times(page, service=INFUSION, email=MORGAN, day=day)
    expect(page.locator("#content .errornote")).to_contain_text(
        "IV ketamine infusion needs a physician's clearance first: Morgan Reyes's intake at "
        f"{PASADENA} is “Submitted”."
    )
    expect(page.locator('input[name="start"]')).to_have_count(0)
    assert_accessible(page, "an infusion refused before clearance")
    screenshot(page, "rules-01-infusion-refused-before-clearance")

    # Sam is Allen's patient: his email reaches nobody here, and says no more than a typo would.
    _book_page(page)
    _ask_for_times(page, service="Initial consultation", email=SAM, day=day)
    error = page.locator(".errorlist")
    expect(error).to_contain_text(f"No patient of {PASADENA} signs in with this email.")
    expect(page.locator("#content")).not_to_contain_text("Whitaker")
    assert_accessible(page, "another clinic's patient's email")
    screenshot(page, "rules-02-another-clinics-patient")
    known = error.inner_text()
    _ask_for_times(page, service="Initial consultation", email="no-one@example.org", day=day)
    expect(page.locator(".errorlist")).to_have_text(known)

    # Sam calls Pasadena: the front desk registers him with what he tells them.
    error.get_by_role("link", name="Add them as a patient of your clinic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a patient of your clinic")
    assert_accessible(page, "adding a patient of the clinic")
    page.get_by_label("Legal first name").fill("Sam")
    page.get_by_label("Legal last name").fill("Whitaker")
    page.get_by_label("Date of birth").fill("1972-03-31")  # a day off
    page.get_by_label("Email they sign in with").fill(SAM)
    page.get_by_role("button", name="Add to my clinic").click()
    expect(page.locator(".errornote")).to_contain_text("No patient account matches all three")
    expect(page.get_by_label("Legal last name")).to_have_value("Whitaker")  # kept
    assert_accessible(page, "a registration that does not match")
    screenshot(page, "rules-03-registration-refused")
    assert not ClinicPatient.objects.filter(
        patient__user__email=SAM, clinic__slug="arroyo-pasadena"
    ).exists()
    page.get_by_label("Date of birth").fill("1972-03-30")
    page.get_by_role("button", name="Add to my clinic").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Sam Whitaker is a patient of {PASADENA}."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Change patient profile")
    expect(page.get_by_label("Legal last name")).to_have_value("Whitaker")
    assert_accessible(page, "the newly registered patient's page")
    screenshot(page, "rules-04-registered")

    _book_page(page)
    _ask_for_times(page, service="Initial consultation", email=SAM, day=day)
    expect(page.locator('input[name="start"]').first).to_be_visible()
    assert_accessible(page, "free times for the registered patient")


def test_manager_closes_a_day_with_a_booked_infusion(page: Page, demo):
    visit = _rileys_infusion_in_a_week()
    day = visit.starts_at.astimezone(visit.clinic.zone).date()
    sign_in_to_admin(page, MANAGER)

    page.goto(f"/admin/scheduling/appointment/board/?clinic={visit.clinic_id}&date={day}")
    board = page.get_by_role("table", name="Chairs and providers against the time of day")
    cells = board.get_by_role("cell").filter(has_text="Riley Okonkwo")
    expect(cells).to_have_count(2)  # Bay 1's column and Grace's
    expect(cells.first).to_contain_text("Cleared")
    headers = [h.text_content().strip() for h in board.get_by_role("columnheader").all()]
    for cell in cells.all():
        column = cell.evaluate(
            """cell => { const table = cell.closest('table'); const rows = [...table.rows];
            const grid = []; rows.forEach((row, r) => { let c = 0;
              for (const td of row.cells) { while (grid[r] && grid[r][c]) c++;
                for (let k = 0; k < td.rowSpan; k++) { grid[r + k] = grid[r + k] || [];
                  grid[r + k][c] = td; } if (td === cell) return; c++; } });
              for (const row of grid) if (row) { const i = row.indexOf(cell);
                if (i >= 0) return i; } return -1; }"""
        )
        assert headers[column] in ("Bay 1", "Grace Whitfield"), headers[column]
    assert_accessible(page, "the day board with the infusion")
    screenshot(page, "rules-05-board")

    page.goto("/admin/clinic/closure/add/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("closure")
    page.get_by_label("Clinic").select_option(label=PASADENA)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Reason").fill("Water main repair")
    page.get_by_role("button", name="Save", exact=True).click()
    note = page.locator(".errornote, .errorlist").first
    expect(page.locator("#content")).to_contain_text("These booked visits fall in this time")
    expect(page.locator("#content")).to_contain_text("Riley Okonkwo, IV ketamine infusion")
    expect(page.get_by_label("Reason")).to_have_value("Water main repair")
    expect(note).to_be_visible()
    assert_accessible(page, "a closure that would strand a visit")
    screenshot(page, "rules-06-closure-names-the-visit")
    assert Appointment.objects.get(pk=visit.pk).status == "booked"

    page.get_by_label("Cancel the visits booked in this time, and tell each patient").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("1 visit(s) cancelled")
    assert_accessible(page, "the closures after saving")
    screenshot(page, "rules-07-closure-saved")
    cancelled = Appointment.objects.get(pk=visit.pk)
    assert (cancelled.status, cancelled.cancelled_by) == ("cancelled", "clinic")
    assert OutboundMessage.objects.filter(appointment=cancelled, kind="booking_cancelled").exists()


def _rileys_infusion_in_a_week() -> Appointment:
    """Riley's infusion with Grace in Bay 1 at 10:00 a week from now, as booked earlier."""
    clinic = Clinic.objects.get(slug="arroyo-pasadena")
    service = clinic.services.get(slug="iv-ketamine-infusion")
    needs = Needs.of(service)
    day = dt.datetime.now(clinic.zone).date() + dt.timedelta(days=7)
    starts_at = wall_instant(day, dt.time(10), clinic.zone)
    return Appointment.objects.create(
        clinic=clinic,
        service=service,
        patient=PatientProfile.objects.get(user__email=RILEY),
        provider=User.objects.get(email=f"nurse.pasadena@{DEMO_DOMAIN}"),
        chair=clinic.chairs.get(name="Bay 1"),
        starts_at=starts_at,
        ends_at=starts_at + needs.service,
        provider_until=starts_at + needs.provider,
        chair_until=starts_at + needs.chair,
        booked_by=User.objects.get(email=FRONT_DESK),
    )
