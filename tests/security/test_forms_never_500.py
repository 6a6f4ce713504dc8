"""Property tests (issue #8): whatever is typed into the intake, the booking form, the search, the
clinic finder, the newsletter sign-up and the contact form, the answer is a page, a redirect or a
refusal, never a server error; and a form shown again with errors keeps what was typed.

Each test builds its rows once, then Hypothesis sends its examples through the test client
against the real database. Every example runs in a savepoint that is rolled back, so examples
do not see each other's bookings or messages, and starts with the rate limits' counters cleared
(the limits stay on: an example is one visitor's few attempts). The @given function is defined
inside the test, after the fixtures ran, so no function-scoped fixture is shared across examples
without this reset. In CI (CI=true) the examples are derandomized: the same ones each run.
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import quote

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from content.forms import ContactForm, NewsletterForm
from patients.demo import intake_fill, intake_form_data
from patients.intake import STEPS
from patients.services import intake_start
from scheduling.availability import available_slots
from scheduling.forms import BookingForm
from tests.factories import ClinicFactory, patient, treats
from tests.scheduling.conftest import consultation, provider
from tests.security.hostile import FieldValues, clear_rate_limits, open_clinic

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=40,
    deadline=None,  # a request against the database has no fixed duration on a busy machine
    database=None,  # nothing written beside the code; a failure prints its example
    derandomize=bool(os.environ.get("CI")),
)
EXPECTED = {200, 302, 400, 404}

# Anything a person, a paste or a script could put in a field: any Unicode (NUL and control
# characters included), numbers of any size, lengths around the forms' limits, dates at the
# calendar's edges, and markup.
AWKWARD = ["", " ", "\x00", "-1", "0", "10", "11", "1e9", "NaN", "½", "٣", "2026-02-30",
           "9999-12-31", "0001-01-01", "<script>alert(1)</script>", "' OR 1=1 --",
           "%", "\\"]  # fmt: skip
ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.builds("{}\x00{}".format, st.text(max_size=20), st.text(max_size=20)),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=195, max_value=205).map(lambda n: "x" * n),
    st.integers(min_value=1995, max_value=2005).map(lambda n: "é" * n),
    st.sampled_from(AWKWARD),
)


def mostly(usual: st.SearchStrategy, otherwise: st.SearchStrategy) -> st.SearchStrategy:
    """`usual` four times in five, `otherwise` the fifth."""
    return st.integers(min_value=0, max_value=4).flatmap(lambda n: otherwise if n == 0 else usual)


def _value_for(field: forms.Field) -> st.SearchStrategy:
    """A valid value of the field, or anything at all."""
    if isinstance(field, forms.MultipleChoiceField):
        keys = [str(key) for key, _ in field.choices]
        return st.one_of(
            st.lists(st.sampled_from(keys), max_size=3), st.lists(ANY_TEXT, max_size=3)
        )
    if isinstance(field, forms.ModelChoiceField):
        keys = [str(getattr(obj, field.to_field_name or "pk")) for obj in field.queryset]
        return st.one_of(st.sampled_from(keys), ANY_TEXT) if keys else ANY_TEXT
    if isinstance(field, forms.ChoiceField):
        return st.one_of(st.sampled_from([str(key) for key, _ in field.choices]), ANY_TEXT)
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", ""]), ANY_TEXT)
    if isinstance(field, forms.EmailField):
        return mostly(st.emails(), ANY_TEXT)
    if isinstance(field, forms.IntegerField):
        return st.one_of(st.integers(min_value=-5, max_value=1300).map(str), ANY_TEXT)
    return ANY_TEXT


_MISSING = object()


def form_data(form: forms.Form, **fixed: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """POST data for every field of `form`, each one missing one time in five."""
    strategies = {name: _value_for(field) for name, field in form.fields.items()}
    strategies.update(fixed)
    return st.fixed_dictionaries(
        {name: mostly(value, st.just(_MISSING)) for name, value in strategies.items()}
    ).map(lambda data: {name: value for name, value in data.items() if value is not _MISSING})


def in_a_rolled_back_savepoint(example):
    """Run one example against a clean slate: its writes are rolled back, its rate-limit counts
    forgotten."""

    def run(*args, **kwargs):
        clear_rate_limits()
        with transaction.atomic():
            example(*args, **kwargs)
            transaction.set_rollback(True)

    return run


def assert_typed_text_kept(response, data: dict, text_fields: list[str]) -> None:
    """A form shown again keeps in each text field what was typed there."""
    if response.status_code != 200:
        return
    shown = FieldValues(response.content.decode()).values
    for name in text_fields:
        if isinstance(data.get(name), str) and name in shown:
            assert data[name] in shown[name], (name, data[name][:80], shown[name])


def text_fields(form: forms.Form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field.widget, forms.TextInput | forms.Textarea | forms.NumberInput)
        and not isinstance(field.widget, forms.HiddenInput)
    ]


# --- The intake --------------------------------------------------------------------------------


@pytest.fixture
def filled_intake():
    """A draft intake with every step but the signature answered: any step can be posted, and
    a valid signature sends it."""
    clinic = ClinicFactory()
    treats(clinic, "fibromyalgia", "ptsd")
    me = patient()
    intake = intake_start(patient=me, clinic=clinic)
    intake_fill(intake, intake_form_data(conditions=["fibromyalgia", "ptsd"]))
    intake.refresh_from_db()
    client = Client()
    client.force_login(me.user)
    return client, intake


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.slug)
def test_any_answer_to_an_intake_step_is_never_a_server_error(filled_intake, step):
    client, intake = filled_intake
    form = step.form_class(intake=intake)
    url = reverse("patients:intake_step", args=[intake.id, step.slug])
    fields = text_fields(form)

    @EXAMPLES
    @given(data=form_data(form))
    @in_a_rolled_back_savepoint
    def example(data):
        response = client.post(url, data)
        assert response.status_code in EXPECTED
        assert_typed_text_kept(response, data, fields)

    example()


# --- Booking -----------------------------------------------------------------------------------


@pytest.fixture
def booking():
    clinic = open_clinic()
    provider(clinic)
    service = consultation(clinic, slug="consultation")
    first_day = timezone.now().astimezone(clinic.zone).date() + dt.timedelta(days=2)
    slots = available_slots(clinic=clinic, service=service, first_day=first_day, days=3)[:20]
    client = Client()
    client.force_login(patient().user)
    url = reverse("scheduling:book_confirm", args=[clinic.slug, service.slug])
    return client, url, [slot.starts_at.astimezone(clinic.zone).isoformat() for slot in slots]


def test_any_booking_post_is_never_a_server_error(booking):
    client, url, offered = booking

    @EXAMPLES
    @given(
        start=mostly(st.sampled_from(offered), ANY_TEXT),
        data=form_data(BookingForm()),
    )
    @in_a_rolled_back_savepoint
    def example(start, data):
        response = client.post(f"{url}?start={quote(start)}", data)
        assert response.status_code in EXPECTED
        if start in offered:
            assert response.status_code in (200, 302)
            assert_typed_text_kept(response, data, ["reason"])

    example()


# --- Search and the clinic finder ---------------------------------------------------------------


def test_any_search_is_never_a_server_error(client):
    @EXAMPLES
    @given(q=ANY_TEXT, page=ANY_TEXT)
    def example(q, page):
        assert client.get(reverse("content:search"), {"q": q, "page": page}).status_code == 200

    example()


def test_any_clinic_finder_query_is_a_page_that_keeps_what_was_typed(client):
    ClinicFactory(name="Arroyo Test")
    ClinicFactory(name="Prairie Test", city="Allen", state="TX", zip_code="75013")

    @EXAMPLES
    @given(q=ANY_TEXT, state=st.one_of(st.sampled_from(["", "CA", "TX", "NY"]), ANY_TEXT))
    def example(q, state):
        response = client.get(reverse("clinic:list"), {"q": q, "state": state})
        assert response.status_code == 200
        assert_typed_text_kept(response, {"q": q}, ["q"])

    example()


# --- The newsletter and the contact form --------------------------------------------------------


@pytest.fixture
def clinics():
    return [ClinicFactory(), ClinicFactory()]


def test_any_newsletter_sign_up_is_never_a_server_error(client, clinics):
    form = NewsletterForm()

    @EXAMPLES
    @given(data=form_data(form, source=ANY_TEXT, website=mostly(st.just(""), ANY_TEXT)))
    @in_a_rolled_back_savepoint
    def example(data):
        response = client.post(reverse("content:newsletter"), data)
        assert response.status_code in EXPECTED
        assert_typed_text_kept(response, data, ["email"])

    example()


def test_any_contact_message_is_never_a_server_error(client, clinics):
    form = ContactForm()

    @EXAMPLES
    @given(data=form_data(form, website=mostly(st.just(""), ANY_TEXT)))
    @in_a_rolled_back_savepoint
    def example(data):
        response = client.post(reverse("content:contact"), data)
        assert response.status_code in EXPECTED
        assert_typed_text_kept(response, data, ["name", "email", "phone", "message"])

    example()
