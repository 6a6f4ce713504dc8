"""The bad-input catalogue (issue #7): each kind of hostile input a visitor, patient or staff
member can send, sent through the real forms and pages, and what must hold: no server error,
nothing leaked, nothing changed that should not be.

Where another module already proves a case, the catalogue names it instead of repeating it:
- Markdown (articles, condition pages) cannot carry script: tests/content/test_markdown.py.
- A clinic's name cannot break out of its JSON-LD block: tests/clinic/test_clinic_pages.py
  (test_json_ld_cannot_be_broken_out_of).
- Another patient's intake, visit or waitlist entry by URL is a 404 and stays unchanged:
  test_another_patients_* in tests/patients/test_intake_flow.py,
  tests/scheduling/test_booking_pages.py and tests/scheduling/test_series_and_waitlist.py.
- A booking time that is not a time (`?start=tomorrow`, no offset) is a 404, a service of
  another clinic cannot be booked: tests/scheduling/test_booking_pages.py.
- Admin foreign-key choices offer only the user's clinics; a new service cannot be pointed at
  another clinic: tests/clinic/test_admin_scoping.py.
- An article hero that is not an image, too small, a GIF, or over 8 MB is a form error:
  tests/content/test_admin.py.
- The one-click unsubscribe is the only POST exempt from CSRF, on purpose (RFC 8058):
  tests/content/test_newsletter.py.
- Two-factor codes cannot be replayed, and a password reset does not skip the second factor:
  tests/config/test_staff_mfa.py (test_a_code_cannot_be_used_twice,
  test_a_password_reset_does_not_skip_the_second_factor).
- Every staff URL, as every role, pointed at another clinic's records:
  tests/security/test_staff_url_walk.py.
Arbitrary text in every field of the public and portal forms: test_forms_never_500.py.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from clinic.models import ClinicMembership
from clinic.roles import MARKETER
from content.models import Article, ContactMessage, NewsletterSubscriber
from patients.demo import intake_form_data
from patients.models import Intake, PatientProfile
from scheduling.availability import available_slots
from scheduling.models import Appointment, Chair, ProviderHours
from tests.content.conftest import published_article
from tests.factories import (
    ChairFactory,
    ClinicFactory,
    network_user,
    patient,
    staff_member,
    submitted_intake,
    treats,
)
from tests.scheduling.conftest import consultation, infusion, provider
from tests.security.hostile import (
    LONG_TEXT,
    MARKER,
    SHORT,
    VECTORS,
    assert_inert,
    injected_markup,
    open_clinic,
    signed_in_staff,
)

pytestmark = pytest.mark.django_db

Role = ClinicMembership.Role
FIRST_NAME = f"<svg/onload=alert('{MARKER}')>"
LAST_NAME = SHORT


def portal_client(person: PatientProfile) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def name_patient_through_profile(client: Client, *, first: str, last: str) -> None:
    response = client.post(
        reverse("patients:profile"),
        {"legal_first_name": first, "legal_last_name": last, "date_of_birth": "1980-06-15"},
    )
    assert response.status_code == 302, response.content.decode()[:1000]


def step_url(intake: Intake, step: str) -> str:
    return reverse("patients:intake_step", args=[intake.id, step])


def hostile_intake_answers() -> dict[str, dict]:
    """Valid answers with every free-text field of the intake hostile."""
    data = intake_form_data(conditions=["fibromyalgia", "other"])
    data["reason"].update(other_condition=SHORT, pain_location_other=SHORT)
    data["treatments"]["treatment_notes"] = LONG_TEXT
    data["health"].update(
        current_medications=LONG_TEXT,
        allergies=LONG_TEXT[:400],
        previous_ketamine="yes",
        previous_ketamine_notes=LONG_TEXT,
    )
    data["goals"].update(goals=LONG_TEXT, driver_notes=LONG_TEXT)
    return data


def sign(client: Client, intake: Intake, name: str, extra: dict | None = None):
    data = {"consent_to_evaluation": "on", "privacy_notice": "on", "signature": name}
    return client.post(step_url(intake, "consent"), {**data, **(extra or {})})


def first_free_slot(clinic, service):
    first_day = timezone.now().astimezone(clinic.zone).date() + dt.timedelta(days=3)
    return available_slots(clinic=clinic, service=service, first_day=first_day, days=7)[0]


def confirm_url(clinic, service, start: dt.datetime) -> str:
    url = reverse("scheduling:book_confirm", args=[clinic.slug, service.slug])
    return f"{url}?start={quote(start.astimezone(clinic.zone).isoformat())}"


# --- Stored XSS ------------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS[:5])
def test_the_check_sees_each_vector_when_it_is_not_escaped(vector):
    """The pages below pass because they escape, not because the check is blind."""
    assert injected_markup(f"<p>{vector}</p>") != []
    assert injected_markup(f"<p>{escape(vector)}</p>") == []


def test_intake_answers_names_and_clinical_notes_stay_text_in_the_portal_and_the_admin():
    clinic = ClinicFactory()
    treats(clinic, "fibromyalgia")
    physician = staff_member(clinic, Role.PHYSICIAN)
    me = patient()
    portal = portal_client(me)
    name_patient_through_profile(portal, first=FIRST_NAME, last=LAST_NAME)
    started = portal.post(reverse("patients:intake_start"), {"clinic": clinic.pk})
    intake = Intake.objects.get(patient=me)
    assert started["Location"] == step_url(intake, "reason")
    for step, answers in hostile_intake_answers().items():
        response = portal.post(step_url(intake, step), answers)
        assert response.status_code == 302, (step, response.content.decode()[:1000])
    assert sign(portal, intake, f"{FIRST_NAME} {LAST_NAME}").status_code == 302
    intake.refresh_from_db()
    assert intake.status == Intake.Status.SUBMITTED

    # The patient's own pages.
    for url in (
        reverse("patients:dashboard"),
        reverse("patients:intake_detail", args=[intake.id]),
        reverse("patients:data_export"),
        reverse("patients:profile"),
    ):
        assert_inert(portal.get(url), LAST_NAME)
    assert_inert(portal.get(reverse("patients:intake_detail", args=[intake.id])), *VECTORS)

    # The clinic's physician, signed in with both factors.
    staff = signed_in_staff(physician)
    review_url = reverse("admin:patients_intake_change", args=[intake.pk])
    assert_inert(staff.get(review_url), LAST_NAME, FIRST_NAME, *VECTORS)
    assert_inert(staff.get(reverse("admin:patients_intake_changelist")), LAST_NAME)
    assert_inert(staff.get(reverse("admin:patients_patientprofile_changelist")), LAST_NAME)
    assert_inert(
        staff.get(reverse("admin:patients_patientprofile_change", args=[me.pk])), LAST_NAME
    )

    # A note the physician writes is read by the patient: it stays text there too.
    asked = staff.post(
        review_url, {"action": "request_info", "info-step": "health", "info-note": LONG_TEXT}
    )
    assert asked.status_code == 302
    for url in (
        reverse("patients:dashboard"),
        reverse("patients:intake_detail", args=[intake.id]),
        step_url(intake, "health"),
    ):
        assert_inert(portal.get(url), VECTORS[0], VECTORS[1])
    portal.post(step_url(intake, "health"), hostile_intake_answers()["health"])
    assert sign(portal, intake, f"{FIRST_NAME} {LAST_NAME}").status_code == 302
    declined = staff.post(
        review_url,
        {"action": "decide", "decision-decision": "declined", "decision-note": LONG_TEXT},
    )
    assert declined.status_code == 302
    intake.refresh_from_db()
    assert intake.status == Intake.Status.DECLINED
    assert_inert(portal.get(reverse("patients:dashboard")), VECTORS[0])
    assert_inert(portal.get(reverse("patients:intake_detail", args=[intake.id])), VECTORS[0])
    assert_inert(staff.get(review_url), VECTORS[0])


def test_a_visits_reason_and_the_patients_name_stay_text_on_the_board_and_visit_page():
    clinic = open_clinic()
    provider(clinic)
    service = consultation(clinic, slug="consultation")
    nurse = staff_member(clinic, Role.NURSE)
    me = patient()
    portal = portal_client(me)
    name_patient_through_profile(portal, first=FIRST_NAME, last=LAST_NAME)
    slot = first_free_slot(clinic, service)

    booked = portal.post(confirm_url(clinic, service, slot.starts_at), {"reason": LONG_TEXT})

    visit = Appointment.objects.get(patient=me)
    assert booked["Location"] == reverse("scheduling:appointment", args=[visit.id])
    assert_inert(portal.get(booked["Location"]), VECTORS[0])
    staff = signed_in_staff(nurse)
    day = slot.starts_at.astimezone(clinic.zone).date().isoformat()
    board = staff.get(reverse("admin:scheduling_board"), {"clinic": clinic.pk, "date": day})
    assert_inert(board, LAST_NAME)
    visit_url = reverse("admin:scheduling_appointment_change", args=[visit.pk])
    assert_inert(staff.get(visit_url), LAST_NAME, *VECTORS)
    assert_inert(staff.get(reverse("admin:scheduling_appointment_changelist")), LAST_NAME)

    cancelled = portal.post(
        reverse("scheduling:appointment_cancel", args=[visit.id]), {"reason": SHORT}
    )

    assert cancelled.status_code == 302
    assert_inert(staff.get(visit_url), SHORT)
    assert_inert(portal.get(reverse("scheduling:appointments")))


def test_a_contact_message_stays_text_for_the_clinics_front_desk():
    clinic = ClinicFactory()
    front_desk = staff_member(clinic, Role.FRONT_DESK)
    phone = f'"><svg onload={MARKER}>6265550142'

    sent = Client().post(
        reverse("content:contact"),
        {
            "clinic": clinic.slug,
            "name": SHORT,
            "email": "sender@example.org",
            "phone": phone,
            "message": LONG_TEXT,
        },
    )

    assert sent.status_code == 302
    message = ContactMessage.objects.get()
    staff = signed_in_staff(front_desk)
    assert_inert(staff.get(reverse("admin:content_contactmessage_changelist")), SHORT)
    assert_inert(
        staff.get(reverse("admin:content_contactmessage_change", args=[message.pk])),
        SHORT,
        phone,
        *VECTORS,
    )


def test_a_form_shown_again_with_errors_keeps_hostile_text_as_text():
    response = Client().post(
        reverse("content:contact"),
        {"clinic": "", "name": SHORT, "email": "not an address", "message": LONG_TEXT},
    )

    assert_inert(response, SHORT, LONG_TEXT)


# --- SQL metacharacters ------------------------------------------------------------------------

METACHARACTERS = ["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE patients_intake; --", '" OR ""="']


@pytest.fixture
def two_articles():
    clinic = ClinicFactory()
    writer = network_user(MARKETER)
    reviewer = staff_member(clinic, Role.PHYSICIAN)
    published_article(writer, reviewer, title="Fibromyalgia and sleep",
                      body="Poor sleep and fibromyalgia feed each other.")  # fmt: skip
    published_article(writer, reviewer, title="Getting home after an infusion",
                      body="Someone you trust drives you home.")  # fmt: skip


def search_titles(client: Client, query: str) -> list[str]:
    response = client.get(reverse("content:search"), {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    return [] if results is None else [a.live_revision.title for a in results.articles]


@pytest.mark.parametrize("meta", METACHARACTERS)
def test_sql_metacharacters_in_public_search_are_only_text(client, two_articles, meta):
    # tests/content/test_public_pages.py (test_search_survives_hostile_queries) proves the 200;
    # here the meaning: a metacharacter matches nothing, and next to a word changes nothing.
    assert search_titles(client, meta) == []
    beside_a_word = search_titles(client, f"fibromyalgia {meta}")
    assert set(beside_a_word) <= {"Fibromyalgia and sleep"}  # never "every article"
    if not any(c.isalnum() for c in meta):
        assert beside_a_word == ["Fibromyalgia and sleep"]


@pytest.mark.parametrize("meta", METACHARACTERS)
def test_sql_metacharacters_in_the_clinic_finder_match_nothing(client, meta):
    ClinicFactory(name="Arroyo Test")
    ClinicFactory(name="Prairie Test", city="Allen", state="TX", zip_code="75013")

    def listed(**params) -> list[str]:
        response = client.get(reverse("clinic:list"), params)
        assert response.status_code == 200
        return sorted(card.clinic.name for card in response.context["cards"])

    assert listed(q=meta) == []  # a LIKE wildcard would have listed both
    assert listed(q=f"Arroyo{meta}") == []
    assert listed(q="Arroyo") == ["Arroyo Test"]
    assert listed(q="91101", state=meta) == ["Arroyo Test", "Prairie Test"]  # a refused state


@pytest.fixture
def two_clinics_patients():
    """Clinic A with patients Morales and O'Brien, clinic B with Outsider; A's physician."""
    ours, theirs = ClinicFactory(), ClinicFactory()
    submitted_intake(ours, patient(legal_first_name="Dana", legal_last_name="Morales"))
    submitted_intake(ours, patient(legal_first_name="Sean", legal_last_name="O'Brien"))
    submitted_intake(theirs, patient(legal_first_name="Bea", legal_last_name="Outsider"))
    return signed_in_staff(staff_member(ours, Role.PHYSICIAN))


def test_sql_metacharacters_in_admin_search_are_only_text(two_clinics_patients):
    staff = two_clinics_patients
    url = reverse("admin:patients_patientprofile_changelist")

    def found(q: str) -> int:
        response = staff.get(url, {"q": q})
        assert response.status_code == 200
        assert "Outsider" not in response.content.decode()
        return response.context["cl"].result_count

    assert found("") == 2
    assert found("O'Brien") == 1  # a quote is part of a name
    for meta in METACHARACTERS:
        assert found(meta) == 0, meta


@pytest.mark.parametrize(
    "params",
    [
        {"status__exact": "' OR 1=1 --"},
        {"status__exact": "submitted' OR '1'='1"},
        {"clinic__id__exact": "1 OR 1=1"},
        {"clinic__id__exact": "-1; DROP TABLE patients_intake"},
        {"is_urgent__exact": "%"},
        {"o": "1' OR '1'='1"},
        {"p": "-1 OR 1=1"},
        {"patient__legal_last_name__startswith": "O"},  # not a filter of this list
        {"patient__user__password__startswith": "m"},  # nor a way to read passwords
        {"status__exact": "\x00"},
    ],
    ids=lambda params: next(iter(params)),
)
def test_tampered_admin_filters_are_refused_or_match_nothing(two_clinics_patients, params):
    response = two_clinics_patients.get(reverse("admin:patients_intake_changelist"), params)

    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        assert "e=1" in response["Location"]  # the admin's "bad filter" notice
    if response.status_code == 200:
        assert "Outsider" not in response.content.decode()
        assert response.context["cl"].result_count <= 2


@pytest.mark.parametrize(
    "path",
    [
        "/admin/scheduling/appointment/?starts_at__year=9999",
        "/admin/scheduling/appointment/?starts_at__year=9999&starts_at__month=12&starts_at__day=31",
        "/admin/scheduling/appointment/?starts_at__year=99999999999",
        "/admin/scheduling/providerexception/?date__year=9999&date__month=12",
        "/admin/scheduling/appointment/board/?date=9999-12-31",
        "/admin/scheduling/appointment/board/?date=0001-01-01",
    ],
)
def test_dates_at_the_calendars_edges_in_admin_pages_are_refused(path):
    """Found by this catalogue: these were 500s (Python's dates end in year 9999)."""
    clinic = ClinicFactory()
    staff = signed_in_staff(staff_member(clinic, Role.CLINIC_MANAGER))

    response = staff.get(path)

    assert response.status_code in (200, 400)


# --- Tampered hidden fields --------------------------------------------------------------------


@pytest.fixture
def booking_setup():
    clinic = open_clinic()
    provider(clinic)
    service = consultation(clinic, slug="consultation", price=150)
    other_clinic = open_clinic()
    other_service = consultation(other_clinic, slug="other-visit")
    return clinic, service, other_clinic, other_service


def test_a_booking_post_naming_another_patient_clinic_service_price_or_status_books_only_mine(
    booking_setup,
):
    clinic, service, other_clinic, other_service = booking_setup
    me, someone = patient(), patient()
    slot = first_free_slot(clinic, service)
    tampered = {
        "reason": "Knee pain",
        "patient": str(someone.pk),
        "patient_id": str(someone.pk),
        "clinic": str(other_clinic.pk),
        "service": str(other_service.pk),
        "price": "0",
        "status": "completed",
        "provider": "1",
        "chair": "1",
        "starts_at": "2030-01-01T03:00:00+00:00",
        "start": "2030-01-01T03:00:00+00:00",
    }

    response = portal_client(me).post(confirm_url(clinic, service, slot.starts_at), tampered)

    visit = Appointment.objects.get()
    assert response["Location"] == reverse("scheduling:appointment", args=[visit.id])
    assert (visit.patient, visit.clinic, visit.service) == (me, clinic, service)
    assert visit.status == Appointment.Status.BOOKED
    assert visit.starts_at == slot.starts_at
    assert service.price == 150 and not Appointment.objects.filter(patient=someone).exists()


@pytest.mark.parametrize(
    "when",
    [
        lambda slot: slot.starts_at + dt.timedelta(minutes=7),  # off the quarter-hour grid
        lambda slot: slot.starts_at.replace(hour=10, minute=0) + dt.timedelta(hours=13),  # night
        lambda slot: slot.starts_at - dt.timedelta(days=30),  # the past
    ],
    ids=["off-grid", "closed", "past"],
)
def test_a_booking_for_a_time_that_was_never_offered_is_refused(booking_setup, when):
    clinic, service, _, _ = booking_setup
    slot = first_free_slot(clinic, service)

    response = portal_client(patient()).post(
        confirm_url(clinic, service, when(slot)), {"reason": "x"}
    )

    assert response.status_code == 200
    assert "We could not book that time." in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("start", ["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00"])
def test_a_booking_time_at_the_calendars_edge_is_a_404_not_a_500(booking_setup, start):
    """Found by this catalogue: these were 500s (date arithmetic past year 9999 or before 1)."""
    clinic, service, _, _ = booking_setup
    url = reverse("scheduling:book_confirm", args=[clinic.slug, service.slug])

    response = portal_client(patient()).post(f"{url}?start={quote(start)}", {"reason": "x"})

    assert response.status_code == 404
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?month=9999-12-01", 200),  # the page shows this month instead
        ("?month=0001-01-01&date=0001-01-01", 200),
        ("availability?from=9999-12-31", 400),
        ("availability?from=0001-01-01", 400),
    ],
)
def test_calendar_edges_in_the_booking_pages_are_not_a_500(client, booking_setup, query, status):
    """Found by this catalogue: each of these was a 500."""
    clinic, service, _, _ = booking_setup
    if query.startswith("availability"):
        url = f"/api/clinics/{clinic.slug}/{query}&service={service.slug}&days=14"
    else:
        url = reverse("scheduling:book_time", args=[clinic.slug, service.slug]) + query

    assert client.get(url).status_code == status


def test_staff_booking_and_series_days_at_the_calendars_edge_are_form_errors(two_clinics_staff):
    """Found by this catalogue: both were 500s."""
    ours, _ = two_clinics_staff
    staff = signed_in_staff(staff_member(ours, Role.PHYSICIAN))
    email = ours.patient.user.email

    booking = staff.post(
        reverse("admin:scheduling_appointment_add"),
        {"clinic": ours.pk, "service": ours.consult.pk, "patient_email": email,
         "day": "9999-12-31"},
    )  # fmt: skip
    series = staff.post(
        reverse("admin:scheduling_infusionseries_add"),
        {"clinic": ours.pk, "patient_email": email, "service": ours.service.pk, "sessions": 6,
         "per_week": 2, "min_gap_hours": 48, "first_day": "9999-12-31"},
    )  # fmt: skip
    booked_at_the_edge = staff.post(
        reverse("admin:scheduling_appointment_add"),
        {"clinic": ours.pk, "service": ours.consult.pk, "patient_email": email,
         "day": timezone.now().date().isoformat(), "book": "1", "start": "9999-12-31T23:00"},
    )  # fmt: skip

    assert "day" in booking.context["form"].errors
    assert "first_day" in series.context["form"].errors
    assert booked_at_the_edge.context["refusal"] == "Choose a time."


def test_an_intake_post_naming_another_patients_intake_changes_only_mine():
    clinic = ClinicFactory()
    treats(clinic, "fibromyalgia")
    me, someone = patient(), patient()
    theirs = submitted_intake(clinic, someone)
    portal = portal_client(me)
    portal.post(reverse("patients:intake_start"), {"clinic": clinic.pk})
    mine = Intake.objects.get(patient=me)
    before = (theirs.answers, theirs.status)
    answers = intake_form_data()
    extra = {"intake": str(theirs.id), "intake_id": str(theirs.id), "patient": str(someone.pk),
             "clinic": str(ClinicFactory().pk), "status": "cleared"}  # fmt: skip

    for step, data in answers.items():
        assert portal.post(step_url(mine, step), {**data, **extra}).status_code == 302
    assert sign(portal, mine, me.legal_name, extra).status_code == 302

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Intake.Status.SUBMITTED  # not "cleared"
    assert mine.clinic == clinic and mine.patient == me
    assert mine.answers["pain"]["average_pain"] == 6
    assert (theirs.answers, theirs.status) == before


def test_an_intake_cannot_be_started_at_an_inactive_clinic():
    closed = ClinicFactory(is_active=False)
    me = patient()

    response = portal_client(me).post(reverse("patients:intake_start"), {"clinic": closed.pk})

    assert response.status_code == 200
    assert "clinic" in response.context["form"].errors
    assert not Intake.objects.exists()


@pytest.fixture
def two_clinics_staff():
    """Clinic A and B, each with a chair, an infusion, a nurse and a booked visit."""
    ours, theirs = open_clinic(), open_clinic()
    for clinic in (ours, theirs):
        clinic.chair = ChairFactory(clinic=clinic)
        clinic.service = infusion(clinic, slug=f"infusion-{clinic.pk}")
        clinic.consult = consultation(clinic, slug=f"consult-{clinic.pk}", provider_roles=["nurse"])
        clinic.nurse = provider(clinic, role=Role.NURSE)
        clinic.patient = submitted_intake(clinic).patient
        slot = first_free_slot(clinic, clinic.consult)
        clinic.visit = Appointment.objects.create(
            clinic=clinic, service=clinic.consult, patient=clinic.patient,
            provider_id=slot.provider_ids[0], starts_at=slot.starts_at,
            ends_at=slot.starts_at + dt.timedelta(minutes=45),
            provider_until=slot.starts_at + dt.timedelta(minutes=45),
            chair_until=slot.starts_at + dt.timedelta(minutes=45),
        )  # fmt: skip
    return ours, theirs


def test_admin_forms_refuse_another_clinics_provider_and_chair(two_clinics_staff):
    ours, theirs = two_clinics_staff
    manager = signed_in_staff(staff_member(ours, Role.CLINIC_MANAGER))
    hours_url = reverse("admin:scheduling_providerhours_add")
    hours = {"weekday": "0", "starts_at": "13:00", "ends_at": "15:00"}
    rows = ProviderHours.objects.count()

    foreign_provider = manager.post(
        hours_url, {**hours, "clinic": ours.pk, "provider": theirs.nurse.pk}
    )
    foreign_clinic = manager.post(
        hours_url, {**hours, "clinic": theirs.pk, "provider": ours.nurse.pk}
    )
    chair = manager.post(reverse("admin:scheduling_chair_add"), {"clinic": theirs.pk, "name": "X"})

    assert "provider" in foreign_provider.context["adminform"].form.errors
    assert "clinic" in foreign_clinic.context["adminform"].form.errors
    assert "clinic" in chair.context["adminform"].form.errors
    assert ProviderHours.objects.count() == rows
    assert Chair.objects.filter(clinic=theirs).count() == 1
    # The same form with our own nurse is accepted: the refusals above are about the clinic.
    own = manager.post(hours_url, {**hours, "clinic": ours.pk, "provider": ours.nurse.pk})
    assert own.status_code == 302
    assert ProviderHours.objects.filter(provider=ours.nurse, weekday=0, ends_at=dt.time(15))


def test_staff_booking_and_series_forms_refuse_another_clinics_rows(two_clinics_staff):
    ours, theirs = two_clinics_staff
    staff = signed_in_staff(staff_member(ours, Role.PHYSICIAN))
    email = ours.patient.user.email
    book_url = reverse("admin:scheduling_appointment_add")
    day = timezone.now().date() + dt.timedelta(days=5)
    start = f"{day.isoformat()}T09:00"
    visits_before = Appointment.objects.count()

    booking = {"day": day, "patient_email": email, "book": "1", "start": start}

    other_clinic = staff.post(
        book_url, {**booking, "clinic": theirs.pk, "service": theirs.consult.pk}
    )
    other_service = staff.post(
        book_url, {**booking, "clinic": ours.pk, "service": theirs.consult.pk}
    )
    series = staff.post(
        reverse("admin:scheduling_infusionseries_add"),
        {"clinic": ours.pk, "patient_email": email, "service": ours.service.pk, "sessions": 6,
         "per_week": 2, "min_gap_hours": 48, "first_day": day, "preferred_chair": theirs.chair.pk},
    )  # fmt: skip

    assert "clinic" in other_clinic.context["form"].errors
    assert "service" in other_service.context["form"].errors
    assert "preferred_chair" in series.context["form"].errors
    assert Appointment.objects.count() == visits_before
    # Another clinic's patient or visit named in the add page's address is refused.
    assert staff.get(book_url, {"patient": str(theirs.patient.pk)}).status_code == 403
    assert staff.get(book_url, {"move": str(theirs.visit.pk)}).status_code == 403


def test_actions_posted_at_another_clinics_visit_or_intake_change_nothing(two_clinics_staff):
    ours, theirs = two_clinics_staff
    staff = signed_in_staff(staff_member(ours, Role.PHYSICIAN))
    their_intake = Intake.objects.get(clinic=theirs)

    visit = staff.post(
        reverse("admin:scheduling_appointment_change", args=[theirs.visit.pk]),
        {"action": "check_in"},
    )
    decision = staff.post(
        reverse("admin:patients_intake_change", args=[their_intake.pk]),
        {"action": "decide", "decision-decision": "cleared", "decision-note": ""},
    )

    assert visit.status_code in (302, 403, 404)
    assert decision.status_code in (302, 403, 404)
    theirs.visit.refresh_from_db()
    their_intake.refresh_from_db()
    assert theirs.visit.status == Appointment.Status.BOOKED
    assert their_intake.status == Intake.Status.SUBMITTED


# --- Oversized bodies and uploads --------------------------------------------------------------


@pytest.fixture
def marketer_client():
    return signed_in_staff(network_user(MARKETER))


ARTICLE = {"title": "Getting home", "slug": "getting-home", "summary": "The ride home.",
           "body": "Someone you trust drives you home.", "tags": "", "clinic": "",
           "seo_title": "", "seo_description": "", "canonical_url": ""}  # fmt: skip


def test_a_body_over_the_upload_limit_is_a_400(settings):
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    clinic = ClinicFactory()

    response = Client().post(
        reverse("content:contact"),
        {"clinic": clinic.slug, "name": "A", "email": "a@example.org", "message": too_big},
    )

    assert response.status_code == 400
    assert not ContactMessage.objects.exists()


def test_too_many_fields_are_a_400(settings):
    fields = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = Client().post(reverse("content:newsletter"), {"email": "a@example.org", **fields})

    assert response.status_code == 400
    assert not NewsletterSubscriber.objects.exists()


def test_a_booking_reason_the_size_of_a_book_is_a_form_error(booking_setup):
    clinic, service, _, _ = booking_setup
    slot = first_free_slot(clinic, service)

    response = portal_client(patient()).post(
        confirm_url(clinic, service, slot.starts_at), {"reason": "pain " * 200_000}
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Appointment.objects.exists()


def test_too_many_files_are_a_400(marketer_client, settings):
    files = [
        SimpleUploadedFile(f"f{i}.png", b"x", "image/png")
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]

    response = marketer_client.post(
        reverse("admin:content_article_add"), {**ARTICLE, "hero_image": files}
    )

    assert response.status_code == 400
    assert not Article.objects.exists()


def png_header(width: int, height: int) -> bytes:
    """The start of a PNG claiming the given size, with no pixels after it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def real_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 120, 160)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        png_header(60_000, 60_000),  # a decompression bomb's header
        png_header(1200, 800),  # a header and nothing after it
        real_png()[: len(real_png()) // 2],  # cut off halfway
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"\x89PNG\r\n\x1a\n" + b"\x00" * (3 * 1024 * 1024),  # past the in-memory limit, on disk
    ],
    ids=["bomb", "header-only", "truncated", "svg-named-png", "large-not-an-image"],
)
def test_a_hero_image_that_is_not_a_usable_image_is_a_form_error(marketer_client, content):
    upload = SimpleUploadedFile("hero.png", content, "image/png")

    response = marketer_client.post(
        reverse("admin:content_article_add"),
        {**ARTICLE, "hero_alt": "A chair", "hero_image": upload},
    )

    assert response.status_code == 200
    assert "hero_image" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


# --- Invalid Unicode ---------------------------------------------------------------------------

# A NUL byte, a UTF-16 surrogate encoded as UTF-8, an overlong "/", a byte no UTF-8 has.
BAD_BYTES = ["%00", "%ED%A0%80", "%C0%AF", "%FF"]


@pytest.fixture
def everything_to_reach():
    clinic = open_clinic()
    provider(clinic)
    consultation(clinic, slug="consultation")
    me = patient()
    intake = submitted_intake(clinic, me)
    staff = staff_member(clinic, Role.CLINIC_MANAGER)
    return clinic, me, intake, staff


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_bad_bytes_in_query_strings_and_paths_are_never_a_500(everything_to_reach, bad):
    clinic, me, intake, staff = everything_to_reach
    book = f"/book/{clinic.slug}/consultation/"
    public = [
        f"/search/?q={bad}&page={bad}",
        f"/clinics/?q={bad}&state={bad}&page={bad}",
        f"/articles/?condition={bad}&clinic={bad}&page={bad}",
        f"/contact/?clinic={bad}",
        f"/contact/thanks/?clinic={bad}",
        f"{book}?month={bad}&date={bad}",
        f"{book}confirm/?start={bad}",
        f"/api/clinics/{clinic.slug}/availability?service={bad}&from={bad}&days={bad}",
        f"/clinics/{bad}/",
        f"/articles/{bad}/",
        f"/conditions/{bad}/",
        f"/newsletter/confirm/{bad}/",
        f"/newsletter/unsubscribe/{bad}/",
        f"/book/{bad}/",
        f"/accounts/login/?next={bad}",
    ]
    portal = [
        f"/portal/intake/{bad}/reason/",
        f"/portal/intake/{intake.id}/{bad}/",
        f"/portal/appointments/{bad}/",
        f"/portal/?x={bad}",
    ]
    admin = [
        f"/admin/patients/patientprofile/?q={bad}",
        f"/admin/patients/intake/?q={bad}&status__exact={bad}&clinic__id__exact={bad}",
        f"/admin/scheduling/appointment/?starts_at__year={bad}&status__exact={bad}",
        f"/admin/scheduling/appointment/board/?clinic={bad}&date={bad}",
        f"/admin/scheduling/appointment/add/?patient={bad}&move={bad}&day={bad}",
        f"/admin/patients/intake/{bad}/change/",
        f"/admin/content/contactmessage/?q={bad}",
    ]
    patient_client = portal_client(me)
    staff_client = signed_in_staff(staff)

    for client, urls in ((Client(), public), (patient_client, portal), (staff_client, admin)):
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302, 400, 403, 404), (url, response.status_code)


FORM_ENCODED = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("bad", BAD_BYTES)
def test_bad_bytes_in_form_fields_are_a_form_error_or_harmless(everything_to_reach, bad):
    clinic, me, _intake, _staff = everything_to_reach
    service = clinic.services.get(slug="consultation")
    slot = first_free_slot(clinic, service)
    posts = [
        (Client(), reverse("content:contact"),
         f"clinic={bad}&name=A&email=a@example.org&message=Hi"),
        (Client(), reverse("content:contact"),
         f"clinic={clinic.slug}&name=A{bad}&email=a{bad}@example.org&phone={bad}&message=Hi{bad}"),
        (Client(), reverse("content:newsletter"),
         f"email=a{bad}@example.org&clinic={bad}&source={bad}&website="),
        (Client(), reverse("content:newsletter"), f"email=b@example.org&source=/{bad}"),
        (portal_client(me), confirm_url(clinic, service, slot.starts_at), f"reason=Pain{bad}"),
        (portal_client(me), reverse("patients:profile"),
         f"legal_first_name=A{bad}&legal_last_name=B&date_of_birth=1980-01-01{bad}"),
        (portal_client(me), reverse("patients:intake_start"), f"clinic={bad}"),
    ]  # fmt: skip

    for client, url, body in posts:
        response = client.post(url, body, content_type=FORM_ENCODED)
        assert response.status_code in (200, 302), (url, response.status_code)

    me.refresh_from_db()
    assert me.legal_first_name == "Pat"  # the refused profile form saved nothing


# --- CSRF ----------------------------------------------------------------------------------------


def _state() -> tuple:
    return (
        ContactMessage.objects.count(),
        NewsletterSubscriber.objects.count(),
        list(Appointment.objects.values_list("id", "status")),
        list(Intake.objects.values_list("id", "status")),
        list(PatientProfile.objects.values_list("legal_first_name", flat=True)),
        Article.objects.count(),
    )


def test_posts_without_a_csrf_token_are_refused_and_change_nothing(two_clinics_staff):
    ours, _theirs = two_clinics_staff
    me = ours.patient
    intake = Intake.objects.get(clinic=ours)
    slot = first_free_slot(ours, ours.consult)
    physician = staff_member(ours, Role.PHYSICIAN)
    marketer = network_user(MARKETER)
    anonymous = [
        (reverse("content:contact"), {"clinic": ours.slug, "name": "A", "email": "a@example.org",
                                      "message": "Hello"}),
        (reverse("content:newsletter"), {"email": "a@example.org"}),
        (reverse("account_login"), {"login": me.user.email, "password": "x"}),
    ]  # fmt: skip
    as_patient = [
        (reverse("patients:profile"), {"legal_first_name": "Changed", "legal_last_name": "X",
                                       "date_of_birth": "1980-01-01"}),
        (step_url(intake, "goals"), intake_form_data()["goals"]),
        (confirm_url(ours, ours.consult, slot.starts_at), {"reason": "x"}),
        (reverse("scheduling:appointment_cancel", args=[ours.visit.id]), {"reason": "x"}),
        (reverse("patients:account_close"), {"confirm": "on"}),
    ]  # fmt: skip
    as_staff = [
        (physician, reverse("admin:patients_intake_change", args=[intake.pk]),
         {"action": "decide", "decision-decision": "cleared"}),
        (physician, reverse("admin:scheduling_appointment_change", args=[ours.visit.pk]),
         {"action": "check_in"}),
        (marketer, reverse("admin:content_article_add"), ARTICLE),
    ]  # fmt: skip
    before = _state()

    for url, data in anonymous:
        assert Client(enforce_csrf_checks=True).post(url, data).status_code == 403, url
    patient_client = Client(enforce_csrf_checks=True)
    patient_client.force_login(me.user)
    for url, data in as_patient:
        assert patient_client.post(url, data).status_code == 403, url
    for user, url, data in as_staff:
        staff_client = Client(enforce_csrf_checks=True)
        staff_client.force_login(user)
        assert staff_client.post(url, data).status_code == 403, url

    assert _state() == before
    assert me.closure_requests.count() == 0
