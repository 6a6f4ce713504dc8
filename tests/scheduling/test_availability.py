"""The availability engine: hours, DST, Arizona, buffers, chairs, closures, notice, horizon."""

import datetime as dt

import pytest

from scheduling.availability import available_slots
from scheduling.models import ProviderException
from tests.scheduling.conftest import (
    Role,
    booked,
    chairs,
    consultation,
    infusion,
    local,
    provider,
    utc,
)

pytestmark = pytest.mark.django_db

LONG_AGO = utc(2026, 1, 1)  # "now" for tests about hours, far before every day asked


def slots(service, day, days=1, now=LONG_AGO, **kwargs):
    return available_slots(
        clinic=service.clinic, service=service, first_day=day, days=days, now=now, **kwargs
    )


def test_slots_fill_the_providers_hours_on_a_fifteen_minute_grid(clinic):
    provider(clinic)  # 09:00-12:00
    found = slots(consultation(clinic), dt.date(2026, 11, 10))

    assert [local(s, clinic.time_zone) for s in found][:3] == [
        "09:00 PST",
        "09:15 PST",
        "09:30 PST",
    ]
    assert local(found[-1], clinic.time_zone) == "11:15 PST"  # 45 min must end by 12:00
    assert len(found) == 10


@pytest.mark.parametrize(
    ("zone", "day", "first_utc"),
    [
        # Pacific: 09:00 is 16:00 UTC in PDT, 17:00 UTC in PST.
        ("America/Los_Angeles", dt.date(2026, 10, 31), utc(2026, 10, 31, 16)),
        ("America/Los_Angeles", dt.date(2026, 11, 1), utc(2026, 11, 1, 17)),  # fall back day
        ("America/Los_Angeles", dt.date(2027, 3, 13), utc(2027, 3, 13, 17)),
        ("America/Los_Angeles", dt.date(2027, 3, 14), utc(2027, 3, 14, 16)),  # spring forward
        # Central: CDT UTC-5, CST UTC-6.
        ("America/Chicago", dt.date(2026, 10, 31), utc(2026, 10, 31, 14)),
        ("America/Chicago", dt.date(2026, 11, 1), utc(2026, 11, 1, 15)),
        ("America/Chicago", dt.date(2027, 3, 14), utc(2027, 3, 14, 14)),
        # Arizona: UTC-7 every day of the year.
        ("America/Phoenix", dt.date(2026, 10, 31), utc(2026, 10, 31, 16)),
        ("America/Phoenix", dt.date(2026, 11, 1), utc(2026, 11, 1, 16)),
        ("America/Phoenix", dt.date(2027, 3, 14), utc(2027, 3, 14, 16)),
        ("America/Phoenix", dt.date(2027, 7, 1), utc(2027, 7, 1, 16)),
    ],
)
def test_first_slot_is_nine_local_on_both_sides_of_dst(make_clinic, zone, day, first_utc):
    clinic = make_clinic(zone)
    provider(clinic)

    found = slots(consultation(clinic), day)

    assert found[0].starts_at == first_utc
    assert found[0].ends_at - found[0].starts_at == dt.timedelta(minutes=45)


def _night_clinic(make_clinic, day):
    clinic = make_clinic("America/Los_Angeles")
    clinic.opening_hours.update(opens_at=dt.time(0), closes_at=dt.time(4))
    provider(clinic, hours=((0, 4),))
    return clinic, consultation(clinic, duration_minutes=60)


def test_the_autumn_overlap_hour_is_offered_twice_with_its_zone(make_clinic):
    _, service = _night_clinic(make_clinic, dt.date(2026, 11, 1))

    found = slots(service, dt.date(2026, 11, 1))

    labels = [local(s, "America/Los_Angeles") for s in found]
    assert "01:00 PDT" in labels and "01:00 PST" in labels
    # 00:00 PDT (07:00 UTC) to 04:00 PST (12:00 UTC) is five real hours: the last 60-minute
    # visit starts at 11:00 UTC.
    assert found[0].starts_at == utc(2026, 11, 1, 7) and found[-1].starts_at == utc(2026, 11, 1, 11)
    assert all(s.ends_at - s.starts_at == dt.timedelta(hours=1) for s in found)


def test_the_spring_gap_hour_does_not_exist(make_clinic):
    _, service = _night_clinic(make_clinic, dt.date(2027, 3, 14))

    found = slots(service, dt.date(2027, 3, 14))

    labels = [local(s, "America/Los_Angeles") for s in found]
    assert not any(label.startswith("02:") for label in labels)
    assert labels[0] == "00:00 PST" and "03:00 PDT" in labels
    # 00:00 PST (08:00 UTC) to 04:00 PDT (11:00 UTC): three real hours.
    assert found[-1].starts_at == utc(2027, 3, 14, 10)


def test_a_booked_visit_and_its_buffer_block_the_provider(clinic):
    doctor = provider(clinic)
    service = consultation(clinic, buffer_minutes=15)
    booked(service, utc(2026, 11, 10, 17), who=doctor)  # 09:00-09:45 PST, buffer to 10:00

    starts = [local(s, clinic.time_zone) for s in slots(service, dt.date(2026, 11, 10))]

    assert "09:00 PST" not in starts and "09:45 PST" not in starts
    assert starts[0] == "10:00 PST"
    # nothing may start where its own 45 minutes + 15 buffer would run into 09:00
    assert "08:15 PST" not in starts


def test_a_provider_busy_at_another_clinic_is_busy_here(clinic, make_clinic):
    doctor = provider(clinic)
    elsewhere = make_clinic("America/Los_Angeles")
    from clinic.models import ClinicMembership

    ClinicMembership.objects.create(user=doctor, clinic=elsewhere, role=Role.PHYSICIAN)
    booked(consultation(elsewhere), utc(2026, 11, 10, 17), who=doctor)

    starts = [s.starts_at for s in slots(consultation(clinic), dt.date(2026, 11, 10))]

    assert utc(2026, 11, 10, 17) not in starts


def test_cancelled_visits_free_their_time(clinic):
    doctor = provider(clinic)
    service = consultation(clinic)
    booked(service, utc(2026, 11, 10, 17), who=doctor, status="cancelled")

    assert slots(service, dt.date(2026, 11, 10))[0].starts_at == utc(2026, 11, 10, 17)


def test_chair_is_held_through_observation(clinic):
    nurses = [provider(clinic, Role.NURSE, hours=((9, 17),)) for _ in range(2)]
    (chair,) = chairs(clinic, 1)
    service = infusion(clinic)  # 50 min + 40 observation
    booked(service, utc(2026, 11, 10, 17), who=nurses[0], chair=chair)  # chair busy 09:00-10:30

    starts = [local(s, clinic.time_zone) for s in slots(service, dt.date(2026, 11, 10))]

    assert starts[0] == "10:30 PST"  # the second nurse is free, the only chair is not


def test_chair_capacity_limits_concurrent_infusions(clinic):
    nurses = [provider(clinic, Role.NURSE, hours=((9, 17),)) for _ in range(3)]
    two = chairs(clinic, 2)
    service = infusion(clinic)
    booked(service, utc(2026, 11, 10, 17), who=nurses[0], chair=two[0])
    booked(service, utc(2026, 11, 10, 17), who=nurses[1], chair=two[1])

    found = slots(service, dt.date(2026, 11, 10))

    assert utc(2026, 11, 10, 17) not in [s.starts_at for s in found]
    assert found[0].chair_ids and len(found[0].provider_ids) >= 1


def test_observation_must_end_before_closing(clinic):
    provider(clinic, Role.NURSE, hours=((9, 18),))
    chairs(clinic, 1)

    found = slots(infusion(clinic), dt.date(2026, 11, 10))

    # 50 + 40 minutes must fit before 18:00: the last start is 16:30.
    assert local(found[-1], clinic.time_zone) == "16:30 PST"


def test_closures_have_no_slots(clinic):
    provider(clinic)
    from tests.factories import ClosureFactory

    ClosureFactory(clinic=clinic, date=dt.date(2026, 11, 26))

    assert slots(consultation(clinic), dt.date(2026, 11, 26)) == []


def test_provider_time_off_and_extra_hours(clinic):
    doctor = provider(clinic, days=range(5))  # weekdays only
    service = consultation(clinic)
    ProviderException.objects.create(
        clinic=clinic, provider=doctor, date=dt.date(2026, 11, 10), kind="time_off"
    )
    ProviderException.objects.create(
        clinic=clinic,
        provider=doctor,
        date=dt.date(2026, 11, 11),
        kind="time_off",
        starts_at=dt.time(9),
        ends_at=dt.time(11),
    )
    ProviderException.objects.create(
        clinic=clinic,
        provider=doctor,
        date=dt.date(2026, 11, 14),
        kind="extra",
        starts_at=dt.time(13),
        ends_at=dt.time(15),
    )

    assert slots(service, dt.date(2026, 11, 10)) == []
    assert [local(s, clinic.time_zone) for s in slots(service, dt.date(2026, 11, 11))] == [
        "11:00 PST",
        "11:15 PST",
    ]
    saturday = slots(service, dt.date(2026, 11, 14))
    assert local(saturday[0], clinic.time_zone) == "13:00 PST"


def test_provider_hours_outside_opening_hours_are_not_offered(clinic):
    provider(clinic, hours=((6, 9),))  # clinic opens at 08:00

    found = slots(consultation(clinic), dt.date(2026, 11, 10))

    assert local(found[0], clinic.time_zone) == "08:00 PST"


def test_minimum_notice_and_horizon(clinic):
    provider(clinic)
    service = consultation(clinic, min_notice_hours=48, horizon_days=10)
    now = utc(2026, 11, 10, 18)  # Tuesday 10:00 PST

    found = slots(service, dt.date(2026, 11, 10), days=14, now=now)

    assert found[0].starts_at >= now + dt.timedelta(hours=48)
    assert found[-1].starts_at <= now + dt.timedelta(days=10)
    assert local(found[0], clinic.time_zone) == "10:00 PST"  # Thursday 10:00 (48 h later)
    staff_view = slots(service, dt.date(2026, 11, 10), days=2, now=now, enforce_notice=False)
    assert staff_view[0].starts_at == utc(2026, 11, 10, 18)  # staff may book inside the notice


def test_only_providers_of_the_services_roles_are_offered(clinic):
    provider(clinic, Role.NURSE)

    assert slots(consultation(clinic), dt.date(2026, 11, 10)) == []


def test_days_must_be_a_sensible_range(clinic):
    with pytest.raises(ValueError, match="days"):
        slots(consultation(clinic), dt.date(2026, 11, 10), days=0)


@pytest.mark.parametrize(("providers", "days"), [(1, 1), (5, 14)])
def test_a_fixed_number_of_queries(clinic, django_assert_num_queries, providers, days):
    for _ in range(providers):
        provider(clinic, Role.NURSE, hours=((9, 17),))
    chairs(clinic, 6)
    service = infusion(clinic)

    with django_assert_num_queries(7):
        slots(service, dt.date(2026, 11, 9), days=days)
