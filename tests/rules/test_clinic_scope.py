"""Rule 2: staff reach only their clinics' patients.

A patient belongs to a clinic because they started an intake, booked or waited there, or
because the clinic registered them with the name, date of birth and email they gave
(patients.ClinicPatient). Typing another clinic's patient's email anywhere reaches nobody,
tells nothing, and leaves no trace in either clinic's records.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from patients.models import AuditEvent, ClinicPatient, PatientProfile
from patients.services import NOT_FOUND_FOR_STAFF, clinic_patient_add
from scheduling.models import Appointment, InfusionSeries
from tests.factories import staff_member
from tests.rules.conftest import TUESDAY_9, WEDNESDAY_9, World, local_input, make_world
from tests.scheduling.conftest import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(make_clinic) -> tuple[World, World]:
    """Pasadena and Allen, each with its own patients."""
    return make_world(make_clinic()), make_world(make_clinic("America/Chicago"))


def _book_page(world, email, *, book: bool):
    fields = {
        "clinic": world.clinic.pk,
        "service": world.consultation.pk,
        "day": "2026-11-10",
        "patient_email": email,
    }
    if book:
        fields |= {"start": local_input(TUESDAY_9, world.clinic), "book": "Book"}
    return world.staff_client(world.desk).post(reverse("admin:scheduling_appointment_add"), fields)


def _series_page(world, email):
    return world.staff_client(world.desk).post(
        reverse("admin:scheduling_infusionseries_add"),
        {
            "clinic": world.clinic.pk,
            "patient_email": email,
            "service": world.infusion.pk,
            "sessions": 2,
            "per_week": 2,
            "min_gap_hours": 24,
            "first_day": "2026-11-10",
            "start": [
                local_input(TUESDAY_9, world.clinic),
                local_input(WEDNESDAY_9, world.clinic),
            ],
            "book": "Book",
        },
    )


def test_typing_another_clinics_patients_email_reaches_nobody(two, at_now):
    pasadena, allen = two
    theirs = allen.cleared
    before = AuditEvent.objects.filter(patient=theirs).count()

    for response in (
        _book_page(pasadena, theirs.user.email, book=False),
        _book_page(pasadena, theirs.user.email, book=True),
        _series_page(pasadena, theirs.user.email),
    ):
        page = response.content.decode()
        assert response.status_code == 200
        assert f"No patient of {pasadena.clinic.name} signs in with this email" in page
        assert theirs.legal_last_name not in page

    assert not Appointment.objects.filter(patient=theirs).exists()
    assert not InfusionSeries.objects.filter(patient=theirs).exists()
    assert not theirs.clinic_links.filter(clinic=pasadena.clinic).exists()
    assert AuditEvent.objects.filter(patient=theirs).count() == before


def test_an_unknown_email_and_another_clinics_email_read_the_same(two, at_now):
    """No account oracle: the form answers alike whether or not the email has an account."""
    pasadena, allen = two
    known = _book_page(pasadena, allen.cleared.user.email, book=False).content.decode()
    unknown = _book_page(pasadena, "nobody-here@example.org", book=False).content.decode()

    def error(page: str) -> str:
        start = page.index('class="errorlist')
        return page[start : page.index("</ul>", start)]

    assert error(known) == error(unknown)


def test_other_clinics_patients_pages_stay_closed(two, at_now):
    pasadena, allen = two
    client = pasadena.staff_client(pasadena.desk)
    theirs = allen.cleared

    change = client.get(reverse("admin:patients_patientprofile_change", args=[theirs.pk]))
    booster = client.get(reverse("admin:scheduling_appointment_add") + f"?patient={theirs.pk}")
    listing = client.get(reverse("admin:patients_patientprofile_changelist"))

    assert change.status_code == 302  # "not found": the admin sends you home
    assert booster.status_code == 403
    assert theirs.legal_last_name not in listing.content.decode() or (
        theirs.legal_last_name == pasadena.cleared.legal_last_name
    )
    assert theirs not in listing.context["cl"].result_list


def test_registering_a_patient_needs_all_three_details_and_is_audited(two, at_now):
    pasadena, allen = two
    theirs = allen.cleared
    details = {
        "legal_first_name": theirs.legal_first_name.upper(),
        "legal_last_name": f"  {theirs.legal_last_name} ",
        "date_of_birth": theirs.date_of_birth,
        "email": theirs.user.email.upper(),
    }
    client = pasadena.staff_client(pasadena.desk)
    url = reverse("admin:patients_patientprofile_add")

    for wrong in (
        {"date_of_birth": theirs.date_of_birth + dt.timedelta(days=1)},
        {"legal_last_name": "Someone"},
        {"email": "someone-else@example.org"},
    ):
        page = client.post(url, {**details, **wrong, "clinic": pasadena.clinic.pk})
        assert page.status_code == 200
        assert NOT_FOUND_FOR_STAFF.split(":")[0] in page.content.decode()
        assert page.context["form"]["legal_first_name"].value() == details["legal_first_name"]
    assert not theirs.clinic_links.filter(clinic=pasadena.clinic).exists()

    done = client.post(url, {**details, "clinic": pasadena.clinic.pk})

    assert done["Location"] == reverse("admin:patients_patientprofile_change", args=[theirs.pk])
    link = theirs.clinic_links.get(clinic=pasadena.clinic)
    assert link.how == ClinicPatient.How.STAFF and link.added_by == pasadena.desk
    event = AuditEvent.objects.filter(patient=theirs, actor=pasadena.desk).latest("at")
    assert event.object_type == "clinicpatient" and event.action == "create"
    assert event.clinics == [pasadena.clinic.pk]
    # From now on Pasadena may book them (a consultation), and read their record.
    assert _book_page(pasadena, theirs.user.email, book=True).status_code == 302
    assert (
        client.get(reverse("admin:patients_patientprofile_change", args=[theirs.pk])).status_code
        == 200
    )


def test_only_staff_who_book_may_register_patients(two):
    pasadena, _ = two
    nurse = staff_member(pasadena.clinic, Role.NURSE)
    with pytest.raises(Exception, match="may not add patients"):
        clinic_patient_add(
            clinic=pasadena.clinic,
            by=nurse,
            legal_first_name="Pat",
            legal_last_name="Ient",
            date_of_birth=dt.date(1980, 6, 15),
            email=pasadena.cleared.user.email,
        )
    response = pasadena.staff_client(nurse).get(reverse("admin:patients_patientprofile_add"))
    assert response.status_code == 403


def test_a_closed_account_cannot_be_registered(two):
    pasadena, allen = two
    theirs = allen.cleared
    theirs.user.is_active = False
    theirs.user.save()
    with pytest.raises(ValidationError):
        clinic_patient_add(
            clinic=pasadena.clinic,
            by=pasadena.desk,
            legal_first_name=theirs.legal_first_name,
            legal_last_name=theirs.legal_last_name,
            date_of_birth=theirs.date_of_birth,
            email=theirs.user.email,
        )


def test_a_manager_reads_only_their_own_clinics_audit_events(two, at_now):
    pasadena, allen = two
    shared = allen.cleared
    pasadena.staff_client(pasadena.desk).post(
        reverse("admin:patients_patientprofile_add"),
        {
            "clinic": pasadena.clinic.pk,
            "legal_first_name": shared.legal_first_name,
            "legal_last_name": shared.legal_last_name,
            "date_of_birth": shared.date_of_birth,
            "email": shared.user.email,
        },
    )
    pasadena.staff_client(pasadena.desk).get(
        reverse("admin:patients_patientprofile_change", args=[shared.pk])
    )
    allen.staff_client(allen.desk).get(
        reverse("admin:patients_patientprofile_change", args=[shared.pk])
    )

    def actors_seen_by(world) -> set:
        listing = world.staff_client(world.manager).get(
            reverse("admin:patients_auditevent_changelist"), {"patient__id__exact": shared.pk}
        )
        return {event.actor for event in listing.context["cl"].result_list}

    assert pasadena.desk in actors_seen_by(pasadena) and allen.desk not in actors_seen_by(pasadena)
    assert allen.desk in actors_seen_by(allen) and pasadena.desk not in actors_seen_by(allen)


def test_what_a_patient_does_at_a_clinic_makes_them_its_patient(world, at_now):
    """The patient's own steps open their record to that clinic, and only that one."""
    from patients.services import intake_start
    from scheduling.services import appointment_book
    from tests.factories import ClinicFactory, patient

    person = patient()
    elsewhere = ClinicFactory()
    intake_start(patient=person, clinic=world.clinic)
    assert set(person.clinic_links.values_list("how", flat=True)) == {"intake"}

    walk_in = patient()
    appointment_book(
        clinic=world.clinic,
        service=world.consultation,
        starts_at=TUESDAY_9,
        patient=walk_in,
        booked_by=walk_in.user,
        reason="First visit",
    )
    assert walk_in.permission_clinic_ids() == {world.clinic.pk}
    assert elsewhere.pk not in PatientProfile.objects.get(pk=person.pk).permission_clinic_ids()


def test_moving_a_visit_keeps_its_patient_and_visit_type(world, at_now):
    """Found by the second break-it pass: the move page took another patient's email (and
    showed their clearance and times) while moving the first patient's visit."""
    from scheduling.services import appointment_book

    visit = appointment_book(
        clinic=world.clinic,
        service=world.consultation,
        starts_at=TUESDAY_9,
        patient=world.waiting,
        booked_by=world.desk,
        staff=True,
    )
    client = world.staff_client(world.desk)
    url = reverse("admin:scheduling_appointment_add") + f"?move={visit.pk}"
    page = client.post(
        url,
        {
            "clinic": world.clinic.pk,
            "service": world.infusion.pk,
            "day": "2026-11-11",
            "patient_email": world.cleared.user.email,
        },
    )

    form = page.context["form"]
    assert form.cleaned_data["patient"] == world.waiting
    assert form.cleaned_data["service"] == world.consultation
    assert world.cleared.legal_name not in page.content.decode()
