"""Rule 4: closures and time off never strand booked visits.

Both doors (a clinic closure; a clinician's time off, whole day or some hours) name the visits
in the way before anything saves, with a link to move each, and save only once they are moved
or when staff choose to cancel them, each patient then told by the cancellation message.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from clinic.models import Closure
from patients.models import OutboundMessage
from scheduling.closures import VisitsInTheWay, closure_save, time_off_save
from scheduling.models import Appointment, ProviderException
from scheduling.services import appointment_book
from tests.rules.conftest import NOW, TUESDAY_9

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 11, 10)


@pytest.fixture
def booked_tuesday(world):
    return appointment_book(
        clinic=world.clinic,
        service=world.infusion,
        starts_at=TUESDAY_9,
        patient=world.cleared,
        booked_by=world.cleared.user,
        now=NOW,
    )


def _closure_form(world, **extra):
    return world.staff_client(world.manager).post(
        reverse("admin:clinic_closure_add"),
        {"clinic": world.clinic.pk, "date": "2026-11-10", "reason": "Power work", **extra},
    )


def _time_off_form(world, visit, **extra):
    return world.staff_client(world.manager).post(
        reverse("admin:scheduling_providerexception_add"),
        {
            "clinic": world.clinic.pk,
            "provider": visit.provider.pk,
            "date": "2026-11-10",
            "kind": "time_off",
            "starts_at": "08:30",
            "ends_at": "10:00",
            "note": "Dentist",
            **extra,
        },
    )


DOORS = {"clinic closure": _closure_form, "time off for some hours": _time_off_form}


@pytest.mark.parametrize("door", DOORS.values(), ids=DOORS.keys())
def test_the_visits_in_the_way_are_named_and_nothing_saves(world, booked_tuesday, at_now, door):
    page = (door(world) if door is _closure_form else door(world, booked_tuesday)).content.decode()

    assert "These booked visits fall in this time" in page
    assert "Tue Nov 10, 9:00 AM PST" in page and world.cleared.legal_name in page
    assert f"?move={booked_tuesday.pk}" in page  # one click to move it
    assert 'value="Power work"' in page or 'value="Dentist"' in page  # what was typed stays
    assert not Closure.objects.exists() and not ProviderException.objects.exists()
    assert Appointment.objects.get(pk=booked_tuesday.pk).status == "booked"


@pytest.mark.parametrize("door", DOORS.values(), ids=DOORS.keys())
def test_choosing_to_cancel_saves_and_tells_each_patient(world, booked_tuesday, at_now, door):
    response = (
        door(world, cancel_visits="on")
        if door is _closure_form
        else door(world, booked_tuesday, cancel_visits="on")
    )

    assert response.status_code == 302
    visit = Appointment.objects.get(pk=booked_tuesday.pk)
    assert (visit.status, visit.cancelled_by) == ("cancelled", "clinic")
    assert OutboundMessage.objects.filter(appointment=visit, kind="booking_cancelled").exists()
    assert Closure.objects.exists() or ProviderException.objects.exists()


def test_a_moved_visit_clears_the_way(world, booked_tuesday, at_now):
    from scheduling.services import appointment_reschedule

    appointment_reschedule(
        appointment=booked_tuesday,
        starts_at=TUESDAY_9 + dt.timedelta(days=2),
        by=world.desk,
        by_patient=False,
        now=NOW,
    )

    assert _closure_form(world).status_code == 302
    assert Closure.objects.get().date == TUESDAY


def test_time_off_outside_the_visit_or_of_someone_else_saves_at_once(world, booked_tuesday):
    other_nurse = (
        world.clinic.provider_hours.exclude(provider=booked_tuesday.provider)
        .filter(provider__clinic_memberships__role="nurse")
        .first()
        .provider
    )
    for exception in (
        ProviderException(
            clinic=world.clinic,
            provider=booked_tuesday.provider,
            date=TUESDAY,
            kind="time_off",
            starts_at=dt.time(13),
            ends_at=dt.time(15),
        ),
        ProviderException(clinic=world.clinic, provider=other_nurse, date=TUESDAY, kind="time_off"),
    ):
        assert time_off_save(exception=exception, by=world.manager, now=NOW) == []
    assert booked_tuesday.__class__.objects.get(pk=booked_tuesday.pk).status == "booked"


def test_the_service_holds_the_rule_for_any_caller(world, booked_tuesday):
    closure = Closure(clinic=world.clinic, date=TUESDAY, reason="Flood")
    with pytest.raises(VisitsInTheWay) as refused:
        closure_save(closure=closure, by=world.manager, now=NOW)
    assert refused.value.visits == [booked_tuesday]
    assert not Closure.objects.exists()

    with pytest.raises(Exception, match="Only staff who book"):
        from tests.factories import staff_member
        from tests.scheduling.conftest import Role

        nurse = staff_member(world.clinic, Role.NURSE)
        closure_save(closure=closure, by=nurse, cancel_visits=True, now=NOW)
    assert not Closure.objects.exists()
    assert Appointment.objects.get(pk=booked_tuesday.pk).status == "booked"

    cancelled = closure_save(closure=closure, by=world.manager, cancel_visits=True, now=NOW)
    assert [v.pk for v in cancelled] == [booked_tuesday.pk]
    mail.outbox.clear()


# --- Found by the break-it pass: the clinician's weekly hours are a door too ------------------


def _hours_of(visit):
    from scheduling.models import ProviderHours

    return ProviderHours.objects.get(clinic=visit.clinic, provider=visit.provider, weekday=1)


def test_cutting_a_clinicians_weekly_hours_names_the_visits_it_would_strand(
    world, booked_tuesday, at_now
):
    hours = _hours_of(booked_tuesday)  # Tuesdays 8-18
    client = world.staff_client(world.manager)
    url = reverse("admin:scheduling_providerhours_change", args=[hours.pk])
    fields = {
        "clinic": world.clinic.pk,
        "provider": hours.provider.pk,
        "weekday": 1,
        "starts_at": "08:00",
        "ends_at": "09:00",
    }

    page = client.post(url, fields).content.decode()

    assert "These booked visits fall in this time" in page and "Tue Nov 10, 9:00 AM PST" in page
    hours.refresh_from_db()
    assert hours.ends_at == dt.time(18)
    # Hours that still cover the visit save at once; a cut that strands it needs the tick.
    assert client.post(url, {**fields, "ends_at": "12:00"}).status_code == 302
    assert client.post(url, {**fields, "cancel_visits": "on"}).status_code == 302
    assert Appointment.objects.get(pk=booked_tuesday.pk).status == "cancelled"


def test_deleting_the_hours_a_visit_needs_is_refused(world, booked_tuesday, at_now):
    hours = _hours_of(booked_tuesday)
    client = world.staff_client(world.manager)

    response = client.post(
        reverse("admin:scheduling_providerhours_delete", args=[hours.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert hours.__class__.objects.filter(pk=hours.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "These booked visits fall in this time" in page
    listing = client.get(reverse("admin:scheduling_providerhours_changelist")).content.decode()
    assert "delete_selected" not in listing  # no bulk door around the check


def test_deleting_the_extra_hours_a_visit_needs_is_refused(world, at_now):
    from scheduling.closures import visits_losing_extra_hours
    from scheduling.models import ProviderHours

    nurse = world.infusion.clinic.memberships.filter(role="nurse").first().user
    # No nurse works on Tuesdays but in this one's extra hours: the visit depends on them.
    ProviderHours.objects.filter(clinic=world.clinic, weekday=1).delete()
    extra = ProviderException.objects.create(
        clinic=world.clinic,
        provider=nurse,
        date=TUESDAY,
        kind="extra",
        starts_at=dt.time(8),
        ends_at=dt.time(12),
    )
    visit = appointment_book(
        clinic=world.clinic,
        service=world.infusion,
        starts_at=TUESDAY_9,
        patient=world.cleared,
        booked_by=world.desk,
        staff=True,
        now=NOW,
    )
    assert visit.provider == nurse
    assert visits_losing_extra_hours(exception=extra, now=NOW) == [visit]
    client = world.staff_client(world.manager)
    delete = reverse("admin:scheduling_providerexception_delete", args=[extra.pk])
    client.post(delete, {"post": "yes"})
    assert ProviderException.objects.filter(pk=extra.pk).exists()
    shorter = client.post(
        reverse("admin:scheduling_providerexception_change", args=[extra.pk]),
        {
            "clinic": world.clinic.pk,
            "provider": nurse.pk,
            "date": "2026-11-10",
            "kind": "extra",
            "starts_at": "10:00",
            "ends_at": "12:00",
        },
    )
    assert "These booked visits fall in this time" in shorter.content.decode()


def test_shortening_the_clinics_opening_hours_names_the_visits_it_would_strand(
    world, booked_tuesday, at_now
):
    from clinic.models import OpeningHours

    tuesday = OpeningHours.objects.get(clinic=world.clinic, weekday=1)  # 8-18
    client = world.staff_client(world.manager)
    url = reverse("admin:clinic_openinghours_change", args=[tuesday.pk])
    fields = {"clinic": world.clinic.pk, "weekday": 1, "opens_at": "10:00", "closes_at": "18:00"}

    page = client.post(url, fields).content.decode()

    assert "These booked visits fall in this time" in page and "9:00 AM PST" in page
    tuesday.refresh_from_db()
    assert tuesday.opens_at == dt.time(8)
    deleted = client.post(
        reverse("admin:clinic_openinghours_delete", args=[tuesday.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302 and OpeningHours.objects.filter(pk=tuesday.pk).exists()
    assert client.post(url, {**fields, "cancel_visits": "on"}).status_code == 302
    assert Appointment.objects.get(pk=booked_tuesday.pk).status == "cancelled"


# --- Found by the second break-it pass --------------------------------------------------------


def test_giving_a_clinicians_hours_to_someone_else_names_the_visits_it_would_strand(
    world, booked_tuesday, at_now
):
    hours = _hours_of(booked_tuesday)
    colleague = (
        world.clinic.memberships.filter(role="nurse").exclude(user=booked_tuesday.provider).get()
    )
    page = world.staff_client(world.manager).post(
        reverse("admin:scheduling_providerhours_change", args=[hours.pk]),
        {
            "clinic": world.clinic.pk,
            "provider": colleague.user.pk,
            "weekday": 1,
            "starts_at": "08:00",
            "ends_at": "18:00",
        },
    )
    assert "These booked visits fall in this time" in page.content.decode()
    hours.refresh_from_db()
    assert hours.provider == booked_tuesday.provider


def test_retiring_a_chair_or_a_clinicians_role_names_the_visits_it_would_strand(
    world, booked_tuesday, at_now
):
    client = world.staff_client(world.manager)
    chair = booked_tuesday.chair
    retire = client.post(
        reverse("admin:scheduling_chair_change", args=[chair.pk]),
        {"clinic": world.clinic.pk, "name": chair.name, "notes": ""},  # "is active" unticked
    )
    assert "These booked visits fall in this time" in retire.content.decode()
    chair.refresh_from_db()
    assert chair.is_active

    membership = world.clinic.memberships.get(user=booked_tuesday.provider)
    fields = {
        "user": membership.user.pk,
        "clinic": world.clinic.pk,
        "role": "front_desk",
        "is_active": "on",
    }
    url = reverse("admin:clinic_clinicmembership_change", args=[membership.pk])
    page = client.post(url, fields)
    assert "These booked visits fall in this time" in page.content.decode()
    membership.refresh_from_db()
    assert membership.role == "nurse"

    assert client.post(url, {**fields, "cancel_visits": "on"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "front_desk"
    assert Appointment.objects.get(pk=booked_tuesday.pk).status == "cancelled"


# --- Found by the third break-it pass ---------------------------------------------------------


def test_a_clinics_time_zone_does_not_change_under_booked_visits(world, booked_tuesday, at_now):
    from tests.factories import network_user

    client = world.staff_client(network_user("Network admin"))
    page = client.get(reverse("admin:clinic_clinic_change", args=[world.clinic.pk]))
    fields = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    fields |= {"time_zone": "Asia/Tokyo", "reminder_hours": "48,3", "infusion_check_in_days": "1",
               "series_check_in_days": "7,30"}  # fmt: skip
    fields["phone"] = str(world.clinic.phone)
    response = client.post(reverse("admin:clinic_clinic_change", args=[world.clinic.pk]), fields)

    assert "These booked visits depend on what you are changing" in response.content.decode()
    world.clinic.refresh_from_db()
    assert world.clinic.time_zone == "America/Los_Angeles"


def test_a_service_or_a_clinicians_account_is_not_switched_off_under_booked_visits(
    world, booked_tuesday, at_now
):
    from tests.factories import network_user

    client = world.staff_client(network_user("Network admin"))
    service = world.infusion
    page = client.get(reverse("admin:clinic_service_change", args=[service.pk]))
    form = page.context["adminform"].form
    fields = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    fields["is_active"] = ""
    fields["provider_roles"] = service.provider_roles
    fields |= {"packages-TOTAL_FORMS": 0, "packages-INITIAL_FORMS": 0}
    refused = client.post(reverse("admin:clinic_service_change", args=[service.pk]), fields)
    assert "These booked visits depend on what you are changing" in refused.content.decode()
    service.refresh_from_db()
    assert service.is_active

    nurse = booked_tuesday.provider
    url = reverse("admin:patients_user_change", args=[nurse.pk])
    form = client.get(url).context["adminform"].form
    fields = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if hasattr(field, "fields"):  # a split date and time
            widgets = field.widget.decompress(value)
            fields |= {f"{name}_{i}": part or "" for i, part in enumerate(widgets)}
        else:
            fields[name] = value
    fields["is_active"] = ""
    refused = client.post(url, fields)
    assert "These booked visits depend on what you are changing" in refused.content.decode()
    nurse.refresh_from_db()
    assert nurse.is_active


def test_a_visit_under_way_is_neither_moved_nor_cancelled_by_a_closure(world, booked_tuesday):
    from scheduling.visits import visit_advance

    visit_advance(appointment=booked_tuesday, action="check_in", by=world.desk, now=TUESDAY_9)
    import time_machine

    with time_machine.travel(TUESDAY_9, tick=False):
        page = _closure_form(world, cancel_visits="on").content.decode()

    assert "These visits are under way in this time" in page
    assert f"?move={booked_tuesday.pk}" not in page
    assert not Closure.objects.exists()
    assert Appointment.objects.get(pk=booked_tuesday.pk).status == "checked_in"


def test_a_clinic_is_not_switched_off_nor_a_service_changed_under_booked_visits(
    world, booked_tuesday, at_now
):
    """Found by the fourth break-it pass: a clinic switched off, or an infusion service given
    to physicians, left booked visits nobody could keep."""
    from scheduling.admin import ClinicAdmin, ServiceAdmin

    clinic_page = ClinicAdmin(world.clinic.__class__, None)
    assert clinic_page.visits_stranded({"is_active": False}, world.clinic) == [booked_tuesday]
    assert clinic_page.visits_stranded({"is_active": True, "time_zone": "Mars/Olympus"},
                                       world.clinic) == []  # fmt: skip
    service_page = ServiceAdmin(world.infusion.__class__, None)
    assert service_page.visits_stranded(
        {"is_active": True, "provider_roles": ["physician"]}, world.infusion
    ) == [booked_tuesday]
    assert (
        service_page.visits_stranded(
            {"is_active": True, "kind": world.infusion.kind, "name": "Renamed"}, world.infusion
        )
        == []
    )
