"""Every admin page is scoped to the staff member's clinics, for every role.

The walk is generated from the admin's registry: a model registered without a recipe below
fails `test_every_registered_admin_model_is_covered`, so no admin page escapes these checks.
"""

import datetime as dt
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

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
from clinic.roles import CLINIC_ROLE_GROUPS, MARKETER, NETWORK_ADMIN, ROLE_PERMISSIONS
from content.models import (
    Article,
    Condition,
    ContactMessage,
    NewsletterIssue,
    NewsletterSubscriber,
    Resource,
    SuccessStory,
)
from patients.models import (
    AccountClosureRequest,
    AuditEvent,
    FollowUpSurvey,
    Intake,
    OutboundMessage,
    PatientProfile,
    User,
)
from scheduling.models import (
    Appointment,
    Chair,
    FrontDeskTask,
    InfusionSeries,
    ProviderException,
    ProviderHours,
    VitalSigns,
    VitalsThresholds,
    WaitlistEntry,
)
from tests.factories import (
    BrandFactory,
    ChairFactory,
    ClinicFactory,
    PackageFactory,
    ServiceFactory,
    network_user,
    patient,
    staff_member,
    submitted_intake,
)

pytestmark = pytest.mark.django_db

Role = ClinicMembership.Role

# How to make one row of each clinic-scoped model at a given clinic.
CLINIC_SCOPED = {
    Clinic: lambda clinic: clinic,
    Closure: lambda clinic: Closure.objects.create(
        clinic=clinic, date=dt.date(2026, 12, 25), reason="Holiday"
    ),
    OpeningHours: lambda clinic: OpeningHours.objects.create(
        clinic=clinic, weekday=6, opens_at=dt.time(10), closes_at=dt.time(14)
    ),
    Service: lambda clinic: ServiceFactory(clinic=clinic),
    Package: lambda clinic: PackageFactory(service=ServiceFactory(clinic=clinic)),
    StaffProfile: lambda clinic: staff_member(clinic, Role.NURSE).staff_profile,
    ClinicMembership: lambda clinic: staff_member(clinic, Role.NURSE).clinic_memberships.get(),
    Chair: lambda clinic: ChairFactory(clinic=clinic),
    PatientProfile: lambda clinic: submitted_intake(clinic).patient,
    Intake: lambda clinic: submitted_intake(clinic),
    AccountClosureRequest: lambda clinic: AccountClosureRequest.objects.create(
        patient=submitted_intake(clinic).patient
    ),
    ProviderHours: lambda clinic: ProviderHours.objects.create(
        clinic=clinic, provider=staff_member(clinic, Role.NURSE), weekday=0,
        starts_at=dt.time(9), ends_at=dt.time(17),
    ),
    ProviderException: lambda clinic: ProviderException.objects.create(
        clinic=clinic, provider=staff_member(clinic, Role.NURSE), date=dt.date(2026, 12, 24),
        kind="time_off",
    ),
    VitalsThresholds: lambda clinic: VitalsThresholds.objects.create(clinic=clinic),
    Appointment: lambda clinic: _visit(clinic),
    FollowUpSurvey: lambda clinic: (lambda visit: FollowUpSurvey.objects.create(
        patient=visit.patient, clinic=clinic, appointment=visit, kind="after_infusion",
        due_at=dt.datetime(2026, 11, 11, 18, tzinfo=dt.UTC),
    ))(_visit(clinic)),
    FrontDeskTask: lambda clinic: FrontDeskTask.objects.create(
        clinic=clinic, appointment=_visit(clinic), kind="readiness_unconfirmed"
    ),
    OutboundMessage: lambda clinic: OutboundMessage.objects.create(
        idempotency_key=f"test:{clinic.pk}", kind="reminder", channel="email",
        due_at=dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC), clinic=clinic,
        patient=submitted_intake(clinic).patient,
    ),
    AuditEvent: lambda clinic: AuditEvent.objects.create(
        patient=submitted_intake(clinic).patient, actor_role="test", object_type="intake",
        object_id="x", action="view", clinics=[clinic.pk],
    ),
    InfusionSeries: lambda clinic: InfusionSeries.objects.create(
        clinic=clinic, patient=patient(), service=ServiceFactory(clinic=clinic),
        planned_sessions=6,
    ),
    VitalSigns: lambda clinic: VitalSigns.objects.create(
        appointment=_visit(clinic), phase="before",
        taken_at=dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC),
        systolic=120, diastolic=80, heart_rate=70, spo2=98,
    ),
    ContactMessage: lambda clinic: ContactMessage.objects.create(
        clinic=clinic, name="Sam Asker", email="sam@example.org", message="Do you take Aetna?",
    ),
    WaitlistEntry: lambda clinic: WaitlistEntry.objects.create(
        clinic=clinic, service=ServiceFactory(clinic=clinic), patient=patient(),
        earliest=dt.date(2026, 12, 1), latest=dt.date(2026, 12, 10),
    ),
}  # fmt: skip


def _visit(clinic):
    start = dt.datetime(2026, 11, 10, 17, tzinfo=dt.UTC)
    end = start + dt.timedelta(minutes=45)
    return Appointment.objects.create(
        clinic=clinic, service=ServiceFactory(clinic=clinic), patient=patient(),
        provider=staff_member(clinic, Role.PHYSICIAN), starts_at=start, ends_at=end,
        provider_until=end, chair_until=end,
    )  # fmt: skip


# Models no clinic role may open at all: network admins (and superusers) only.
NETWORK_ONLY = {Brand, User, Group, EmailAddress, Authenticator}
# Public content: network-wide, marketers' and reviewers' (tests/content/test_admin_permissions).
CONTENT = {
    Article, Condition, Resource, SuccessStory, NewsletterIssue, NewsletterSubscriber,
}  # fmt: skip


def admin_url(obj, action: str) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{action}", args=[obj.pk])


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def role_may(role: str, action: str, model) -> bool:
    perm = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
    return perm in ROLE_PERMISSIONS[CLINIC_ROLE_GROUPS[role]]


@pytest.fixture
def two_clinics():
    return ClinicFactory(name="Clinic A"), ClinicFactory(name="Clinic B")


def test_every_registered_admin_model_is_covered():
    registered = set(admin.site._registry)

    assert registered == set(CLINIC_SCOPED) | NETWORK_ONLY | CONTENT


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("model", list(CLINIC_SCOPED), ids=lambda m: m.__name__)
def test_clinic_role_sees_only_its_own_clinic(client, two_clinics, role, model):
    clinic_a, clinic_b = two_clinics
    user = staff_member(clinic_a, role)
    ours, theirs = CLINIC_SCOPED[model](clinic_a), CLINIC_SCOPED[model](clinic_b)
    client.force_login(user)

    listing = client.get(changelist_url(model))

    if role_may(role, "view", model) or role_may(role, "change", model):
        assert listing.status_code == 200
        shown = set(listing.context["cl"].result_list)
        assert ours in shown
        assert theirs not in shown
        assert client.get(admin_url(ours, "change")).status_code == 200
    else:
        assert listing.status_code == 403
    # Another clinic's row: never shown, whatever the role (the admin sends you home instead).
    other = client.get(admin_url(theirs, "change"))
    assert other.status_code in (302, 403, 404)
    if other.status_code == 302:
        assert other["Location"] == reverse("admin:index")


@pytest.mark.parametrize("role", Role.values)
def test_clinic_role_cannot_open_network_only_models(client, two_clinics, role):
    client.force_login(staff_member(two_clinics[0], role))

    for model in NETWORK_ONLY:
        assert client.get(changelist_url(model)).status_code == 403, model.__name__


@pytest.mark.parametrize("role", Role.values)
def test_clinic_role_cannot_change_or_delete_another_clinics_rows(client, two_clinics, role):
    clinic_a, clinic_b = two_clinics
    client.force_login(staff_member(clinic_a, role))
    theirs = ServiceFactory(clinic=clinic_b, price=Decimal("500"))

    client.post(admin_url(theirs, "change"), {"price": "1", "name": "Hijacked"})
    client.post(admin_url(theirs, "delete"), {"post": "yes"})

    theirs.refresh_from_db()
    assert theirs.price == Decimal("500")
    assert theirs.name != "Hijacked"


def test_manager_cannot_point_a_new_service_at_another_clinic(client, two_clinics):
    clinic_a, clinic_b = two_clinics
    client.force_login(staff_member(clinic_a, Role.CLINIC_MANAGER))
    form = {
        "clinic": clinic_b.pk, "kind": "infusion", "name": "Sneaky", "slug": "sneaky",
        "delivery": "in_person", "duration_minutes": 50, "observation_minutes": 30,
        "price": "100", "display_order": 0, "is_active": "on",
        "packages-TOTAL_FORMS": 0, "packages-INITIAL_FORMS": 0,
    }  # fmt: skip

    response = client.post(reverse("admin:clinic_service_add"), form)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Service.objects.filter(slug="sneaky").exists()


def test_foreign_key_choices_offer_only_the_users_clinics(client, two_clinics):
    clinic_a, _ = two_clinics
    client.force_login(staff_member(clinic_a, Role.CLINIC_MANAGER))

    form = client.get(reverse("admin:clinic_service_add")).context["adminform"].form

    assert list(form.fields["clinic"].queryset) == [clinic_a]


def test_membership_user_choices_never_offer_patients_or_other_clinics_staff(client, two_clinics):
    clinic_a, clinic_b = two_clinics
    manager = staff_member(clinic_a, Role.CLINIC_MANAGER)
    colleague = staff_member(clinic_a, Role.NURSE)
    stranger = staff_member(clinic_b, Role.NURSE)
    patient = User.objects.create_user("patient@example.org", "x" * 16)
    client.force_login(manager)

    form = client.get(reverse("admin:clinic_clinicmembership_add")).context["adminform"].form

    offered = set(form.fields["user"].queryset)
    assert {manager, colleague} <= offered
    assert stranger not in offered
    assert patient not in offered


def test_role_at_the_objects_clinic_decides_not_the_strongest_role(client, two_clinics):
    clinic_a, clinic_b = two_clinics
    user = staff_member(clinic_a, Role.CLINIC_MANAGER)
    ClinicMembership.objects.create(user=user, clinic=clinic_b, role=Role.NURSE)
    ours, theirs = ServiceFactory(clinic=clinic_a), ServiceFactory(clinic=clinic_b)
    client.force_login(user)

    assert user.has_perm("clinic.change_service", ours)
    assert not user.has_perm("clinic.change_service", theirs)
    assert user.has_perm("clinic.view_service", theirs)
    page = client.get(admin_url(theirs, "change"))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False  # shown read-only


def test_manager_can_edit_own_clinic_and_its_hours(client, two_clinics):
    clinic_a, _ = two_clinics
    client.force_login(staff_member(clinic_a, Role.CLINIC_MANAGER))

    page = client.get(admin_url(clinic_a, "change"))

    assert page.context["has_change_permission"] is True
    inline_names = [f.formset.prefix for f in page.context["inline_admin_formsets"]]
    assert inline_names == []  # hours and closures have pages of their own: they strand visits
    assert client.get(reverse("admin:clinic_closure_add")).status_code == 200
    assert client.get(reverse("admin:clinic_openinghours_add")).status_code == 200


def test_inactive_membership_gives_no_access(client, two_clinics):
    clinic_a, _ = two_clinics
    user = staff_member(clinic_a, Role.CLINIC_MANAGER)
    user.clinic_memberships.update(is_active=False)
    client.force_login(user)

    assert client.get(changelist_url(Service)).status_code == 403


def test_network_admin_sees_every_clinic_and_brand(client, two_clinics):
    client.force_login(network_user(NETWORK_ADMIN))
    BrandFactory()

    clinics = client.get(changelist_url(Clinic)).context["cl"].result_list

    assert set(clinics) == set(two_clinics)
    assert client.get(changelist_url(Brand)).status_code == 200
    assert client.get(admin_url(two_clinics[1], "change")).status_code == 200


def test_marketer_sees_no_clinic_administration(client, two_clinics):
    client.force_login(network_user(MARKETER))

    index = client.get(reverse("admin:index"))

    assert index.status_code == 200
    assert [app["app_label"] for app in index.context["app_list"]] == ["content"]
    for model in [*CLINIC_SCOPED, *NETWORK_ONLY]:
        assert client.get(changelist_url(model)).status_code == 403


def test_role_groups_hold_exactly_the_matrix():
    for group_name, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        held = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert held == set(perms), group_name
