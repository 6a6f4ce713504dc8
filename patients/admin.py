from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from clinic.admin_scoping import ClinicScopedAdmin
from clinic.admin_time import LocalTimeAdminMixin
from clinic.models import Clinic, Service
from clinic.permissions import scope_to_clinics, user_clinic_ids

from .audit import AuditedAdminMixin, audit_record
from .intake import FINAL_STEP, STEPS
from .models import (
    AccountClosureRequest,
    AuditEvent,
    CommunicationConsent,
    FollowUpSurvey,
    Intake,
    OutboundMessage,
    PatientProfile,
    User,
)
from .outcomes import outcomes_for
from .selectors import (
    CHECK_IN_READING_ORDER,
    INTAKE_QUEUE_ORDER,
    check_ins_for_review,
    intake_readable,
    intakes_for_review,
    patient_messages,
    score_summary,
)
from .services import (
    age_on,
    clinic_patient_add,
    intake_decide,
    intake_request_info,
    intake_start_review,
)
from .surveys import side_effect_labels, survey_readable


@admin.register(User)
class UserAdmin(LocalTimeAdminMixin, DjangoUserAdmin):
    """Accounts are managed by network admins only (see clinic.roles)."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_queryset(self, request):
        # Staff accounts only: a patient's name and email are patient data, which a network
        # admin never sees, and setting a patient's password here would open their portal.
        # Every page of this admin (list, change, password, history, delete) reads through
        # this, so a patient's account is "not found" to all but superusers.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient_profile__isnull=True)


# Staff's second factors (allauth's admin): added and last used, in the reader's zone.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class StaffAuthenticatorAdmin(LocalTimeAdminMixin, AuthenticatorAdmin):
    pass


class ConsentInline(LocalTimeAdminMixin, admin.TabularInline):
    """The consent history, as recorded: read-only, newest first."""

    model = CommunicationConsent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["channel", "granted", "method", "recorded_at"]
    ordering = ["-recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PatientProfile)
class PatientProfileAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    """Patients of the staff member's clinics (patients.ClinicPatient): those who started an
    intake, booked or waited there, or whom the clinic registered deliberately."""

    clinic_path = "clinic_links__clinic"
    list_display = ["legal_last_name", "legal_first_name", "date_of_birth", "phone"]
    search_fields = ["legal_last_name", "legal_first_name", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["email", "created_at"]
    inlines = [ConsentInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "email",
                    "legal_first_name",
                    "legal_last_name",
                    "preferred_name",
                    "date_of_birth",
                )
            },
        ),
        (_("Contact"), {"fields": ("phone", "street", "city", "state", "zip_code")}),
        (
            _("Emergency contact"),
            {
                "fields": (
                    "emergency_contact_name",
                    "emergency_contact_phone",
                    "emergency_contact_relationship",
                )
            },
        ),
        (None, {"fields": ("preferred_clinic", "created_at")}),
    )

    def audit_patient_id(self, obj):
        return obj.pk

    @admin.display(description=_("Email"))
    def email(self, obj: PatientProfile) -> str:
        return obj.user.email

    def has_add_permission(self, request):
        # "Add" registers an existing patient account at one of your clinics; accounts
        # themselves are made by the patients, at sign-up.
        return request.user.has_perm("scheduling.book_for_patients")

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        clinics = scope_to_clinics(Clinic.objects.filter(is_active=True), request.user, "")
        clinics = [c for c in clinics if request.user.has_perm("scheduling.book_for_patients", c)]
        form = ClinicPatientAddForm(request.POST or None, clinics=clinics)
        if request.method == "POST" and form.is_valid():
            try:
                link = clinic_patient_add(by=request.user, request=request, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is a patient of %(clinic)s.")
                    % {"name": link.patient.legal_name, "clinic": link.clinic.name},
                )
                return redirect(
                    reverse("admin:patients_patientprofile_change", args=[link.patient_id])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Add a patient of your clinic"),
            "form": form,
        }
        return TemplateResponse(request, "admin/patients/patientprofile/add.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        patient = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if patient is not None:
            clinic_ids = user_clinic_ids(request.user)
            outcomes = outcomes_for(patient=patient, clinic_ids=clinic_ids)
            extra_context["outcomes"] = outcomes
            if request.user.has_perm("patients.view_outboundmessage"):
                extra_context["communication_log"] = patient_messages(
                    patient=patient, clinic_ids=clinic_ids
                )
                extra_context["communication_log_url"] = (
                    reverse("admin:patients_outboundmessage_changelist")
                    + f"?patient__id={patient.pk}"
                )
            booster = Service.objects.filter(
                clinic__intakes__patient=patient, kind=Service.Kind.BOOSTER, is_active=True
            ).first()
            if (
                outcomes.booster_suggested
                and booster
                and request.user.has_perm("scheduling.book_for_patients", booster.clinic)
            ):
                extra_context["booster_url"] = (
                    reverse("admin:scheduling_appointment_add")
                    + f"?clinic={booster.clinic_id}&service={booster.pk}&patient={patient.pk}"
                )
        return super().change_view(request, object_id, form_url, extra_context)


class ClinicPatientAddForm(forms.Form):
    """What the patient tells the front desk, by phone or at the desk. All of it must match
    their account; nothing here searches the network."""

    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none(), label=_("Your clinic"))
    legal_first_name = forms.CharField(label=_("Legal first name"), max_length=100)
    legal_last_name = forms.CharField(label=_("Legal last name"), max_length=100)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    email = forms.EmailField(label=_("Email they sign in with"))

    def __init__(self, *args, clinics, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = Clinic.objects.filter(pk__in=[c.pk for c in clinics])
        if len(clinics) == 1:
            self.fields["clinic"].initial = clinics[0].pk


class RequestInfoForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Part of the intake to reopen"),
        choices=[(s.slug, s.title) for s in STEPS if s.slug != FINAL_STEP],
    )
    note = forms.CharField(
        label=_("What the patient should add or correct (they will read this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Intake.Status.CLEARED, _("Clear for infusion")),
            (Intake.Status.DECLINED, _("Not a candidate")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_(
            "Note to the patient (required when declining, and when clearing an intake that is "
            "urgent or has screening flags)"
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(Intake)
class IntakeAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    """The review queue: open intakes, then those waiting on the patient, then decided ones; in
    each, urgent first, then flagged, then the oldest. One page per intake shows the whole
    intake and the actions the reviewer's role allows at that clinic."""

    list_display = [
        "patient_name",
        "clinic",
        "status",
        "urgency",
        "flag_count",
        "submitted_at",
        "decided_at",
    ]
    list_filter = ["status", "is_urgent", ("clinic", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["patient__legal_last_name", "patient__legal_first_name"]
    list_display_links = ["patient_name"]

    def get_queryset(self, request):
        return intakes_for_review(user=request.user)

    def get_ordering(self, request):
        # The queue's order (the selector annotates its parts); a column click still re-sorts.
        return INTAKE_QUEUE_ORDER

    @admin.display(description=_("Urgent"), ordering="-is_urgent")
    def urgency(self, obj: Intake) -> str:
        # Words, not Django's green tick: a tick reads as "fine", the opposite of urgent.
        if not obj.is_urgent:
            return ""
        return format_html(
            '<strong class="urgent-label" title="{}">{}</strong>',
            _("PHQ-9 item 9 above zero: contact the patient today"),
            _("Urgent"),
        )

    @admin.display(description=_("Patient"), ordering="patient__legal_last_name")
    def patient_name(self, obj: Intake) -> str:
        return obj.patient.legal_name

    @admin.display(description=_("Flags"), ordering="flag_count")
    def flag_count(self, obj: Intake) -> int:
        return obj.flag_count

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # answers are the patient's; staff act through the review actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        intake = self.get_object(request, object_id)
        if intake is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, intake):
            raise PermissionDenied
        user = request.user
        may_review = user.has_perm("patients.review_intake", intake)
        may_decide = user.has_perm("patients.decide_intake", intake)
        request_form = RequestInfoForm(prefix="info")
        decision_form = DecisionForm(prefix="decision")
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action in ("start_review", "request_info", "decide"):
                    audit_record(
                        request=request,
                        patient_id=intake.patient_id,
                        action=AuditEvent.Action.UPDATE,
                        obj=intake,
                        fields=["status", action],
                    )
                if action == "start_review":
                    intake_start_review(intake=intake, by=user)
                    messages.success(request, _("You are now reviewing this intake."))
                    return redirect(request.path)
                if action == "request_info":
                    request_form = RequestInfoForm(request.POST, prefix="info")
                    if request_form.is_valid():
                        intake_request_info(intake=intake, by=user, **request_form.cleaned_data)
                        messages.success(request, _("The patient has been asked for more."))
                        return redirect(self._changelist_url())
                if action == "decide":
                    decision_form = DecisionForm(request.POST, prefix="decision")
                    if decision_form.is_valid():
                        intake_decide(intake=intake, by=user, **decision_form.cleaned_data)
                        messages.success(request, _("Your decision is recorded."))
                        return redirect(self._changelist_url())
            except ValidationError as error:
                form = decision_form if action == "decide" else request_form
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    messages.error(request, " ".join(error.messages))
            intake.refresh_from_db()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Intake of %(name)s") % {"name": intake.patient.legal_name},
            "intake": intake,
            "patient": intake.patient,
            "age": age_on(intake.patient.date_of_birth, timezone.localdate()),
            "scores": score_summary(intake),
            "flags": list(intake.flags.all()),
            "sections": intake_readable(intake),
            "events": intake.events.select_related("actor").order_by("created_at"),
            "may_start_review": may_review and intake.status == Intake.Status.SUBMITTED,
            "may_request_info": may_review
            and intake.status in (Intake.Status.SUBMITTED, Intake.Status.IN_REVIEW),
            "may_decide": may_decide
            and intake.status in (Intake.Status.SUBMITTED, Intake.Status.IN_REVIEW),
            "request_form": request_form,
            "decision_form": decision_form,
        }
        return TemplateResponse(request, "admin/patients/intake/review.html", context)

    def _changelist_url(self) -> str:
        return reverse("admin:patients_intake_changelist")


@admin.register(AccountClosureRequest)
class AccountClosureRequestAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    clinic_path = "patient__clinic_links__clinic"
    list_display = ["patient", "requested_at", "handled_at"]
    list_filter = ["handled_at"]
    readonly_fields = ["patient", "reason", "requested_at", "handled_at"]
    actions = ["close_accounts"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Close these accounts (switch off the portal sign-in)"))
    def close_accounts(self, request, queryset):
        from .services import account_close

        closed = 0
        for closure in queryset.filter(handled_at__isnull=True).select_related("patient__user"):
            if request.user.has_perm("patients.change_accountclosurerequest", closure):
                account_close(closure=closure, by=request.user)
                closed += 1
        self.message_user(request, _("%(n)d account(s) closed.") % {"n": closed})


@admin.register(AuditEvent)
class AuditEventAdmin(ClinicScopedAdmin):
    """Who saw or changed what, per patient. Managers of the patient's clinics read it; nobody
    changes or deletes it (the database refuses as well)."""

    list_display = ["at", "actor", "actor_role", "patient", "action", "object_type", "via"]
    list_filter = ["action", "object_type", "via"]
    search_fields = ["patient__legal_last_name", "patient__legal_first_name", "actor__email"]
    list_select_related = ["actor", "patient"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        """The events of the user's clinics: what their staff did, and what the system did
        with their clinic's records; not what another clinic did with a shared patient."""
        events = admin.ModelAdmin.get_queryset(self, request)
        clinic_ids = user_clinic_ids(request.user)
        return events if clinic_ids is None else events.filter(clinics__overlap=list(clinic_ids))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    """The communication log: every message to a patient, its status, and why one failed or was
    skipped. Failed messages can be sent again."""

    list_display = [
        "due_at",
        "patient",
        "kind",
        "channel",
        "status",
        "sent_at",
        "attempts",
        "skip_reason",
        "last_error",
    ]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["patient__legal_last_name", "patient__legal_first_name"]
    list_select_related = ["patient", "clinic"]
    readonly_fields = [f.name for f in OutboundMessage._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the failed messages again"))
    def send_again(self, request, queryset):
        from .outbox import outbox_retry

        count = sum(
            outbox_retry(message=message)
            for message in queryset.filter(status=OutboundMessage.Status.FAILED)
            if request.user.has_perm("patients.change_outboundmessage", message)
        )
        self.message_user(request, _("%(n)d message(s) queued again.") % {"n": count})


@admin.register(FollowUpSurvey)
class FollowUpSurveyAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    """Check-ins after treatment, in the order to read them: PHQ-9 item 9 above zero first, then
    the other answers that need attention (a side effect, a note, a severe score), then the
    quiet answers, newest first; check-ins not answered yet last. Every answer, the patient's own
    words included, is on the check-in's page (opening it is audited, as listing it is)."""

    list_display = [
        "patient",
        "kind",
        "due_at",
        "answered_at",
        "attention",
        "what_the_patient_reported",
        "pain",
        "phq9_score",
        "phq9_item9",
        "gad7_score",
    ]
    list_filter = ["kind", "needs_attention", ("answered_at", admin.EmptyFieldListFilter)]
    list_select_related = ["patient", "clinic"]
    readonly_fields = [
        "patient",
        "clinic",
        "appointment",
        "kind",
        "due_at",
        "answered_at",
        "attention",
        "side_effects_reported",
        "patient_note",
        "pain",
        "phq9_score",
        "phq9_item9",
        "gad7_score",
        "pcl5_score",
        "every_answer",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return check_ins_for_review(user=request.user)

    def get_ordering(self, request):
        # The reading order (the selector annotates it); a column click still re-sorts.
        return CHECK_IN_READING_ORDER

    @admin.display(description=_("Attention"), ordering="reading_order")
    def attention(self, obj: FollowUpSurvey) -> str:
        if obj.answered_at is None:
            return _("Not answered yet")
        if (obj.phq9_item9 or 0) > 0:
            return format_html(
                '<strong class="urgent-label">{}</strong>', _("Urgent: PHQ-9 item 9 above zero")
            )
        if obj.needs_attention:
            return format_html('<strong class="attention-label">{}</strong>', _("Read first"))
        return _("Nothing reported")

    @admin.display(description=_("What the patient reported"))
    def what_the_patient_reported(self, obj: FollowUpSurvey) -> str:
        """Side effects and the start of the patient's note, for the list."""
        parts = [str(label) for label in side_effect_labels(obj.side_effects)]
        note = _patient_note(obj)
        if note:
            parts.append(f"“{Truncator(note).chars(80)}”")
        return "; ".join(parts) or "—"

    @admin.display(description=_("Side effects reported"))
    def side_effects_reported(self, obj: FollowUpSurvey) -> str:
        return ", ".join(str(label) for label in side_effect_labels(obj.side_effects)) or "—"

    @admin.display(description=_("In the patient's words"))
    def patient_note(self, obj: FollowUpSurvey) -> str:
        note = _patient_note(obj)
        return format_html("<p>{}</p>", linebreaksbr(note)) if note else "—"

    @admin.display(description=_("Every answer"))
    def every_answer(self, obj: FollowUpSurvey) -> str:
        rows = survey_readable(obj)
        if not rows:
            return _("Not answered yet.")
        return format_html(
            '<table class="intake-answers">{}</table>',
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{}</td></tr>',
                ((row["question"], row["answer"]) for row in rows),
            ),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _patient_note(survey: FollowUpSurvey) -> str:
    return str(survey.answers.get("side_effects_other") or "").strip()
