"""One helper shows every instant on a zone's wall clock with its label; the reader's zone rule."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from clinic.localtime import local_time, reader_zone, zone_label
from clinic.models import ClinicMembership
from clinic.roles import MARKETER, NETWORK_ADMIN
from tests.factories import ClinicFactory, network_user, staff_member

Role = ClinicMembership.Role
NOVEMBER_9AM_PACIFIC = dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC)  # a Tuesday
JULY_9AM_PACIFIC = dt.datetime(2026, 7, 14, 16, tzinfo=dt.UTC)  # a Tuesday, summer time
NOVEMBER_16_UTC = dt.datetime(2026, 11, 10, 16, tzinfo=dt.UTC)
LATE_EVENING = dt.datetime(2026, 11, 11, 7, 30, tzinfo=dt.UTC)
NOON = dt.datetime(2026, 11, 10, 20, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("instant", "zone", "shown"),
    [
        (NOVEMBER_9AM_PACIFIC, "America/Los_Angeles", "Tue Nov 10 2026, 9:00 AM PST"),
        (JULY_9AM_PACIFIC, "America/Los_Angeles", "Tue Jul 14 2026, 9:00 AM PDT"),
        (NOVEMBER_9AM_PACIFIC, "America/Chicago", "Tue Nov 10 2026, 11:00 AM CST"),
        # Arizona keeps standard time all year: 9 AM in Phoenix is 16:00 UTC in both seasons.
        (NOVEMBER_16_UTC, "America/Phoenix", "Tue Nov 10 2026, 9:00 AM MST"),
        (JULY_9AM_PACIFIC, "America/Phoenix", "Tue Jul 14 2026, 9:00 AM MST"),
        (LATE_EVENING, "America/Los_Angeles", "Tue Nov 10 2026, 11:30 PM PST"),
        (NOON, "America/Los_Angeles", "Tue Nov 10 2026, 12:00 PM PST"),
    ],
)  # fmt: skip
def test_an_instant_reads_on_the_zones_wall_clock_with_its_label(instant, zone, shown):
    assert local_time(instant, zone) == shown
    assert local_time(instant, ZoneInfo(zone)) == shown


def test_both_sides_of_the_november_change_carry_their_own_label():
    first_one_thirty = dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)
    second_one_thirty = first_one_thirty + dt.timedelta(hours=1)

    assert local_time(first_one_thirty, "America/Los_Angeles", style="time") == "1:30 AM PDT"
    assert local_time(second_one_thirty, "America/Los_Angeles", style="time") == "1:30 AM PST"


def test_the_other_styles():
    zone = "America/Los_Angeles"

    assert local_time(NOVEMBER_9AM_PACIFIC, zone, style="short") == "Tue Nov 10, 9:00 AM PST"
    assert (
        local_time(NOVEMBER_9AM_PACIFIC, zone, style="long")
        == "Tuesday, November 10, 2026 at 9:00 AM PST"
    )
    assert local_time(None, zone) == ""


def test_a_naive_time_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="aware"):
        local_time(dt.datetime(2026, 11, 10, 9), "America/Los_Angeles")  # noqa: DTZ001


def test_without_a_zone_the_active_one_is_used():
    with timezone.override(ZoneInfo("America/Chicago")):
        assert local_time(NOVEMBER_9AM_PACIFIC) == "Tue Nov 10 2026, 11:00 AM CST"
        assert zone_label(at=NOVEMBER_9AM_PACIFIC) == "Central Time (CST)"


@pytest.mark.django_db
def test_staff_read_network_wide_times_in_their_first_clinics_zone():
    phoenix = ClinicFactory(time_zone="America/Phoenix")
    allen = ClinicFactory(time_zone="America/Chicago")
    nurse = staff_member(phoenix, Role.NURSE)
    ClinicMembership.objects.create(user=nurse, clinic=allen, role=Role.CLINIC_MANAGER)

    assert reader_zone(nurse) == ZoneInfo("America/Phoenix")


@pytest.mark.django_db
def test_an_inactive_membership_does_not_decide_the_readers_zone():
    phoenix = ClinicFactory(time_zone="America/Phoenix")
    allen = ClinicFactory(time_zone="America/Chicago")
    nurse = staff_member(phoenix, Role.NURSE)
    ClinicMembership.objects.filter(user=nurse).update(is_active=False)
    ClinicMembership.objects.create(user=nurse, clinic=allen, role=Role.NURSE)

    assert reader_zone(nurse) == ZoneInfo("America/Chicago")


@pytest.mark.django_db
@pytest.mark.parametrize("group", [NETWORK_ADMIN, MARKETER])
def test_people_of_no_clinic_read_the_networks_zone(group):
    with override_settings(PORTAL_NETWORK_TIME_ZONE="America/New_York"):
        assert reader_zone(network_user(group)) == ZoneInfo("America/New_York")


def test_django_writes_a_time_as_the_helper_does():
    from django.utils import formats

    zone = ZoneInfo("America/Los_Angeles")
    with timezone.override(zone):
        for instant in (NOVEMBER_9AM_PACIFIC, JULY_9AM_PACIFIC, LATE_EVENING, NOON):
            shown = formats.localize(timezone.template_localtime(instant))
            assert shown == local_time(instant, zone)


@pytest.mark.django_db
def test_an_objects_history_shows_its_times_on_the_readers_clock(client):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    phoenix = ClinicFactory(time_zone="America/Phoenix")
    manager = staff_member(phoenix, Role.CLINIC_MANAGER)
    LogEntry.objects.create(
        action_time=NOVEMBER_9AM_PACIFIC,
        user=manager,
        content_type=ContentType.objects.get_for_model(phoenix),
        object_id=str(phoenix.pk),
        object_repr=str(phoenix),
        action_flag=CHANGE,
        change_message="Changed hours.",
    )
    client.force_login(manager)

    page = client.get(reverse("admin:clinic_clinic_history", args=[phoenix.pk]))

    assert "Tue Nov 10 2026, 10:00 AM MST" in page.content.decode()
