from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from clinic.models import Package
from tests.factories import ClinicFactory, OpeningHoursFactory, PackageFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("single", "sessions", "package", "saving"),
    [
        ("495", 6, "2520", 15),  # 2970 -> 2520 saves 15.15 %: shown as 15, never rounded up
        ("500", 6, "2700", 10),
        ("550", 6, "2850", 13),  # 13.6 % -> 13
        ("100", 3, "299.99", 0),  # 0.003 % is no saving worth a badge
        ("333.33", 3, "666.66", 33),
    ],
)
def test_package_saving_is_computed_from_single_prices_and_rounded_down(
    single, sessions, package, saving
):
    service = ServiceFactory(price=Decimal(single))

    offer = PackageFactory(service=service, sessions=sessions, price=Decimal(package))

    assert offer.savings_percent == saving
    assert offer.single_sessions_price == Decimal(single) * sessions


def test_package_saving_follows_a_change_of_the_single_price():
    offer = PackageFactory(service=ServiceFactory(price=Decimal("500")), price=Decimal("2700"))
    offer.service.price = Decimal("600")

    assert offer.savings_percent == 25


def test_package_that_saves_nothing_is_refused():
    service = ServiceFactory(price=Decimal("400"))
    offer = Package(service=service, name="Bad deal", sessions=3, price=Decimal("1200"))

    with pytest.raises(ValidationError) as error:
        offer.full_clean()

    assert "less than the same sessions booked singly" in str(error.value)


def test_package_of_a_free_service_shows_no_saving():
    offer = Package(service=ServiceFactory(price=Decimal("0")), sessions=2, price=Decimal("1"))

    assert offer.savings_percent == 0


def test_database_refuses_a_package_of_one_session():
    with pytest.raises(IntegrityError):
        PackageFactory(sessions=1)


def test_database_refuses_hours_that_close_before_they_open():
    import datetime as dt

    with pytest.raises(IntegrityError):
        OpeningHoursFactory(opens_at=dt.time(17), closes_at=dt.time(9))


def test_overlapping_hours_on_one_day_are_refused_with_a_message():
    import datetime as dt

    existing = OpeningHoursFactory(weekday=2, opens_at=dt.time(9), closes_at=dt.time(13))
    overlapping = type(existing)(
        clinic=existing.clinic, weekday=2, opens_at=dt.time(12), closes_at=dt.time(17)
    )

    with pytest.raises(ValidationError, match="overlap"):
        overlapping.full_clean()


def test_clinic_time_zone_must_be_an_iana_zone():
    clinic = ClinicFactory.build(time_zone="Pacific Standard Time")

    with pytest.raises(ValidationError) as error:
        clinic.full_clean(exclude=["brand"])

    assert "time_zone" in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("reminder_hours", "48,48", "Give each value once."),
        ("reminder_hours", "0", "Zero is not an offset"),
        ("reminder_hours", "400", "336 is the most allowed here"),
        ("series_check_in_days", "7,7", "Give each value once."),
        ("infusion_check_in_days", "30", "14 is the most allowed here"),
        (
            "series_check_in_days",
            "7,abc",
            "Item 2 in the array did not validate: Enter a whole number.",
        ),
    ],
)
def test_the_clinic_form_explains_a_bad_message_schedule(field, typed, error):
    from django.forms.models import model_to_dict

    from clinic.admin import ClinicAdminForm

    clinic = ClinicFactory()
    data = {k: v for k, v in model_to_dict(clinic).items() if v is not None}
    for name in ("reminder_hours", "infusion_check_in_days", "series_check_in_days"):
        data[name] = ",".join(str(v) for v in data[name])
    data[field] = typed

    form = ClinicAdminForm(data, instance=clinic)

    assert not form.is_valid()
    assert error in " ".join(form.errors[field])
    assert form[field].value() == typed  # what was typed stays in the box


def test_the_clinic_form_saves_a_new_check_in_schedule():
    from django.forms.models import model_to_dict

    from clinic.admin import ClinicAdminForm

    clinic = ClinicFactory()
    data = {k: v for k, v in model_to_dict(clinic).items() if v is not None}
    data.update(
        reminder_hours="72, 24, 2",
        infusion_check_in_days="",
        series_check_in_days="7,30,90",
        check_in_time="18:15",
    )

    form = ClinicAdminForm(data, instance=clinic)

    assert form.is_valid(), form.errors
    form.save()
    clinic.refresh_from_db()
    assert clinic.reminder_hours == [72, 24, 2]
    assert clinic.infusion_check_in_days == []
    assert clinic.series_check_in_days == [7, 30, 90]
