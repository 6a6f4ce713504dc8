"""Issue #8, journey 1, in one go: a person finds a clinic by ZIP code, reads about their
condition, chooses a consultation time, signs up on the way (the site keeps the time while they
verify their email from the message it sent), books, gets the confirmation, fills the intake
over two visits (answering the self-harm question above zero, and one step with the keyboard
alone), signs it, and sees the booking and the intake in the portal; a physician of the clinic
then reviews the urgent intake and clears it.

Every page is checked with axe-core and photographed on the way (var/screenshots/patient-*.png).
"""

from __future__ import annotations

import datetime as dt
import re
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.booking import (
    CONFIRM_URL,
    CONSULTATION,
    NINE,
    PASADENA,
    VISIT_URL,
    choose_day_and_time,
    expect_summary,
    row_label,
)
from tests.e2e.helpers import assert_accessible, emails_in, screenshot, sign_in_to_admin, tab_to

PHYSICIAN = "physician.pasadena@demo.stillwater.example"

FIRST_NAME, LAST_NAME = "Dana", "Whitcombe"
LEGAL_NAME = f"{FIRST_NAME} {LAST_NAME}"
EMAIL = "dana.whitcombe@example.com"
PASSWORD = "lantern-meadow-quiet-42"
ADULT_BIRTH_DATE = "1984-07-19"
PASADENA_ZIP = "91101"
CONDITION = "Chronic back pain"
REASON = "Low back pain for two and a half years; physical therapy did not help."
CLEARANCE_NOTE = "History and blood pressure are fine for a standard six-infusion series."

CONFIRM_PATH = re.compile(r"/accounts/confirm-email/[^/\s]+/")
INTAKE_STEP = r"/portal/intake/[0-9a-f-]{36}/"


@pytest.fixture
def demo_patients(demo):
    """The demo with its patients: the Pasadena queue already holds an urgent intake (Casey
    Lindgren's) and others, as a physician meets it."""
    return demo


def test_patient_finds_a_clinic_books_signs_up_fills_the_intake_and_is_cleared(
    page: Page, new_context, demo_patients, outbox: Path
):
    _find_the_clinic_by_zip_code(page)
    _read_about_the_condition(page)
    start = _choose_a_consultation_time(page)
    _sign_up(page)
    _verify_email(page, outbox, start)
    _book_the_consultation(page, outbox, start)
    intake_url = _start_intake_and_leave_after_step_3(page)
    _come_back_and_carry_on_at_step_4(page, intake_url)
    _health_and_mood_with_crisis_resources(page)
    _goals_by_keyboard_alone(page)
    _sign_and_send(page)
    _the_portal_shows_the_booking_and_the_intake(page, start)

    physician: BrowserContext = new_context()
    _physician_clears_the_intake(physician.new_page())

    page.goto("/portal/")
    next_step = page.get_by_role("region", name="Your next step")
    expect(next_step).to_contain_text(
        f"Good news: a physician at {PASADENA.name} has cleared you for infusions."
    )
    expect(next_step).to_contain_text(CLEARANCE_NOTE)
    expect(next_step.get_by_role("link", name=f"Call {PASADENA.phone}")).to_have_attribute(
        "href", PASADENA.tel
    )
    intakes = page.get_by_role("region", name="Your intakes").get_by_role("listitem")
    expect(intakes).to_have_count(1)
    expect(intakes.first).to_contain_text("Cleared for infusion")
    expect(_next_visits(page).get_by_role("link", name=row_label(start))).to_be_visible()
    assert_accessible(page, "the portal after clearance")
    screenshot(page, "patient-27-portal-cleared")


# --- The patient -----------------------------------------------------------------------------


def _main(page: Page) -> Locator:
    # The header has a search form with its own button: every click on a form is in `main`.
    return page.get_by_role("main")


def _find_the_clinic_by_zip_code(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Care for pain that has lasted too long"
    )
    assert_accessible(page, "the home page")
    screenshot(page, "patient-01-home")

    main = _main(page)
    # (Not the header's search box, which has the same label.)
    main.get_by_label("ZIP code, city or clinic name").fill(PASADENA_ZIP)
    main.get_by_role("button", name="Find clinics").click()
    expect(page).to_have_url(re.compile(rf"/clinics/\?q={PASADENA_ZIP}"))
    results = main.get_by_role("list", name=f"3 clinics, nearest to {PASADENA_ZIP} first")
    expect(results.get_by_role("listitem").first.get_by_role("heading")).to_have_text(PASADENA.name)
    assert_accessible(page, "the clinics nearest to the ZIP code")
    screenshot(page, "patient-02-clinics-near-91101")
    results.get_by_role("link", name=PASADENA.name, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/clinics/{PASADENA.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(PASADENA.name)
    expect(main.get_by_role("link", name=f"Call {PASADENA.phone}")).to_be_visible()
    assert_accessible(page, "the clinic's page")
    screenshot(page, "patient-03-clinic")


def _read_about_the_condition(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Conditions").click()
    expect(page).to_have_url(re.compile(r"/conditions/$"))
    assert_accessible(page, "the list of conditions")
    _main(page).get_by_role("link", name=CONDITION, exact=True).click()

    expect(page).to_have_url(re.compile(r"/conditions/chronic-back-pain/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CONDITION)
    expect(_main(page)).to_contain_text("lasts more than three months")
    treating = page.get_by_role("complementary", name="Clinics and help")
    expect(treating.get_by_role("link", name=PASADENA.name)).to_be_visible()
    assert_accessible(page, "the condition's page")
    screenshot(page, "patient-04-condition")
    treating.get_by_role("link", name="Book a consultation").click()


def _choose_a_consultation_time(page: Page) -> dt.datetime:
    main = _main(page)
    expect(page).to_have_url(re.compile(r"/book/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a visit")
    assert_accessible(page, "the choice of clinic for booking")
    main.get_by_role("link", name=f"Book at {PASADENA.name}").click()

    expect(page).to_have_url(re.compile(rf"/book/{PASADENA.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What kind of visit?")
    assert_accessible(page, "the clinic's visit types")
    screenshot(page, "patient-05-visit-types")
    main.get_by_role("link", name=f"Choose a time for {CONSULTATION}", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a day and time")
    start = choose_day_and_time(page, PASADENA, NINE, shot="patient-06-time-picker")

    # Not signed in: the choice waits while the visitor makes an account.
    expect(page).to_have_url(CONFIRM_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Almost there")
    expect_summary(page, PASADENA, start)
    assert_accessible(page, "the sign-in step of booking")
    screenshot(page, "patient-07-almost-there")
    main.get_by_role("link", name="Create an account").click()
    return start


def _sign_up(page: Page) -> None:
    expect(page).to_have_url(re.compile(rf"/accounts/signup/\?next=/book/{PASADENA.slug}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    assert_accessible(page, "the sign-up page")
    screenshot(page, "patient-08-signup")

    main = _main(page)
    main.get_by_label("Legal first name").fill(FIRST_NAME)
    main.get_by_label("Legal last name").fill(LAST_NAME)
    main.get_by_label("Date of birth").fill(_seventeen_years_old().isoformat())
    main.get_by_label("Email").fill(EMAIL)
    _password(main).fill(PASSWORD)
    main.get_by_label("Password (again)").fill(PASSWORD)
    main.get_by_role("button", name="Sign Up").click()

    born = main.get_by_label("Date of birth")
    expect(born).to_have_attribute("aria-invalid", "true")
    too_young = (
        "Online sign-up is for adults (18 and over). Please call the clinic: the front desk "
        "will help you and a parent or guardian."
    )
    expect(born).to_have_accessible_description(re.compile(re.escape(too_young)))
    expect(main.get_by_text(too_young)).to_be_visible()
    # What was typed in the other fields is still there.
    expect(main.get_by_label("Legal first name")).to_have_value(FIRST_NAME)
    expect(main.get_by_label("Legal last name")).to_have_value(LAST_NAME)
    expect(main.get_by_label("Email")).to_have_value(EMAIL)
    assert_accessible(page, "the sign-up page with a 17-year-old's date of birth")
    screenshot(page, "patient-09-signup-too-young")

    born.fill(ADULT_BIRTH_DATE)
    # Passwords are never sent back to the browser: type them again.
    _password(main).fill(PASSWORD)
    main.get_by_label("Password (again)").fill(PASSWORD)
    main.get_by_role("button", name="Sign Up").click()


def _password(main: Locator) -> Locator:
    # Not "Password (again)": the label is "Password" and the required field's asterisk.
    return main.get_by_label(re.compile(r"^\s*Password\*?\s*$"))


def _seventeen_years_old() -> dt.date:
    """The birth date of someone who turned 17 some months ago, by the clinic's calendar."""
    today = timezone.localdate()
    return dt.date(today.year - 17, today.month, 1) - dt.timedelta(days=120)


def _verify_email(page: Page, outbox: Path, start: dt.datetime) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    assert_accessible(page, "the verify-your-email page")
    screenshot(page, "patient-10-verify-email")

    message = _newest_email(outbox)
    assert message["To"] == EMAIL
    link = CONFIRM_PATH.search(message.get_body(preferencelist=("plain",)).get_content())
    assert link, "the verification email has no confirmation link"
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    expect(_main(page)).to_contain_text(EMAIL)
    assert_accessible(page, "the confirm-email page")
    screenshot(page, "patient-11-confirm-email")
    _main(page).get_by_role("button", name="Confirm").click()

    # Signed in at once, and back at the time chosen before signing up.
    expect(page).to_have_url(CONFIRM_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your visit")
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()
    expect_summary(page, PASADENA, start)


def _book_the_consultation(page: Page, outbox: Path, start: dt.datetime) -> None:
    main = _main(page)
    main.get_by_label("What would you like to talk about?").fill(REASON)
    assert_accessible(page, "the confirmation of the booking")
    screenshot(page, "patient-12-confirm-visit")
    main.get_by_role("button", name="Book this visit").click()

    expect(page).to_have_url(VISIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your visit")
    expect(main.get_by_role("status")).to_have_text("Your visit is booked.")
    expect_summary(page, PASADENA, start)
    expect(main).to_contain_text("Status: Booked")
    assert_accessible(page, "the booked visit")
    screenshot(page, "patient-13-booked")

    # The confirmation, by email: the clinic and the time on its clock, nothing of why.
    confirmation = _newest_email(outbox)
    assert confirmation["To"] == EMAIL
    assert confirmation["Subject"] == f"Your appointment at {PASADENA.name} is booked"
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    when = f"{start:%A, %B} {start.day}, {start.year} at {start:%-I:%M %p} {start.tzname()}"
    assert f"is booked for {when}." in text, text
    for private in (REASON, "back pain", CONSULTATION.lower()):
        assert private.lower() not in text.lower(), f"the email names {private!r}"

    page.get_by_role("banner").get_by_role("link", name="My portal").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {FIRST_NAME}")
    expect(_next_visits(page).get_by_role("listitem")).to_have_count(1)
    expect(_next_visits(page).get_by_role("link", name=row_label(start))).to_be_visible()
    assert_accessible(page, "the new patient's portal")
    screenshot(page, "patient-14-portal-new")


def _next_visits(page: Page) -> Locator:
    return page.get_by_role("region", name="Your next visits")


def _newest_email(outbox: Path) -> EmailMessage:
    messages = emails_in(outbox)
    assert messages, f"no email was written to {outbox}"
    return messages[-1]


def _start_intake_and_leave_after_step_3(page: Page) -> str:
    main = _main(page)
    main.get_by_role("link", name="Start your intake").click()
    expect(page).to_have_url(re.compile(r"/portal/intake/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Start your intake")
    assert_accessible(page, "the choice of clinic")
    screenshot(page, "patient-15-choose-clinic")
    main.get_by_role("group", name="Which clinic would you like to see?").get_by_label(
        PASADENA.name
    ).check()
    main.get_by_role("button", name="Begin").click()

    _expect_step(page, 1, "reason", "Why you are coming")
    intake_url = page.url.removesuffix("reason/")
    assert_accessible(page, "intake step 1")
    _reason_by_keyboard_alone(page)

    _expect_step(page, 2, "pain", "Your pain now")
    scores = {
        "Your average pain over the last week": "11",
        "Your worst pain over the last week": "9",
        "How much pain got in the way of your sleep": "7",
        "…of your work, paid or unpaid": "6",
        "…of your mood": "5",
        "…of your daily activities": "7",
    }
    for label, value in scores.items():
        main.get_by_label(label).fill(value)
    _save_and_continue(page)

    _expect_step(page, 2, "pain", "Your pain now")
    average = main.get_by_label("Your average pain over the last week")
    expect(average).to_have_attribute("aria-invalid", "true")
    expect(average).to_have_value("11")
    expect(main.get_by_text("Enter a whole number from 0 to 10.")).to_be_visible()
    expect(average).to_have_accessible_description(re.compile("Enter a whole number from 0 to 10."))
    for label, value in list(scores.items())[1:]:
        expect(main.get_by_label(label)).to_have_value(value)
    assert_accessible(page, "intake step 2 with a pain score of 11")
    screenshot(page, "patient-17-intake-2-pain-out-of-range")
    average.fill("7")
    _save_and_continue(page)

    _expect_step(page, 3, "treatments", "What you have tried")
    _answer(page, "Anti-inflammatory painkillers (NSAIDs", "Helped a little")
    _answer(page, "Anticonvulsants (e.g. gabapentin", "Stopped because of side effects")
    _answer(page, "Physical therapy", "Did not help")
    main.get_by_label("Anything else you have tried").fill("Acupuncture for a few months in 2022.")
    assert_accessible(page, "intake step 3")
    screenshot(page, "patient-18-intake-3-treatments")
    main.get_by_role("button", name="Save and finish later").click()

    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(_main(page)).to_contain_text("Your answers are saved. Come back any time to carry on.")
    return intake_url


def _reason_by_keyboard_alone(page: Page) -> None:
    """Step 1 without a mouse: Tab from box to box, Space ticks one, typing, Enter sends."""
    main, keyboard = _main(page), page.keyboard
    conditions = main.get_by_role("group", name="What brings you to the clinic?")
    # The clinic orders its conditions: tick ours in the order Tab reaches them.
    listed = conditions.get_by_role("checkbox").evaluate_all(
        "boxes => boxes.map(box => box.labels[0].innerText.trim())"
    )
    for condition in sorted(("Chronic back pain", "Depression"), key=listed.index):
        box = conditions.get_by_label(condition, exact=True)
        tab_to(page, box)
        keyboard.press("Space")
        expect(box).to_be_checked()
    tab_to(page, main.get_by_label("How many months have you had this pain"))
    keyboard.type("30")
    where = main.get_by_role("group", name="Where does it hurt?")
    for location in ("Lower back", "Legs or feet"):
        box = where.get_by_label(location, exact=True)
        tab_to(page, box)
        keyboard.press("Space")
        expect(box).to_be_checked()
    expect(where.get_by_role("checkbox", checked=True)).to_have_count(2)
    save = main.get_by_role("button", name="Save and continue")
    tab_to(page, save)
    screenshot(page, "patient-16-intake-1-reason-keyboard")
    keyboard.press("Enter")


def _come_back_and_carry_on_at_step_4(page: Page, intake_url: str) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    page.goto("/accounts/login/")
    assert_accessible(page, "the sign-in page")
    main = _main(page)
    main.get_by_label("Email").fill(EMAIL)
    main.get_by_label("Password").fill(PASSWORD)
    main.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/portal/$"))
    next_step = page.get_by_role("region", name="Your next step")
    expect(next_step).to_contain_text(f"Your intake for {PASADENA.name} is saved as you left it.")
    assert_accessible(page, "the portal with an intake half done")
    screenshot(page, "patient-19-portal-carry-on")
    next_step.get_by_role("link", name="Carry on with your intake").click()

    expect(page).to_have_url(f"{intake_url}health/")
    _expect_step(page, 4, "health", "Your health history")
    steps = page.get_by_role("navigation", name="Intake steps").get_by_role("listitem")
    expect(steps).to_have_text(
        [
            re.compile(r"Why you are coming\s+— saved"),
            re.compile(r"Your pain now\s+— saved"),
            re.compile(r"What you have tried\s+— saved"),
            "Your health history",
            "How you have been feeling",
            "Goals and getting home",
            "Consent and signature",
        ]
    )
    expect(steps.nth(3)).to_have_attribute("aria-current", "step")


def _health_and_mood_with_crisis_resources(page: Page) -> None:
    main = _main(page)
    _answer(page, "Have you been told you have high blood pressure?", "No")
    for question in (
        "Heart disease",
        "A stroke or mini-stroke",
        "Liver disease",
        "Glaucoma",
        "A serious head injury",
        "Seizures or epilepsy?",
        "Psychosis, hallucinations or mania",
        "Have you had ketamine treatment before?",
    ):
        _answer(page, question, "No")
    _answer(page, "Alcohol or drug use", "Never")
    _answer(page, "Are you pregnant", "Does not apply to me")
    main.get_by_label("All medicines you take now").fill("Duloxetine 60 mg daily")
    main.get_by_label("Allergies to medicines").fill("None known")
    assert_accessible(page, "intake step 4")
    screenshot(page, "patient-20-intake-4-health")
    _save_and_continue(page)

    _expect_step(page, 5, "mood", "How you have been feeling")
    phq9 = main.get_by_role("region", name="PHQ-9")
    gad7 = main.get_by_role("region", name="GAD-7")
    expect(phq9.get_by_role("group")).to_have_count(9)
    expect(gad7.get_by_role("group")).to_have_count(7)
    for item in range(8):
        phq9.get_by_role("group").nth(item).get_by_label("Several days").check()
    item_9 = phq9.get_by_role("group", name="9. Thoughts that you would be better off dead")
    item_9.get_by_label("Several days").check()
    for item in range(7):
        gad7.get_by_role("group").nth(item).get_by_label("Not at all").check()
    assert_accessible(page, "intake step 5")
    screenshot(page, "patient-21-intake-5-mood")
    _save_and_continue(page)

    # Crisis resources come first, before any other step.
    expect(page).to_have_url(re.compile(INTAKE_STEP + r"support/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Help is available now")
    crisis = main.get_by_role("alert").filter(has_text="You don’t have to go through this alone")
    expect(crisis.get_by_role("link", name="988", exact=True)).to_have_attribute("href", "tel:988")
    expect(crisis.get_by_role("link", name=PASADENA.phone)).to_have_attribute("href", PASADENA.tel)
    expect(crisis).to_contain_text(f"Call {PASADENA.name} at {PASADENA.phone}")
    expect(crisis.get_by_role("link", name="911", exact=True)).to_have_attribute("href", "tel:911")
    assert_accessible(page, "the crisis resources page")
    screenshot(page, "patient-22-crisis-resources")
    main.get_by_role("link", name="Carry on with my intake").click()


def _goals_by_keyboard_alone(page: Page) -> None:
    """Step 6 without a mouse: skip link, Tab, typing, arrow keys in the radio group, Enter."""
    _expect_step(page, 6, "goals", "Goals and getting home")
    assert_accessible(page, "intake step 6")
    main = _main(page)
    keyboard = page.keyboard

    keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    keyboard.press("Enter")
    expect(main).to_be_focused()

    goals = main.get_by_label("What do you hope treatment will change for you?")
    tab_to(page, goals)
    keyboard.type("To walk my dog again and sleep through the night.")

    driver = main.get_by_role("group", name="Can an adult drive you home?")
    tab_to(page, driver.get_by_label("No", exact=True))
    keyboard.press("ArrowDown")  # radio buttons move (and check) with the arrow keys
    expect(driver.get_by_label("Yes", exact=True)).to_be_focused()
    expect(driver.get_by_label("Yes", exact=True)).to_be_checked()

    tab_to(page, main.get_by_label("Anything we should know about getting here and home"))
    keyboard.type("My sister drives me; she works until 3 PM.")
    tab_to(page, main.get_by_role("button", name="Save and continue"))
    screenshot(page, "patient-23-intake-6-goals-keyboard")
    keyboard.press("Enter")

    _expect_step(page, 7, "consent", "Consent and signature")


def _sign_and_send(page: Page) -> None:
    main = _main(page)
    main.get_by_label("I agree to be evaluated by the clinic").check()
    main.get_by_label("I have read the notice of privacy practices.").check()
    main.get_by_label("The clinic may email me about appointments").check()
    signature = main.get_by_label("Type your full legal name to sign")
    signature.fill(f"{FIRST_NAME} Whitcomb")
    main.get_by_role("button", name="Sign and send to the clinic").click()

    _expect_step(page, 7, "consent", "Consent and signature")
    mismatch = f"The name you typed does not match the legal name in your profile ({LEGAL_NAME})."
    expect(signature).to_have_attribute("aria-invalid", "true")
    expect(signature).to_have_value(f"{FIRST_NAME} Whitcomb")
    expect(signature).to_have_accessible_description(re.compile(re.escape(mismatch)))
    expect(main.get_by_text(mismatch)).to_be_visible()
    expect(main.get_by_label("I agree to be evaluated by the clinic")).to_be_checked()
    expect(main.get_by_label("I have read the notice of privacy practices.")).to_be_checked()
    assert_accessible(page, "intake step 7 with a signature that does not match")
    screenshot(page, "patient-24-intake-7-signature-mismatch")

    signature.fill(LEGAL_NAME)
    main.get_by_role("button", name="Sign and send to the clinic").click()

    # (#main: the skip link of step 6 put it on the address, which redirects keep.)
    expect(page).to_have_url(re.compile(INTAKE_STEP + r"(#main)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your intake for {PASADENA.name}")
    expect(main).to_contain_text(
        "Your intake is with the clinic. We will tell you here what happens next."
    )
    expect(main.locator("p").filter(has_text="Status:")).to_contain_text("Status: Submitted")
    # The crisis resources stay on the intake's page.
    expect(main.get_by_role("link", name="988", exact=True)).to_be_visible()
    assert_accessible(page, "the submitted intake")
    screenshot(page, "patient-25-intake-submitted")


def _the_portal_shows_the_booking_and_the_intake(page: Page, start: dt.datetime) -> None:
    page.get_by_role("banner").get_by_role("link", name="My portal").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    next_step = page.get_by_role("region", name="Your next step")
    expect(next_step).to_contain_text(
        f"{PASADENA.name} has your intake and a clinician is reviewing it."
    )
    visit = _next_visits(page).get_by_role("listitem")
    expect(visit).to_have_count(1)
    expect(visit).to_contain_text(f"{row_label(start)} · {CONSULTATION} · {PASADENA.name}")
    expect(visit).to_contain_text("Booked")
    intakes = page.get_by_role("region", name="Your intakes").get_by_role("listitem")
    expect(intakes).to_have_text([re.compile(rf"{re.escape(PASADENA.name)}\s+Submitted")])
    assert_accessible(page, "the portal with a booking and a submitted intake")
    screenshot(page, "patient-26-portal-booked-and-submitted")

    # The visit's own page still shows the booking as it was confirmed.
    visit.get_by_role("link", name=row_label(start)).click()
    expect(page).to_have_url(VISIT_URL)
    expect_summary(page, PASADENA, start)
    expect(_main(page)).to_contain_text("Status: Booked")
    expect(_main(page)).to_contain_text(REASON)
    assert_accessible(page, "the booked visit, from the portal")


def _expect_step(page: Page, number: int, slug: str, title: str) -> None:
    expect(page).to_have_url(re.compile(INTAKE_STEP + slug + r"/(#main)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(_main(page)).to_contain_text(f"Step {number} of 7")
    expect(page.get_by_role("progressbar", name="Intake progress")).to_have_attribute(
        "aria-valuenow", str(number)
    )


def _answer(page: Page, question: str, answer: str) -> None:
    group = _main(page).get_by_role("group", name=question)
    group.get_by_label(answer, exact=True).check()


def _save_and_continue(page: Page) -> None:
    _main(page).get_by_role("button", name="Save and continue").click()


# --- The physician ---------------------------------------------------------------------------


def _physician_clears_the_intake(page: Page) -> None:
    sign_in_to_admin(page, PHYSICIAN)
    page.get_by_role("link", name="Intakes", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/patients/intake/$"))

    rows = page.locator("#result_list tbody tr")
    ours = rows.filter(has_text=LEGAL_NAME)
    expect(ours).to_have_count(1)
    expect(ours.locator("td.field-status")).to_have_text("Submitted")
    expect(ours.locator("td.field-urgency")).to_have_text("Urgent")
    # Urgent intakes first: ours is among them, above every intake that is not urgent.
    urgent = [
        cell.inner_text().strip() == "Urgent" for cell in rows.locator("td.field-urgency").all()
    ]
    names = rows.locator("th.field-patient_name").all_inner_texts()
    assert urgent == sorted(urgent, reverse=True), f"urgent intakes are not first: {names}"
    assert urgent[names.index(LEGAL_NAME)], f"{LEGAL_NAME} is not in the urgent part: {names}"
    assert_accessible(page, "the physician's intake queue")
    screenshot(page, "physician-01-intake-queue")

    ours.get_by_role("link", name=LEGAL_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Intake of {LEGAL_NAME}")
    banner = page.get_by_role("alert").filter(has_text="Urgent:")
    expect(banner).to_contain_text("PHQ-9 item 9 was answered above zero")
    expect(page.locator(".screening-flags")).to_contain_text("PHQ-9 item 9 positive")
    assert_accessible(page, "the review of an urgent intake")
    screenshot(page, "physician-02-review-urgent")

    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("You are now reviewing this intake.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Status"))).to_contain_text("In review")
    expect(page.get_by_role("button", name="Start review")).to_have_count(0)
    assert_accessible(page, "the review in progress")
    screenshot(page, "physician-03-review-in-progress")

    page.get_by_label("Clear for infusion").check()
    page.get_by_label("Note to the patient").fill(CLEARANCE_NOTE)
    page.get_by_role("button", name="Record decision").click()

    expect(page).to_have_url(re.compile(r"/admin/patients/intake/$"))
    expect(page.get_by_text("Your decision is recorded.")).to_be_visible()
    ours = page.locator("#result_list tbody tr").filter(has_text=LEGAL_NAME)
    expect(ours.locator("td.field-status")).to_have_text("Cleared for infusion")
    assert_accessible(page, "the queue after the decision")
    screenshot(page, "physician-04-queue-after-decision")
