"""After an infusion: the check-in invitation goes out on the clinic's schedule, the patient
answers it in the portal, and the answer shows in the outcomes chart, theirs and the nurse's.

Issue "Messaging", in the browser. The clock is moved (time-machine, which the live server's
thread shares) to the morning the check-in is due, as a day passing would.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import time_machine
from playwright.sync_api import Page, expect

from clinic.demo_data import DEMO_DOMAIN, DEMO_PASSWORD
from patients.models import FollowUpSurvey, OutboundMessage, User
from patients.outbox import outbox_sweep
from scheduling.demo import seed_demo_visits
from scheduling.models import Appointment
from scheduling.visits import visit_advance, visit_complete
from tests.e2e.helpers import assert_accessible, emails_in, screenshot, sign_in_to_admin
from tests.scheduling.conftest import settled_readings

PASADENA = "Arroyo Ketamine & Pain Center"
NURSE = f"nurse.pasadena@{DEMO_DOMAIN}"
RILEY = f"riley.okonkwo@{DEMO_DOMAIN}"
RILEY_NAME = "Riley Okonkwo"
CHECK_IN = "The day after your infusion"


def test_a_completed_infusion_brings_a_check_in_whose_answer_joins_the_chart(
    page: Page, new_context, demo, outbox: Path
):
    visit = _first_infusion_of_rileys_series()
    _complete(visit)
    survey = FollowUpSurvey.objects.get(appointment=visit)
    due = survey.due_at.astimezone(visit.clinic.zone)
    assert (due.date() - visit.starts_at.astimezone(visit.clinic.zone).date()).days == 1
    assert (due.hour, due.minute) == (10, 0)

    with time_machine.travel(survey.due_at + dt.timedelta(minutes=1), tick=True):
        outbox_sweep()
        invitation = _the_invitation_to(RILEY, outbox)
        portal_path = _the_portal_link_in(invitation)

        _riley_answers_from_the_email_link(page, portal_path)

        staff = new_context().new_page()
        _the_nurse_sees_the_answer_and_the_message(staff, visit)


def _first_infusion_of_rileys_series() -> Appointment:
    """The demo's six-infusion series for Riley, cleared at Pasadena (as `make run` books it)."""
    seed_demo_visits()
    return (
        Appointment.objects.filter(patient__user__email=RILEY, series__isnull=False)
        .select_related("clinic", "patient")
        .order_by("starts_at")
        .first()
    )


def _complete(visit: Appointment) -> None:
    """The nurse's part, which tests/e2e/test_clinic_day_journey.py walks in the browser."""
    nurse = User.objects.get(email=NURSE)
    for action in ("check_in", "start", "observe"):
        visit = visit_advance(appointment=visit, action=action, by=nurse, now=visit.starts_at)
    settled_readings(visit, nurse)
    visit_complete(
        appointment=visit,
        by=nurse,
        vitals_near_baseline=True,
        escort_present=True,
        side_effects="none",
        now=visit.starts_at + dt.timedelta(hours=2),
    )


def _the_invitation_to(address: str, outbox: Path):
    found = [
        message
        for message in emails_in(outbox)
        if message["To"] == address and message["Subject"].startswith("How are you doing?")
    ]
    assert len(found) == 1, f"expected one check-in invitation, found {len(found)}"
    message = found[0]
    assert message["Subject"] == f"How are you doing? A check-in from {PASADENA}"
    text = message.get_body(preferencelist=("plain",)).get_content()
    # No health information: not the treatment, not a condition, not a score.
    for word in ("ketamine infusion", "infusion", "depression", "pain", "PHQ"):
        assert word.lower() not in text.lower().replace(PASADENA.lower(), "")
    assert OutboundMessage.objects.get(kind="survey_invite", channel="email").status == "sent"
    return message


def _the_portal_link_in(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/portal/", text)
    assert link, "the invitation has no portal link"
    return urlsplit(link.group(0)).path


def _riley_answers_from_the_email_link(page: Page, portal_path: str) -> None:
    page.goto(portal_path)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/portal/$"))
    assert_accessible(page, "the sign-in page from the email link")
    page.get_by_label("Email").fill(RILEY)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/portal/$"))
    waiting = page.get_by_role("region", name="How are you doing?")
    expect(waiting.get_by_role("link")).to_have_text(f"{CHECK_IN} — {PASADENA}")
    progress = page.get_by_role("region", name="Your progress")
    expect(progress).to_contain_text("Average pain when you started")
    expect(progress).not_to_contain_text("Latest:")  # no check-in answered yet
    assert_accessible(page, "the portal with a check-in waiting")
    screenshot(page, "check-in-01-portal-waiting")
    waiting.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(CHECK_IN)
    form = page.locator("main form")
    # A mistake first: the answer stays and the error says what is wrong.
    form.get_by_label("Your pain today").fill("11")
    form.get_by_label("Nausea or vomiting").check()
    form.get_by_role("button", name="Send my answers").click()
    expect(form.get_by_text("Enter a whole number from 0 to 10.")).to_be_visible()
    expect(form.get_by_label("Your pain today")).to_have_value("11")
    expect(form.get_by_label("Nausea or vomiting")).to_be_checked()
    assert_accessible(page, "the check-in with an error")
    screenshot(page, "check-in-02-form-error")
    form.get_by_label("Your pain today").fill("3")
    form.get_by_role("button", name="Send my answers").click()

    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_text("Thank you. Your clinic will see your answers.")).to_be_visible()
    expect(page.get_by_role("region", name="How are you doing?")).to_have_count(0)
    progress = page.get_by_role("region", name="Your progress")
    expect(progress).to_contain_text("Latest: 3/10.")
    progress.get_by_text("The figures as a table").click()
    row = progress.get_by_role("row").filter(has_text=CHECK_IN)
    expect(row.get_by_role("cell").nth(2)).to_have_text("3")
    assert _chart_pain_values(page)[-1] == 3
    assert_accessible(page, "the portal with the answer in the chart")
    screenshot(page, "check-in-03-portal-chart")


def _chart_pain_values(page: Page) -> list:
    """What Chart.js drew: the pain line's values, in date order."""
    page.wait_for_function("() => window.Chart && Chart.getChart('outcomes-chart')")
    return page.evaluate(
        "() => Chart.getChart('outcomes-chart').data.datasets[0].data.filter(v => v !== null)"
    )


def _the_nurse_sees_the_answer_and_the_message(page: Page, visit: Appointment) -> None:
    sign_in_to_admin(page, NURSE)
    assert_accessible(page, "the admin home")
    page.goto(f"/admin/patients/patientprofile/{visit.patient.pk}/change/")
    expect(page.get_by_role("heading", level=2, name="Outcomes")).to_be_visible()
    expect(page.locator("#content")).to_contain_text("Latest: 3/10.")
    assert _chart_pain_values(page)[-1] == 3
    log = page.get_by_role("table", name="Communication log")
    invitation = log.get_by_role("row").filter(has_text="Check-in invitation")
    expect(invitation).to_contain_text("Email")
    expect(invitation).to_contain_text("Sent")
    assert_accessible(page, "the patient's page in the admin")
    screenshot(page, "check-in-04-admin-patient")
