"""Every URL the project resolves, as every role, pointed at another clinic's records (issue #7).

tests/clinic/test_admin_scoping.py walks the admin's *registry* (each model's list and change
page per role). This walk is generated from the *URL resolver* instead, so it also reaches what
a registry walk cannot see: the views ModelAdmins add in get_urls() (the day board, the article
workflow, review, preview and revisions, marking a condition reviewed, sending a newsletter, the
user password form), admin actions, the history and delete pages, the demo outbox, the admin's
own shortcut views, and the patients' portal.

Two clinics are built once for the module. For each URL and each of eight roles (front desk,
nurse, physician and manager at clinic A, the marketer and the network admin, a patient of
clinic A, and nobody signed in), the URL's kwargs are filled with clinic B's objects
(KWARG_FILLERS); the walk GETs it and POSTs a plausible body at it (each "action" a page
dispatches on, each admin action of a list), and asks that
- a role with no business with B's object is refused (403 or 404, the admin's "no such object"
  redirect, or a redirect to sign in),
- B's patient (and B's contact-form sender) is named nowhere in the response,
- nothing was written to any table of our apps (PostgreSQL's per-transaction row counters,
  before and after), and no read of B's patient was recorded in the audit trail.
A URL whose kwargs cannot be filled, or an admin page of a model without B and A records, fails
`test_every_url_can_be_walked`, so a new URL cannot slip past the walk. Public pages are listed
in PUBLIC with the reason they are public, and are only checked for the leak.

Then the same URLs are walked once as the role that should reach them, with clinic A's
objects, expecting a page (200) or a redirect that is not a refusal: the refusals above come from
the permission checks, not from broken URLs.

Every request runs in a savepoint that is rolled back, so the walk leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.template.base import Template
from django.test import Client, RequestFactory
from django.test.utils import _TestState
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from clinic.admin_scoping import ClinicScopedAdmin
from clinic.models import (
    Brand,
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
from content.services import article_revision_record, article_submit_for_review
from patients.intake import STEPS
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
    PASSWORD,
    BrandFactory,
    ChairFactory,
    ClinicFactory,
    PackageFactory,
    ServiceFactory,
    UserFactory,
    network_user,
    staff_member,
    submitted_intake,
)
from tests.passkeys import SoftwareSecurityKey

Role = ClinicMembership.Role

FRONT_DESK, NURSE, PHYSICIAN, MANAGER = "front_desk", "nurse", "physician", "clinic_manager"
MARKETER_ROLE, NETWORK_ADMIN_ROLE, PATIENT, ANONYMOUS = (
    "marketer", "network_admin", "patient", "anonymous",
)  # fmt: skip
CLINIC_ROLES = (FRONT_DESK, NURSE, PHYSICIAN, MANAGER)
NETWORK_ROLES = {MARKETER_ROLE: MARKETER, NETWORK_ADMIN_ROLE: NETWORK_ADMIN}
ROLES = (*CLINIC_ROLES, MARKETER_ROLE, NETWORK_ADMIN_ROLE, PATIENT, ANONYMOUS)

# Clinic B's patient, and a stranger who wrote to clinic B: never named to anyone at clinic A.
B_PATIENT_LAST_NAME = "Quillfeather"
B_PATIENT_EMAIL = "bq.1971@example.org"  # not containing the name: both are looked for
B_CONTACT_NAME = "Corvina Bellweather"
SECRETS = (B_PATIENT_LAST_NAME, B_PATIENT_EMAIL, B_CONTACT_NAME)

# Public pages: no patient data, open to everyone by design. They are GET-walked for the leak
# only (a POST to them is a visitor's own request: a sign-up, a booking, a question).
PUBLIC = {
    "healthz": "load balancer probe: says up or down, nothing else",
    "robots_txt": "for search engines",
    "sitemap": "public pages only",
    "admin:login": "sends everyone to the site's sign-in page",
    "sms_inbound": "the SMS provider's webhook, refused without its signature (test_sms_inbound)",
    "clinic:home": "public site",
    "clinic:list": "public site",
    "clinic:detail": "a clinic's public page (any clinic's, by design)",
    "clinic:privacy": "public site",
    "clinic:terms": "public site",
    "clinic:accessibility": "public site",
    "content:conditions": "public site",
    "content:condition": "a published condition page",
    "content:articles": "public site",
    "content:article": "published articles only (drafts are 404, test_public_pages)",
    "content:feed_rss": "published articles only",
    "content:feed_atom": "published articles only",
    "content:search": "published content only",
    "content:resources": "public site",
    "content:stories": "published, consented stories only",
    "content:contact": "a form that asks for no health details",
    "content:contact_thanks": "public site",
    "content:newsletter": "sign-up form",
    "content:newsletter_check_inbox": "public site",
    "content:newsletter_confirm": "signed token from the email; a forged one is refused",
    "content:newsletter_unsubscribe": "signed token from the email; a forged one is refused",
    "scheduling:api_availability": "free times of any clinic, for the public booking page",
    "scheduling:book": "public booking: any patient may book at any clinic",
    "scheduling:book_service": "public booking",
    "scheduling:book_time": "public booking",
    "scheduling:book_confirm": "public booking (the booking itself is for the signed-in patient)",
    "scheduling:waitlist_join": "any patient may join any clinic's waitlist, for themselves",
}
# allauth's account pages act on the signed-in person's own account (or on a token mailed to
# them): no other person's record is addressed. GET-walked for the leak only. The pages of one
# security key take the key's id, so those are walked in full with clinic B's physician's key.
OWN_ACCOUNT_PREFIXES = ("account_", "mfa_")
SECURITY_KEY_PAGES = {"mfa_remove_webauthn", "mfa_edit_webauthn"}
# Portal pages without an id show or change the signed-in patient's own record: a patient's
# POST there is their own business (not walked); anyone else's POST is walked.
OWN_PORTAL_PAGES = {
    "patients:dashboard", "patients:profile", "patients:preferences", "patients:intake_start",
    "patients:data_export", "patients:data_export_json", "patients:account_close",
    "scheduling:appointments", "scheduling:waitlist",
}  # fmt: skip
# Only GET-walked. Signing out would end the walker's session; the others answer a POST
# exactly as a GET (they have no write path), so a second request proves nothing more.
GET_ONLY = {
    "admin:logout": "signs the walker out",
    "admin:index": "read-only", "admin:app_list": "read-only", "admin:jsi18n": "read-only",
    "admin:password_change_done": "read-only", "admin:catch_all": "read-only",
    "admin:scheduling_board": "read-only", "admin:content_review_due": "read-only",
    "admin:content_article_preview": "read-only", "admin:content_article_revisions": "read-only",
    "history": "the admin's history pages are read-only",
    "redirect": "the admin's <id>/ redirect to <id>/change/ (walked itself)",
}  # fmt: skip
# Kwargs that do not address any clinic's record: an app's name, an unknown admin path, the
# file name of a demo email (the demo outbox is the network admin's alone).
NOT_A_RECORD = {"app_label", "url"}

# Admin views added in get_urls() and the admin site's own views: who reaches them with clinic
# A's objects in the reachability walk, and what they answer. A new custom admin view must be
# added here (test_every_url_can_be_walked), with the role that should use it.
ADMIN_VIEWS = {
    "admin:index": (FRONT_DESK, 200),
    "admin:app_list": (MANAGER, 200),
    "admin:password_change": (NURSE, 200),
    "admin:password_change_done": (NURSE, 200),
    "admin:jsi18n": (NURSE, 200),
    "admin:logout": (NURSE, 405),  # Django signs out on POST only
    "admin:autocomplete": (MANAGER, 403),  # no admin declares autocomplete fields
    "admin:view_on_site": (MANAGER, 302),  # to the clinic's public page
    "admin:catch_all": (MANAGER, 404),
    "admin:scheduling_board": (FRONT_DESK, 200),
    "admin:content_review_due": (PHYSICIAN, 200),
    "admin:content_article_workflow": (MARKETER_ROLE, 302),  # GET: back to the article
    "admin:content_article_review": (PHYSICIAN, 200),
    "admin:content_article_preview": (MARKETER_ROLE, 200),
    "admin:content_article_revisions": (MARKETER_ROLE, 200),
    "admin:content_condition_mark_reviewed": (PHYSICIAN, 302),  # GET: back to the page
    "admin:content_newsletterissue_send": (MARKETER_ROLE, 302),  # GET: back to the issue
    "admin:auth_user_password_change": (NETWORK_ADMIN_ROLE, 200),
    "demo_mail_list": (NETWORK_ADMIN_ROLE, 200),
    "demo_mail_detail": (NETWORK_ADMIN_ROLE, 200),
    "demo_mail_download": (NETWORK_ADMIN_ROLE, 200),
}
STANDARD_ADMIN_KINDS = ("changelist", "add", "history", "delete", "change", "redirect")

# The "action" values a POST to these pages dispatches on: each is tried with B's object.
POST_ACTIONS = {
    "admin:scheduling_appointment_change": [
        "check_in", "start", "observe", "no_show", "undo_no_show", "vitals", "complete", "cancel",
    ],
    "admin:patients_intake_change": ["start_review", "request_info", "decide"],
    "admin:content_article_workflow": [
        "submit", "publish_now", "schedule", "unschedule", "archive", "restore",
    ],
}  # fmt: skip


# --- The two clinics -----------------------------------------------------------------------------


def _clinic_records(label: str, *, marketer, person: tuple, contact_name: str):
    """One clinic with a record of every kind the admin and the portal show."""
    clinic = ClinicFactory(name=f"Clinic {label}", brand=BrandFactory(name=f"Brand {label}"))
    service = ServiceFactory(clinic=clinic, name=f"Infusion {label}", bookable_online=True)
    physician = staff_member(clinic, Role.PHYSICIAN, last_name=f"Physician{label}")
    first, last, email, born = person
    person_user = UserFactory(email=email, first_name=first, last_name=last)
    person = PatientProfile.objects.create(
        user=person_user, legal_first_name=first, legal_last_name=last, date_of_birth=born
    )
    intake = submitted_intake(clinic, person)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    end = start + dt.timedelta(minutes=50)
    visit = Appointment.objects.create(
        clinic=clinic, service=service, patient=person, provider=physician,
        starts_at=start, ends_at=end, provider_until=end, chair_until=end,
    )  # fmt: skip
    condition = Condition.objects.create(name=f"Condition {label}", slug=f"condition-{label}")
    condition.clinics.add(clinic)
    article = Article.objects.create(
        title=f"Article {label}", slug=f"article-{label}", summary="A summary.",
        body="A nurse checks your blood pressure.", author=marketer, clinic=clinic,
    )  # fmt: skip
    article_revision_record(article=article, by=marketer)
    article_submit_for_review(article=article, by=marketer)
    nurse_membership = staff_member(clinic, Role.NURSE).clinic_memberships.get()
    records = {
        Brand: clinic.brand,
        type(clinic): clinic,
        Service: service,
        Package: PackageFactory(service=service),
        StaffProfile: physician.staff_profile,
        ClinicMembership: nurse_membership,
        Chair: ChairFactory(clinic=clinic),
        Closure: Closure.objects.create(
            clinic=clinic, date=start.date() + dt.timedelta(days=30), reason="Holiday"
        ),
        OpeningHours: OpeningHours.objects.create(
            clinic=clinic, weekday=6, opens_at=dt.time(10), closes_at=dt.time(14)
        ),
        PatientProfile: person,
        Intake: intake,
        AccountClosureRequest: AccountClosureRequest.objects.create(patient=person),
        AuditEvent: AuditEvent.objects.create(
            patient=person, actor_role="test", object_type="intake", object_id=str(intake.pk),
            action="view", clinics=[clinic.pk],
        ),
        OutboundMessage: OutboundMessage.objects.create(
            idempotency_key=f"walk:{label}", kind="reminder", channel="email",
            to_address=person_user.email, due_at=start - dt.timedelta(days=1), clinic=clinic,
            patient=person, appointment=visit, status=OutboundMessage.Status.FAILED,
        ),
        FollowUpSurvey: FollowUpSurvey.objects.create(
            patient=person, clinic=clinic, appointment=visit, kind="after_infusion",
            due_at=timezone.now() - dt.timedelta(hours=1),
        ),
        ProviderHours: ProviderHours.objects.create(
            clinic=clinic, provider=physician, weekday=0, starts_at=dt.time(9),
            ends_at=dt.time(17),
        ),
        ProviderException: ProviderException.objects.create(
            clinic=clinic, provider=physician, date=dt.date(2026, 12, 24), kind="time_off",
        ),
        VitalsThresholds: VitalsThresholds.objects.create(clinic=clinic),
        Appointment: visit,
        InfusionSeries: InfusionSeries.objects.create(
            clinic=clinic, patient=person, service=service, planned_sessions=6,
        ),
        VitalSigns: VitalSigns.objects.create(
            appointment=visit, phase="before", taken_at=start, systolic=120, diastolic=80,
            heart_rate=70, spo2=98,
        ),
        FrontDeskTask: FrontDeskTask.objects.create(
            clinic=clinic, appointment=visit, kind="readiness_unconfirmed",
        ),
        WaitlistEntry: WaitlistEntry.objects.create(
            clinic=clinic, service=service, patient=person, earliest=start.date(),
            latest=start.date() + dt.timedelta(days=7), status=WaitlistEntry.Status.OFFERED,
            offered_start=start + dt.timedelta(days=1),
            offer_expires_at=timezone.now() + dt.timedelta(hours=12),
        ),
        ContactMessage: ContactMessage.objects.create(
            clinic=clinic, name=contact_name, email=f"contact-{label}@example.org",
            message="Do you take my insurance?",
        ),
        Condition: condition,
        Article: article,
        Resource: Resource.objects.create(
            name=f"Resource {label}", url="https://example.org/", description="A helpline.",
            kind=Resource.Kind.choices[0][0],
        ),
        SuccessStory: SuccessStory.objects.create(
            display_name=f"Story {label}", condition=condition, clinic=clinic, story="Better.",
        ),
        NewsletterIssue: NewsletterIssue.objects.create(
            subject=f"News {label}", body="Hello.", clinic=clinic, created_by=marketer,
        ),
        NewsletterSubscriber: NewsletterSubscriber.objects.create(
            email=f"reader-{label}@example.org", clinic=clinic, status="confirmed",
            confirmed_at=timezone.now(),
        ),
        # Accounts: the patient's (the one that matters); a role group; a staff authenticator.
        User: person_user,
        EmailAddress: EmailAddress.objects.get(user=person_user),
        Group: Group.objects.get(name=CLINIC_ROLE_GROUPS[Role.CLINIC_MANAGER]),
        Authenticator: Authenticator.objects.get(user=physician, type=Authenticator.Type.TOTP),
    }  # fmt: skip
    # The physician's security key (passkey), as allauth stores one; its pages take its id.
    security_key = Authenticator.objects.create(
        user=physician, type=Authenticator.Type.WEBAUTHN,
        data={"name": f"Key {label}", "credential": SoftwareSecurityKey().registration()},
    )  # fmt: skip
    return SimpleNamespace(
        clinic=clinic, service=service, patient=person, records=records,
        physician=physician, security_key=security_key,
    )  # fmt: skip


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Clinics A and B, the people of every role, and the demo outbox: built once, inside a
    transaction that is rolled back when the module is done (each test's own transaction nests
    inside it, as Django's TestCase.setUpTestData does)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            marketer = network_user(MARKETER, last_name="Marketer")
            a = _clinic_records(
                "A",
                marketer=marketer,
                person=("Alma", "Ardent", "alma.ardent@example.org", dt.date(1979, 3, 2)),
                contact_name="Ansel Asker",
            )
            b = _clinic_records(
                "B",
                marketer=marketer,
                person=("Bernadette", B_PATIENT_LAST_NAME, B_PATIENT_EMAIL, dt.date(1971, 8, 9)),
                contact_name=B_CONTACT_NAME,
            )
            # The A side's account record is a staff account: patients' accounts are not
            # managed in the admin (see patients.admin.UserAdmin).
            a.records[User] = a.records[StaffProfile].user
            a.records[EmailAddress] = EmailAddress.objects.get(user=a.records[User])
            users = {
                role: staff_member(a.clinic, role, last_name=f"Walker{role.title()}")
                for role in CLINIC_ROLES
            }
            users[PHYSICIAN] = a.physician  # who holds clinic A's security key
            users[MARKETER_ROLE] = marketer
            users[NETWORK_ADMIN_ROLE] = network_user(NETWORK_ADMIN, last_name="Admin")
            users[PATIENT] = a.patient.user
            users[ANONYMOUS] = None
            yield SimpleNamespace(a=a, b=b, users=users)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- The URLs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Walked:
    route: str  # the pattern, for messages
    name: str  # "namespace:name", or "admin:<kind>" for the admin's unnamed patterns
    kwargs: tuple[str, ...]
    model_admin: admin.ModelAdmin | None

    @property
    def model(self):
        return self.model_admin.model if self.model_admin else None

    @property
    def admin_kind(self) -> str | None:
        """changelist, add, history, delete, change or redirect for ModelAdmin's own pages."""
        if self.model_admin is None or self.name in ADMIN_VIEWS:
            return None
        if self.name == "admin:redirect":
            return "redirect"
        opts = self.model._meta
        kind = self.name.removeprefix(f"admin:{opts.app_label}_{opts.model_name}_")
        return kind if kind in STANDARD_ADMIN_KINDS else None


def _owner_admin(callback) -> admin.ModelAdmin | None:
    """The ModelAdmin behind an admin URL: Django marks its own views with `model_admin`; views
    from get_urls() are the admin's bound methods inside admin_view()'s wrappers."""
    if isinstance(getattr(callback, "model_admin", None), admin.ModelAdmin):
        return callback.model_admin
    view = callback
    while view is not None:
        if isinstance(getattr(view, "__self__", None), admin.ModelAdmin):
            return view.__self__
        view = getattr(view, "__wrapped__", None)
    return None


def _patterns(resolver=None, prefix="", namespace="", kwargs=()):
    """Every URL pattern: its route prefix, namespace, and the kwargs its includes capture."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            captured = (*kwargs, *entry.pattern.regex.groupindex)
            yield from _patterns(entry, prefix + str(entry.pattern), inner, captured)
        else:
            yield prefix, namespace, kwargs, entry


def all_urls() -> list[Walked]:
    walked = []
    for prefix, namespace, outer_kwargs, pattern in _patterns():
        owner = _owner_admin(pattern.callback)
        if pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        elif namespace == "admin" and isinstance(pattern.pattern, RegexPattern):
            name = "admin:catch_all"
        elif namespace == "admin" and owner is not None:
            name = "admin:redirect"  # <object_id>/ → <object_id>/change/
        else:
            raise AssertionError(f"An unnamed URL the walk does not know: {prefix}{pattern}")
        kwargs = (*outer_kwargs, *pattern.pattern.regex.groupindex)
        walked.append(Walked(prefix + str(pattern.pattern), name, kwargs, owner))
    return walked


URLS = all_urls()


def is_public(url: Walked) -> bool:
    if url.name in SECURITY_KEY_PAGES:
        return False
    return url.name in PUBLIC or url.name.startswith(OWN_ACCOUNT_PREFIXES)


def _side_record(side, model):
    if model is None:
        raise LookupError("not an admin page of a model")
    try:
        return side.records[model]
    except KeyError:
        raise LookupError(f"no {model.__name__} record of the clinic for the walk") from None


# How each kwarg is filled with one side's (clinic A's or B's) object. Keyed by the kwarg's name,
# or by (URL name, kwarg) where a name means different things in different URLs. A kwarg not
# found here fails test_every_url_can_be_walked.
KWARG_FILLERS = {
    # The admin's object pages: the record of the ModelAdmin's model.
    "object_id": lambda side, url: _side_record(side, url.model).pk,
    "pk": lambda side, url: _side_record(side, url.model).pk,
    "id": lambda side, url: _side_record(side, url.model).pk,
    ("admin:view_on_site", "content_type_id"): lambda side, url: (
        ContentType.objects.get_for_model(side.shortcut_target).pk
    ),
    ("admin:view_on_site", "object_id"): lambda side, url: side.shortcut_target.pk,
    ("admin:app_list", "app_label"): lambda side, url: "patients",
    ("mfa_remove_webauthn", "pk"): lambda side, url: side.security_key.pk,
    ("mfa_edit_webauthn", "pk"): lambda side, url: side.security_key.pk,
    ("admin:catch_all", "url"): lambda side, url: "patients/nowhere",
    "name": lambda side, url: side.mail_name,
    # The portal: the patient's own records, by UUID.
    "appointment_id": lambda side, url: side.records[Appointment].pk,
    "intake_id": lambda side, url: side.records[Intake].pk,
    ("patients:intake_step", "step"): lambda side, url: STEPS[0].slug,
    "survey_id": lambda side, url: side.records[FollowUpSurvey].pk,
    "entry_id": lambda side, url: side.records[WaitlistEntry].pk,
    # Public pages.
    "clinic_slug": lambda side, url: side.clinic.slug,
    "service_slug": lambda side, url: side.service.slug,
    ("clinic:detail", "slug"): lambda side, url: side.clinic.slug,
    ("content:condition", "slug"): lambda side, url: side.records[Condition].slug,
    ("content:article", "slug"): lambda side, url: side.records[Article].slug,
    "token": lambda side, url: "forged-token",
    ("account_confirm_email", "key"): lambda side, url: "forged-key",
    ("account_reset_password_from_key", "uidb36"): lambda side, url: user_pk_to_url_str(
        side.patient.user
    ),
    ("account_reset_password_from_key", "key"): lambda side, url: "forged-key",
}


def fill(url: Walked, side) -> dict[str, str]:
    values = {}
    for kwarg in url.kwargs:
        filler = KWARG_FILLERS.get((url.name, kwarg)) or KWARG_FILLERS.get(kwarg)
        if filler is None:
            raise LookupError(f"no filler for kwarg {kwarg!r}")
        values[kwarg] = str(filler(side, url))
    return values


def path_of(url: Walked, side) -> str:
    values = fill(url, side)
    if url.name == "admin:catch_all":
        return f"/admin/{values['url']}"
    if url.name == "admin:redirect":
        return reverse(
            f"admin:{url.model._meta.app_label}_{url.model._meta.model_name}_change",
            kwargs={"object_id": values["object_id"]},
        ).removesuffix("change/")
    return reverse(url.name, kwargs=values)


# --- What each role may do with B's records ------------------------------------------------------

NONE, VIEW, MANAGE = "none", "view", "manage"


def _group_perms(role: str) -> set[str]:
    if role in CLINIC_ROLES:
        return set(ROLE_PERMISSIONS[CLINIC_ROLE_GROUPS[role]])
    if role in NETWORK_ROLES:
        return set(ROLE_PERMISSIONS[NETWORK_ROLES[role]])
    return set()


def access_to_b(role: str, url: Walked) -> str:
    """What the role may do with clinic B's object behind this URL, by the permission matrix.

    Clinic roles hold their role at clinic A only: B's clinic-scoped rows are none of their
    business. Network-wide rows (content pages, accounts) and network roles follow the groups'
    permissions."""
    if url.name.startswith("demo_mail"):
        return MANAGE if "clinic.read_demo_mail" in _group_perms(role) else NONE
    model = url.model
    if model is None or role in (PATIENT, ANONYMOUS):
        return NONE
    if role in CLINIC_ROLES and isinstance(url.model_admin, ClinicScopedAdmin):
        return NONE
    perms = _group_perms(role)
    label = f"{model._meta.app_label}.%s_{model._meta.model_name}"
    if {label % "change", label % "add"} & perms:
        return MANAGE
    if label % "view" in perms:
        return VIEW
    return NONE


# --- Requests, snapshots, checks -----------------------------------------------------------------

WATCHED_APPS = ("patients", "clinic", "scheduling", "content", "account", "mfa", "auth")


@functools.cache
def watched_tables() -> tuple[str, ...]:
    return tuple(
        sorted(
            model._meta.db_table
            for app in WATCHED_APPS
            for model in apps.get_app_config(app).get_models(include_auto_created=True)
            if not model._meta.proxy
        )
    )


def writes_so_far(watched_patient) -> tuple[dict[str, tuple[int, int, int]], int]:
    """Rows inserted, updated and deleted in each table of our apps by this transaction so far
    (PostgreSQL counts them per transaction, writes later rolled back included, so the counts
    only grow), and the number of audit events about the watched patient. Sign-in bookkeeping
    is left out: sessions live in cookies here, and force_login's last_login update happens
    before the walk starts counting."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, "  # noqa: S608 - a model's table
            f"(SELECT count(*) FROM {AuditEvent._meta.db_table} WHERE patient_id = %s) "
            "FROM pg_stat_xact_user_tables WHERE relname = ANY(%s)",
            [getattr(watched_patient, "pk", None), list(watched_tables())],
        )
        rows = cursor.fetchall()
    return {table: tuple(counts) for table, *counts, _ in rows}, (rows[0][-1] if rows else 0)


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode(errors="replace") + response.get("Location", "")


def plausible_body(side, url: Walked, action: str | None) -> dict:
    """Enough of every form the staff pages post for a request to reach the work it would do,
    every reference pointing at the side's (clinic B's) records."""
    records = side.records
    local = records[Appointment].starts_at.astimezone(side.clinic.zone)
    body = {
        "clinic": side.clinic.pk, "service": side.service.pk, "patient": side.patient.pk,
        "patient_email": side.patient.user.email, "appointment": records[Appointment].pk,
        "provider": records[StaffProfile].user_id, "user": side.patient.user_id,
        "day": local.date().isoformat(), "start": local.strftime("%Y-%m-%dT%H:%M"),
        "book": "1", "sessions": 6, "per_week": 2, "min_gap_hours": 48,
        "first_day": local.date().isoformat(), "preferred_time": "09:00",
        "reason": "walk", "note": "walk", "status": "answered", "staff_note": "walk",
        "name": "Walk", "slug": "walk", "title": "Walk", "summary": "Walk", "body": "Walk",
        "subject": "Walk", "price": "1", "role": "clinic_manager", "post": "yes",
        "decision": "approve", "decision-decision": "cleared", "decision-note": "walk",
        "info-step": STEPS[0].slug, "info-note": "walk", "accept_claims": "on",
        "phase": "before", "systolic": 120, "diastolic": 80, "heart_rate": 70, "spo2": 98,
        "confirm_no_show": "1", "baseline_override_reason": "walk",
        "publish_at": (timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "password1": "walk-the-line-2026", "password2": "walk-the-line-2026",
        "old_password": "x", "new_password1": "walk-the-line-2026",
        "new_password2": "walk-the-line-2026", "email": side.patient.user.email,
    }  # fmt: skip
    if action:
        body["action"] = action
    if url.model is not None:
        body["_selected_action"] = [_side_record(side, url.model).pk]
        body["index"] = "0"
    return body


def posts_for(url: Walked, side) -> list[dict]:
    if url.admin_kind == "changelist":
        names = [*(url.model_admin.actions or []), "delete_selected"]
        return [plausible_body(side, url, name) for name in names]
    actions = POST_ACTIONS.get(url.name, [None])
    return [plausible_body(side, url, action) for action in actions]


def is_sign_in_redirect(response) -> bool:
    if response.status_code != 302:
        return False
    path = urlsplit(response["Location"]).path
    return path in (
        reverse("admin:login"), reverse("account_login"), reverse("account_reauthenticate"),
    )  # fmt: skip


def addresses_a_record(url: Walked) -> bool:
    return bool(set(url.kwargs) - NOT_A_RECORD)


def is_refusal(response, url: Walked, side) -> bool:
    if response.status_code in (403, 404, 405) or is_sign_in_redirect(response):
        return True
    if response.status_code != 302:
        return False
    target = urlsplit(response["Location"]).path
    if target == reverse("admin:index"):
        return True  # the admin's "no such object" (it names no one: checked for the leak)
    if url.model is not None and url.kwargs:
        # A GET of a POST-only button, or the bare <id>/: back to the object's own page,
        # which the walk checks itself.
        opts = url.model._meta
        pk = _side_record(side, url.model).pk
        return target == reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    return False


@pytest.fixture
def cookie_sessions(settings):
    """Sessions in signed cookies, not in the database: every request runs in a savepoint that
    is rolled back, which would take a session row (a new key after a password change, say)
    away from under the walker and sign them out half-way through."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 60 * 60  # "just now" lasts the whole walk


def client_for(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        # Staff accounts hold an authenticator app (tests.factories.staff_member), so the
        # two-factor gate lets them into the admin, as after a real two-factor sign-in. They
        # then confirm their password, as allauth asks before the pages of a security key.
        client.force_login(world.users[role])
        confirmed = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert confirmed.status_code == 302, role
    return client


def rolled_back(send, watched_patient):
    """Run one request in a savepoint that is always rolled back. Returns the response, the
    tables it wrote to (audit events aside), and whether it recorded an access to the watched
    patient's records (the audit trail records every read of a patient's data: a read of B's
    patient by A's staff would show there even if the page hid it)."""
    with transaction.atomic():
        before, seen_before = writes_so_far(watched_patient)
        response = send()
        after, seen_after = writes_so_far(watched_patient)
        transaction.set_rollback(True)
    changed = sorted(
        table
        for table, counts in after.items()
        if before.get(table, (0, 0, 0)) != counts and table != AuditEvent._meta.db_table
    )
    return response, changed, seen_after > seen_before


@pytest.fixture
def plain_templates(monkeypatch):
    """Render templates as in production: the test runner's instrumented rendering copies
    every context for `response.context`, which this walk does not read, and which doubles the
    time of an admin page. (Django keeps the original in its test state; should that move, the
    walk only runs slower.)"""
    original = getattr(getattr(_TestState, "saved_data", None), "template_render", None)
    if original is not None:
        monkeypatch.setattr(Template, "_render", original)


@pytest.fixture
def demo_outbox(settings, tmp_path, world):
    """One demo email on disk, so the demo outbox's pages have something to show."""
    settings.EMAIL_BACKEND = "config.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    name = "20260101T000000000000Z-0123abcd.eml"
    (tmp_path / name).write_text(
        "From: clinic@example.org\nTo: someone@example.org\nSubject: Hello\n\nA reminder.\n"
    )
    return name


def _prepare_sides(world, mail_name: str):
    for side in (world.a, world.b):
        side.mail_name = mail_name
    world.a.shortcut_target = world.a.clinic  # has a public page
    world.b.shortcut_target = world.b.patient  # a patient's record: no page to send anyone to


# --- The tests -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_url_can_be_walked(world):
    """Every URL's kwargs can be filled, on both sides, and every admin view is known."""
    _prepare_sides(world, "20260101T000000000000Z-0123abcd.eml")
    problems = []
    for url in URLS:
        if is_public(url):
            continue
        if url.name.startswith("admin") and url.admin_kind is None and url.name not in ADMIN_VIEWS:
            problems.append(f"{url.route} ({url.name}): an admin view not in ADMIN_VIEWS")
        for side in (world.a, world.b):
            try:
                path_of(url, side)
            except LookupError as error:
                problems.append(f"{url.route} ({url.name}): {error}")
    assert not problems, "The walk cannot reach these URLs:\n" + "\n".join(sorted(set(problems)))
    assert len([u for u in URLS if not is_public(u)]) > 200  # the admin is in the walk


def _methods(url: Walked, role: str) -> list[str]:
    if is_public(url) or (role == PATIENT and url.name in OWN_PORTAL_PAGES):
        return ["get"]
    if access_to_b(role, url) == MANAGE:
        return ["get"]  # the role's own business (a network admin editing clinic B's hours)
    if url.name in GET_ONLY or url.admin_kind in GET_ONLY:
        return ["get"]
    return ["get", "post"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_another_clinics_records(world, role, plain_templates, cookie_sessions):
    _prepare_sides(world, "20260101T000000000000Z-0123abcd.eml")
    client = client_for(world, role)
    b = world.b
    failures = []
    requests = 0
    for url in URLS:
        path = path_of(url, b)
        access = access_to_b(role, url)
        own_page = role == PATIENT and url.name in OWN_PORTAL_PAGES
        for method in _methods(url, role):
            for body in [None] if method == "get" else posts_for(url, b):
                requests += 1
                response, changed, seen = rolled_back(
                    (lambda p=path: client.get(p))
                    if method == "get"
                    else (lambda p=path, d=body: client.post(p, d)),
                    b.patient,
                )
                where = f"{method.upper()} {path} ({url.name}"
                where += f", action={body['action']})" if body and body.get("action") else ")"
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code}")
                    continue
                text = body_text(response).lower()
                # What the request carried itself (an email typed into a form) may be echoed.
                posted = str(body or "").lower()
                leaked = [s for s in SECRETS if s.lower() in text and s.lower() not in posted]
                if leaked:
                    failures.append(f"{where}: names clinic B's {leaked}")
                if seen:
                    failures.append(f"{where}: read clinic B's patient (audit trail)")
                if is_public(url) or own_page or access == MANAGE:
                    continue
                if changed:
                    failures.append(f"{where}: changed {changed}")
                if addresses_a_record(url) and access == NONE and not is_refusal(response, url, b):
                    failures.append(
                        f"{where}: {response.status_code} {response.get('Location', '')}"
                    )
    assert requests > 300
    if world.users[role] is not None:  # still the same person at the end: the walk was signed in
        assert client.get(reverse("account_email")).status_code == 200
    assert not failures, f"{role}: {len(failures)} problem(s):\n" + "\n".join(failures)


def _reachability_role(url: Walked, side, users) -> tuple[str, int | None]:
    """The role that should open this URL with the side's (clinic A's) objects, and the status
    it should get (None: 200 or a redirect that is not a refusal)."""
    if url.name in ADMIN_VIEWS:
        return ADMIN_VIEWS[url.name]
    if url.admin_kind == "redirect":
        return FRONT_DESK, None  # to <id>/change/, whoever asks
    if url.name in SECURITY_KEY_PAGES:
        return PHYSICIAN, None  # the owner of clinic A's key
    if not url.name.startswith("admin"):
        return PATIENT, None  # the portal, with the patient's own records
    factory = RequestFactory()
    obj = _side_record(side, url.model) if url.kwargs else None
    for role in (*CLINIC_ROLES, NETWORK_ADMIN_ROLE, MARKETER_ROLE):
        request = factory.get("/admin/")
        request.user = users[role]
        model_admin = url.model_admin
        if url.admin_kind == "add":
            allowed = model_admin.has_add_permission(request)
        elif url.admin_kind == "delete":
            allowed = model_admin.has_delete_permission(request, obj)
        else:
            allowed = model_admin.has_view_permission(request, obj)
        if allowed:
            return role, None
    return FRONT_DESK, 403  # closed to every role by its admin (no adding intakes, say)


def _opened(response) -> bool:
    """A page, or a redirect onwards that is not a refusal (sign-in, "no such object")."""
    if response.status_code == 200:
        return True
    return (
        response.status_code == 302
        and not is_sign_in_redirect(response)
        and urlsplit(response["Location"]).path != reverse("admin:index")
    )


@pytest.mark.django_db
def test_the_right_role_reaches_every_url_with_its_own_clinics_records(
    world, demo_outbox, plain_templates, cookie_sessions
):
    """The refusals above are permission checks, not broken URLs: with clinic A's records and
    the role that works with them, every walked URL opens (a POST-only button: with a POST)."""
    _prepare_sides(world, demo_outbox)
    clients = {}
    failures, closed = [], []
    for url in URLS:
        if is_public(url):
            continue
        role, expected = _reachability_role(url, world.a, world.users)
        if role not in clients:
            clients[role] = client_for(world, role)
        client = clients[role]
        path = path_of(url, world.a)
        response, _changed, _seen = rolled_back(lambda p=path, c=client: c.get(p), None)
        if response.status_code == 405 and expected != 405:
            body = plausible_body(world.a, url, None)
            response, _changed, _seen = rolled_back(
                lambda p=path, c=client, d=body: c.post(p, d), None
            )
        if expected == 403:
            closed.append(url.name)
        ok = response.status_code == expected if expected else _opened(response)
        if not ok:
            failures.append(
                f"{path} ({url.name}) as {role}: {response.status_code} "
                f"{response.get('Location', '')}"
            )
    assert not failures, "\n".join(failures)
    # Most of the walk opens: the pages closed to every role are the exception.
    assert len(closed) < len(URLS) // 4, closed
