"""Who may do what: the permission matrix, kept in code and written into Django groups.

Clinic roles (clinic.ClinicMembership.Role) say *what* a member may do; the membership says
*where*: a nurse at Pasadena has the Nurse group's permissions at Pasadena and nowhere else
(clinic.permissions.ClinicRoleBackend). Network-wide roles are plain group memberships.
`roles_sync()` runs after every migrate, so the groups always match this file; docs/permissions.md
is the same matrix for people.
"""

from django.db import transaction

from .models import ClinicMembership

NETWORK_ADMIN = "Network admin"
MARKETER = "Marketer"
MEDICAL_REVIEWER = "Medical reviewer"

CLINIC_ROLE_GROUPS = {
    ClinicMembership.Role.CLINIC_MANAGER: "Clinic manager",
    ClinicMembership.Role.PHYSICIAN: "Physician",
    ClinicMembership.Role.NURSE: "Nurse",
    ClinicMembership.Role.FRONT_DESK: "Front desk",
}

_ALL = ("view", "add", "change", "delete")
_CLINIC_MODELS = (
    "clinic.brand",
    "clinic.clinic",
    "clinic.openinghours",
    "clinic.closure",
    "clinic.service",
    "clinic.package",
    "clinic.staffprofile",
    "clinic.clinicmembership",
    "scheduling.chair",
)


def _perms(model: str, actions=_ALL) -> list[str]:
    app_label, model_name = model.split(".")
    return [f"{app_label}.{action}_{model_name}" for action in actions]


def _view(*models: str) -> list[str]:
    return [perm for model in models for perm in _perms(model, ("view",))]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    NETWORK_ADMIN: [
        "clinic.access_all_clinics",
        "clinic.read_demo_mail",
        *[perm for model in _CLINIC_MODELS for perm in _perms(model)],
        *_perms("patients.user", ("view", "add", "change")),
        *_perms("content.condition"),
        *_view(
            "content.article", "content.resource", "content.successstory",
            "content.newsletterissue", "content.newslettersubscriber",
        ),
        # No patient data: a network admin runs the network, clinics' staff treat patients.
    ],
    "Clinic manager": [
        *_perms("clinic.clinic", ("view", "change")),
        *_perms("clinic.openinghours"),
        *_perms("clinic.closure"),
        *_perms("clinic.service"),
        *_perms("clinic.package"),
        *_perms("clinic.staffprofile", ("view", "change")),
        *_perms("clinic.clinicmembership"),
        *_perms("scheduling.chair"),
        *_perms("patients.patientprofile", ("view", "change")),
        "patients.view_intake",
        *_perms("patients.accountclosurerequest", ("view", "change")),
        "patients.view_auditevent",
        *_perms("patients.outboundmessage", ("view", "change")),
        *_perms("scheduling.providerhours"),
        *_perms("scheduling.providerexception"),
        *_perms("scheduling.vitalsthresholds", ("view", "change")),
        *_view("scheduling.appointment", "scheduling.infusionseries", "scheduling.vitalsigns",
               "scheduling.waitlistentry"),
        "scheduling.book_for_patients",
        "scheduling.check_in_visit",
        *_perms("scheduling.frontdesktask", ("view", "change")),
        *_perms("content.contactmessage", ("view", "change")),
    ],
    "Physician": [
        *_view(
            "clinic.clinic", "clinic.openinghours", "clinic.closure", "clinic.service",
            "clinic.package", "clinic.staffprofile", "scheduling.chair",
            "patients.patientprofile", "patients.intake", "scheduling.appointment",
            "patients.followupsurvey", "patients.outboundmessage",
            "scheduling.infusionseries", "scheduling.vitalsigns", "scheduling.waitlistentry",
            "scheduling.providerhours", "scheduling.providerexception",
            "scheduling.vitalsthresholds",
        ),
        "patients.review_intake",
        "patients.decide_intake",
        # Medical review of public content (content.permissions: at the physician's clinics).
        "content.review_content",
        *_view("content.article", "content.resource", "content.successstory"),
        *_perms("content.condition", ("view", "change")),
        "scheduling.add_vitalsigns",
        "scheduling.check_in_visit",
        "scheduling.run_visit",
        "scheduling.book_for_patients",
        "scheduling.add_infusionseries",
    ],
    "Nurse": [
        *_view(
            "clinic.clinic", "clinic.openinghours", "clinic.closure", "clinic.service",
            "clinic.staffprofile", "scheduling.chair", "patients.patientprofile",
            "patients.intake", "scheduling.appointment", "scheduling.infusionseries",
            "patients.followupsurvey", "patients.outboundmessage",
            "scheduling.vitalsigns", "scheduling.providerhours", "scheduling.providerexception",
            "scheduling.vitalsthresholds",
        ),
        "patients.review_intake",
        "scheduling.add_vitalsigns",
        "scheduling.check_in_visit",
        "scheduling.run_visit",
    ],
    "Front desk": [
        *_view(
            "clinic.clinic", "clinic.openinghours", "clinic.closure", "clinic.service",
            "clinic.package", "clinic.staffprofile", "scheduling.chair", "patients.intake",
            "scheduling.appointment", "scheduling.infusionseries", "scheduling.waitlistentry",
            "scheduling.providerhours", "scheduling.providerexception",
        ),
        *_perms("patients.patientprofile", ("view", "change")),
        *_perms("patients.outboundmessage", ("view", "change")),
        "patients.review_intake",
        "scheduling.book_for_patients",
        "scheduling.check_in_visit",
        "scheduling.add_infusionseries",
        *_perms("scheduling.frontdesktask", ("view", "change")),
        *_perms("content.contactmessage", ("view", "change")),
    ],
    # Marketers work in the content section only: no clinic, patient or appointment data.
    MARKETER: [
        *_perms("content.article"),
        "content.publish_article",
        *_perms("content.condition", ("view", "change")),
        *_perms("content.resource"),
        *_perms("content.successstory"),
        *_perms("content.newsletterissue"),
        "content.send_newsletterissue",
        *_view("content.newslettersubscriber"),
    ],
    # A network medical director who reviews content without working at one clinic.
    MEDICAL_REVIEWER: [
        "content.review_content",
        *_view("content.article", "content.resource", "content.successstory"),
        *_perms("content.condition", ("view", "change")),
    ],
}  # fmt: skip


@transaction.atomic
def roles_sync() -> None:
    """Make every role group hold exactly the permissions above (missing ones are skipped until
    their app has migrated; the next migrate adds them)."""
    from django.contrib.auth.models import Group, Permission

    wanted = {p for perms in ROLE_PERMISSIONS.values() for p in perms}
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in={p.split(".")[0] for p in wanted}
        ).values_list("pk", "content_type__app_label", "codename")
    }
    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set([by_name[p] for p in perms if p in by_name])
