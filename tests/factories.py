"""factory_boy factories for the test suite: real rows in the real database."""

import datetime as dt
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from clinic.models import (
    Brand,
    Clinic,
    ClinicMembership,
    Closure,
    OpeningHours,
    Package,
    Service,
    StaffProfile,
)
from scheduling.models import Chair

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class ClinicFactory(factory.django.DjangoModelFactory):
    """A clinic in Pasadena by default; pass the ZIP, coordinates and zone to move it."""

    class Meta:
        model = Clinic

    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"Test Clinic {n}")
    slug = factory.Sequence(lambda n: f"test-clinic-{n}")
    street = "1 Test Street"
    city = "Pasadena"
    state = "CA"
    zip_code = "91101"
    latitude = Decimal("34.1468")
    longitude = Decimal("-118.1391")
    phone = "+16265550100"
    email = factory.Sequence(lambda n: f"clinic{n}@example.org")
    time_zone = "America/Los_Angeles"
    short_description = "A clinic for the tests."


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    clinic = factory.SubFactory(ClinicFactory)
    weekday = 0
    opens_at = dt.time(9, 0)
    closes_at = dt.time(17, 0)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    clinic = factory.SubFactory(ClinicFactory)
    date = dt.date(2026, 11, 26)
    reason = "Thanksgiving Day"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    clinic = factory.SubFactory(ClinicFactory)
    kind = Service.Kind.INFUSION
    name = "IV ketamine infusion"
    slug = factory.Sequence(lambda n: f"service-{n}")
    duration_minutes = 50
    observation_minutes = 40
    price = Decimal("500.00")


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Package

    service = factory.SubFactory(ServiceFactory)
    name = "Six-infusion series"
    sessions = 6
    price = Decimal("2700.00")


class ChairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chair

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Chair {n}")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Staff Member {n}")


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the tests' staff authenticator app


def with_second_factor(user):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    return user


def staff_member(clinic: Clinic, role: str, **user_fields):
    """A user with a staff profile, a role at `clinic` and an authenticator app (staff must
    use two factors), able to open the admin."""
    user = with_second_factor(UserFactory(is_staff=True, **user_fields))
    StaffProfileFactory(user=user)
    ClinicMembership.objects.create(user=user, clinic=clinic, role=role)
    return user


def network_user(group_name: str, **user_fields):
    user = with_second_factor(UserFactory(is_staff=True, **user_fields))
    user.groups.add(Group.objects.get(name=group_name))
    return user


def patient(**profile_fields):
    """A signed-up, verified patient (an adult) with a profile."""
    from patients.models import PatientProfile

    user = UserFactory(first_name="Pat", last_name="Ient")
    defaults = {"legal_first_name": "Pat", "legal_last_name": "Ient",
                "date_of_birth": dt.date(1980, 6, 15)}  # fmt: skip
    return PatientProfile.objects.create(user=user, **{**defaults, **profile_fields})


def patient_of(clinic, **profile_fields):
    """A patient who is already a patient of `clinic` (as if registered there earlier)."""
    person = patient(**profile_fields)
    link_to(person, clinic)
    return person


def link_to(person, clinic):
    from patients.models import ClinicPatient

    ClinicPatient.objects.get_or_create(
        patient=person, clinic=clinic, defaults={"how": ClinicPatient.How.EARLIER}
    )
    return person


def cleared_at(person, clinic):
    """`person` as a physician at `clinic` has cleared them (the state, written directly)."""
    from django.utils import timezone

    from patients.models import Intake

    Intake.objects.update_or_create(
        patient=person,
        clinic=clinic,
        defaults={"status": Intake.Status.CLEARED, "submitted_at": timezone.now()},
    )
    return link_to(person, clinic)


def submitted_intake(clinic, patient_profile=None, *, now=None, **answers):
    """An intake filled and signed through the real forms and services (at `now`)."""
    from patients.demo import intake_fill, intake_form_data, intake_sign
    from patients.services import intake_start

    treats(clinic, *(answers.get("conditions") or ["fibromyalgia"]))
    intake = intake_start(patient=patient_profile or patient(), clinic=clinic)
    return intake_sign(intake_fill(intake, intake_form_data(**answers), now=now), now=now)


def treats(clinic, *slugs: str) -> None:
    """Make `clinic` treat the named conditions (the intake offers a clinic's conditions)."""
    from content.models import Condition

    for slug in slugs:
        condition, _ = Condition.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").capitalize()}
        )
        condition.clinics.add(clinic)
