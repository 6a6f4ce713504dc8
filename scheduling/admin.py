"""The clinic's schedule in the admin: the day board, a visit's page (status, vital signs,
discharge), booking for a patient, planning a series; every page scoped to the user's clinics."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import available_timezones

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from clinic.admin import ClinicAdmin as BaseClinicAdmin
from clinic.admin import ClinicMembershipAdmin as BaseClinicMembershipAdmin
from clinic.admin import ServiceAdmin as BaseServiceAdmin
from clinic.admin_scoping import ClinicScopedAdmin
from clinic.hours import zone_name
from clinic.localtime import local_time
from clinic.models import Clinic, ClinicMembership, Closure, OpeningHours, Service
from clinic.permissions import scope_to_clinics
from patients.admin import UserAdmin as BaseUserAdmin
from patients.audit import AuditedAdminMixin, audit_list, audit_record
from patients.models import AuditEvent, PatientProfile, User
from patients.selectors import clearance_of

from .admin_forms import (
    DischargeForm,
    SeriesPlanForm,
    StaffBookingForm,
    StaffCancelForm,
    VitalsForm,
    parse_local,
)
from .availability import available_slots
from .board import day_board
from .booking import (
    SlotUnavailable,
    appointment_book,
    check_cleared,
    slots_the_patient_can_take,
)
from .closures import (
    chair_save,
    closure_save,
    exception_in_the_way,
    time_off_save,
    visits_clear_the_way,
    visits_in_the_way,
    visits_left_without_chair,
    visits_left_without_clinician,
    visits_losing_extra_hours,
    visits_of_clinic,
    visits_of_provider,
    visits_of_service,
    visits_stranded_by_hours,
    visits_stranded_by_zone_change,
    weekly_hours_delete,
    weekly_hours_save,
)
from .forms import is_plausible_day
from .models import (
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
from .readiness import needs_readiness
from .series import series_book, series_progress, series_propose
from .services import appointment_cancel, appointment_reschedule
from .visits import (
    ACTION_LABELS,
    action_permission,
    discharge_vitals_concerns,
    next_actions,
    no_show_undo_allowed,
    start_missing,
    started_without_labels,
    thresholds_for,
    visit_advance,
    visit_complete,
    visit_undo_no_show,
    vitals_record,
)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _user_clinics(request):
    return scope_to_clinics(Clinic.objects.filter(is_active=True), request.user, "")


class ClearsTheWayForm(forms.ModelForm):
    cancel_visits = forms.BooleanField(
        required=False,
        label=_("Cancel the visits booked in this time, and tell each patient"),
        help_text=_("Leave unticked to see them first, and move them one by one."),
    )


class _ClearsTheWay:
    """Saving a closure or time off: the visits it would strand are named (with a link to move
    each) and it saves only once they are moved, or when staff choose to cancel them."""

    form = ClearsTheWayForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        admin_page, user = self, request.user

        class CheckedForm(form):
            def clean(self):
                cleaned = super().clean()
                if self.errors:
                    return cleaned
                visits = admin_page.in_the_way(cleaned, self.instance)
                under_way = [v for v in visits if v.status != Appointment.Status.BOOKED]
                if under_way:
                    raise ValidationError(under_way_message(under_way))
                if visits and not cleaned.get("cancel_visits"):
                    raise ValidationError(in_the_way_message(visits))
                if visits and not all(
                    user.has_perm("scheduling.book_for_patients", v.clinic) for v in visits
                ):
                    raise ValidationError(_("Only staff who book visits may cancel them."))
                return cleaned

        return CheckedForm

    def stranded_by_deleting(self, obj) -> list:
        return []  # deleting a closure or time off strands nobody

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one row at a time: each is checked for visits
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_delete_permission(request, obj):
            visits = self.stranded_by_deleting(obj)
            if visits:
                messages.error(request, in_the_way_message(visits))
                opts = self.opts
                return redirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
                )
        return super().delete_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        cancelled = self.save_clearing_the_way(
            obj, by=request.user, cancel_visits=form.cleaned_data.get("cancel_visits", False)
        )
        if cancelled:
            messages.warning(
                request,
                _("%(n)d visit(s) cancelled; each patient is told by their usual messages.")
                % {"n": len(cancelled)},
            )


def under_way_message(visits) -> str:
    """Visits already started (checked in, infusing, observing) are neither moved nor cancelled
    from here: the change waits until they are over."""
    items = format_html_join(
        "",
        "<li>{} — {}, {} ({})</li>",
        (
            (
                f"{v.starts_at.astimezone(v.clinic.zone):%a %b %-d, %-I:%M %p %Z}",
                v.patient.legal_name,
                v.service.name,
                v.get_status_display().lower(),
            )
            for v in visits
        ),
    )
    return format_html(
        "{}<ul>{}</ul>{}",
        _("These visits are under way in this time:"),
        items,
        _("They cannot be moved or cancelled. Save this change once they are over."),
    )


def in_the_way_message(visits, *, heading=None, ending=None) -> str:
    items = format_html_join(
        "",
        '<li>{} — {}, {} (<a href="{}">move</a>)</li>',
        (
            (
                f"{v.starts_at.astimezone(v.clinic.zone):%a %b %-d, %-I:%M %p %Z}",
                v.patient.legal_name,
                v.service.name,
                reverse("admin:scheduling_appointment_add") + f"?move={v.pk}",
            )
            for v in visits
        ),
    )
    return format_html(
        "{}<ul>{}</ul>{}",
        heading or _("These booked visits fall in this time:"),
        items,
        ending
        or _("Move each of them (the links open in this window), or tick “Cancel the visits”."),
    )


@admin.register(Chair)
class ChairAdmin(_ClearsTheWay, ClinicScopedAdmin):
    """Retiring a chair, or taking it to another clinic, must not strand its booked visits."""

    list_display = ["name", "clinic", "is_active"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["clinic"]
    fields = ["clinic", "name", "is_active", "notes", "cancel_visits"]

    def in_the_way(self, cleaned, instance) -> list:
        if not instance.pk or cleaned.get("clinic") is None:
            return []
        candidate = Chair(pk=instance.pk, clinic=cleaned["clinic"], is_active=cleaned["is_active"])
        return visits_left_without_chair(chair=candidate)

    def save_clearing_the_way(self, obj, *, by, cancel_visits):
        return chair_save(chair=obj, by=by, cancel_visits=cancel_visits)


class _KeepsBookedVisits:
    """A page of another app whose change could strand booked visits (a clinic's time zone, a
    service taken out of use, a clinician's account switched off): the change is refused,
    naming the visits, until they are moved or cancelled. `visits_stranded(cleaned, instance)`
    says which; `stranded_field` is where the error shows."""

    stranded_field: str | None = None  # None: at the top of the form

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        admin_page = self

        class KeepsBookedVisitsForm(form):
            def clean(self):
                cleaned = super().clean()
                if self.instance.pk and not self.errors:
                    visits = admin_page.visits_stranded(cleaned, self.instance)
                    if visits:
                        message = in_the_way_message(
                            visits,
                            heading=_("These booked visits depend on what you are changing:"),
                            ending=_("Move or cancel each of them first; then save this."),
                        )
                        self.add_error(admin_page.stranded_field, message)
                return cleaned

        return KeepsBookedVisitsForm


admin.site.unregister(Clinic)


@admin.register(Clinic)
class ClinicAdmin(_KeepsBookedVisits, BaseClinicAdmin):
    """Its time zone does not change under booked visits (their wall times would move), and it
    is not switched off under them."""

    def visits_stranded(self, cleaned, instance) -> list:
        if not cleaned.get("is_active", True):
            return visits_of_clinic(clinic=instance)
        zone = cleaned.get("time_zone")
        if not zone or zone not in available_timezones():
            return []  # the field's own check says what is wrong with it
        return visits_stranded_by_zone_change(clinic=instance, time_zone=zone)


admin.site.unregister(Service)

# What a booked visit of a service was booked as: who gives it, whether it needs a chair and a
# clearance, its kind, its clinic. None of it changes under booked visits.
SERVICE_BOOKED_AS = ("kind", "provider_roles", "needs_chair", "needs_clearance", "clinic")


@admin.register(Service)
class ServiceAdmin(_KeepsBookedVisits, BaseServiceAdmin):
    """A service is not taken out of use, nor changed in what it was booked as (its kind, who
    gives it, chair, clearance, clinic), under booked visits."""

    def visits_stranded(self, cleaned, instance) -> list:
        changed = [
            name
            for name in SERVICE_BOOKED_AS
            if name in cleaned and cleaned[name] != getattr(instance, name)
        ]
        if cleaned.get("is_active", True) and not changed:
            return []
        return visits_of_service(service=instance)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(_KeepsBookedVisits, BaseUserAdmin):
    """A clinician's account is not switched off under their booked visits."""

    stranded_field = "is_active"

    def visits_stranded(self, cleaned, instance) -> list:
        if cleaned.get("is_active", True):
            return []
        return visits_of_provider(user=instance)


admin.site.unregister(ClinicMembership)


@admin.register(ClinicMembership)
class ClinicMembershipAdmin(_ClearsTheWay, BaseClinicMembershipAdmin):
    """A clinician's role at a clinic (clinic.admin), with this app's rule: a change that takes
    them off their booked visits names the visits first."""

    def in_the_way(self, cleaned, instance) -> list:
        if not instance.pk or not (cleaned.get("user") and cleaned.get("clinic")):
            return []
        candidate = ClinicMembership(
            pk=instance.pk,
            user=cleaned["user"],
            clinic=cleaned["clinic"],
            role=cleaned.get("role"),
            is_active=cleaned.get("is_active", False),
        )
        return visits_left_without_clinician(membership=candidate)

    def stranded_by_deleting(self, obj) -> list:
        gone = ClinicMembership(pk=obj.pk, user=obj.user, clinic=obj.clinic, is_active=False)
        return visits_left_without_clinician(membership=gone)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            cancelled = visits_clear_the_way(
                visits=visits_left_without_clinician(membership=obj),
                by=request.user,
                cancel_visits=form.cleaned_data.get("cancel_visits", False),
                reason="The clinician no longer sees patients here",
            )
            BaseClinicMembershipAdmin.save_model(self, request, obj, form, change)
        if cancelled:
            messages.warning(
                request,
                _("%(n)d visit(s) cancelled; each patient is told by their usual messages.")
                % {"n": len(cancelled)},
            )


@admin.register(Closure)
class ClosureAdmin(_ClearsTheWay, ClinicScopedAdmin):
    list_display = ["date", "clinic", "reason"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["clinic"]
    date_hierarchy = "date"
    fields = ["clinic", "date", "reason", "cancel_visits"]

    def in_the_way(self, cleaned, instance) -> list:
        if not (cleaned.get("clinic") and cleaned.get("date")):
            return []
        return visits_in_the_way(clinic=cleaned["clinic"], date=cleaned["date"])

    def save_clearing_the_way(self, obj, *, by, cancel_visits):
        return closure_save(closure=obj, by=by, cancel_visits=cancel_visits)


class _WeeklyHoursAdmin(_ClearsTheWay, ClinicScopedAdmin):
    """The clinic's opening hours and a clinician's hours: a change, or a delete, must not strand
    booked visits (scheduling.closures.visits_stranded_by_hours)."""

    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "weekday"]

    def in_the_way(self, cleaned, instance) -> list:
        fields = [f for f in self.fields if f != "cancel_visits"]
        if any(cleaned.get(name) in (None, "") for name in fields):
            return []
        candidate = self.model(pk=instance.pk, **{name: cleaned[name] for name in fields})
        return visits_stranded_by_hours(hours=candidate)

    def stranded_by_deleting(self, obj) -> list:
        return visits_stranded_by_hours(hours=obj, deleting=True)

    def save_clearing_the_way(self, obj, *, by, cancel_visits):
        return weekly_hours_save(hours=obj, by=by, cancel_visits=cancel_visits)

    def delete_model(self, request, obj):
        weekly_hours_delete(hours=obj, by=request.user)


@admin.register(OpeningHours)
class OpeningHoursAdmin(_WeeklyHoursAdmin):
    list_display = ["clinic", "weekday", "opens_at", "closes_at"]
    list_select_related = ["clinic"]
    fields = ["clinic", "weekday", "opens_at", "closes_at", "cancel_visits"]


@admin.register(ProviderHours)
class ProviderHoursAdmin(_WeeklyHoursAdmin):
    list_display = ["provider", "clinic", "weekday", "starts_at", "ends_at"]
    list_select_related = ["clinic", "provider"]
    fields = ["clinic", "provider", "weekday", "starts_at", "ends_at", "cancel_visits"]


@admin.register(ProviderException)
class ProviderExceptionAdmin(_ClearsTheWay, ClinicScopedAdmin):
    list_display = ["provider", "clinic", "date", "kind", "starts_at", "ends_at", "note"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["clinic", "provider"]
    date_hierarchy = "date"
    fields = ["clinic", "provider", "date", "kind", "starts_at", "ends_at", "note", "cancel_visits"]

    def in_the_way(self, cleaned, instance) -> list:
        needed = ("clinic", "provider", "date", "kind")
        if any(not cleaned.get(name) for name in needed):
            return []
        candidate = ProviderException(
            pk=instance.pk,
            **{name: cleaned.get(name) for name in (*needed, "starts_at", "ends_at")},
        )
        return exception_in_the_way(exception=candidate)

    def save_clearing_the_way(self, obj, *, by, cancel_visits):
        return time_off_save(exception=obj, by=by, cancel_visits=cancel_visits)

    def stranded_by_deleting(self, obj) -> list:
        return visits_losing_extra_hours(exception=obj)


@admin.register(VitalsThresholds)
class VitalsThresholdsAdmin(ClinicScopedAdmin):
    list_display = [
        "clinic",
        "systolic_max",
        "diastolic_max",
        "heart_rate_min",
        "heart_rate_max",
        "spo2_min",
    ]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    list_display = [
        "patient",
        "clinic",
        "service",
        "earliest",
        "latest",
        "status",
        "offered_start",
        "offer_expires_at",
        "created_at",
    ]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "status"]
    list_select_related = ["patient", "clinic", "service"]
    readonly_fields = [
        "patient",
        "clinic",
        "service",
        "status",
        "offered_start",
        "offer_expires_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(InfusionSeries)
class InfusionSeriesAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    list_display = ["patient", "clinic", "service", "progress", "status", "created_at"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "status"]
    list_select_related = ["patient", "clinic", "service"]
    readonly_fields = [
        "clinic",
        "patient",
        "service",
        "planned_sessions",
        "created_by",
        "progress",
        "sessions",
    ]
    fields = [*readonly_fields, "status"]

    @admin.display(description=_("Progress"))
    def progress(self, obj: InfusionSeries) -> str:
        done = obj.appointments.filter(status=Appointment.Status.COMPLETED).count()
        return f"{done} of {obj.planned_sessions} done"

    @admin.display(description=_("Sessions"))
    def sessions(self, obj: InfusionSeries) -> str:
        return "; ".join(
            f"{local_time(a.starts_at, obj.clinic.zone, style='short')} ({a.get_status_display()})"
            for a in obj.appointments.order_by("starts_at")
        )

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        clinics = _user_clinics(request)
        form = SeriesPlanForm(request.POST or None, clinics=clinics)
        proposal, starts_error = [], None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            clinic, zone = data["clinic"], data["clinic"].zone
            if "book" in request.POST:
                starts = [parse_local(v, zone) for v in request.POST.getlist("start") if v]
                try:
                    if any(s is None for s in starts):
                        raise ValidationError("A session time is not a valid date and time.")
                    series = series_book(
                        clinic=clinic,
                        service=data["service"],
                        patient=data["patient"],
                        starts=starts,
                        by=request.user,
                        planned_sessions=data["sessions"],
                        min_gap_hours=data["min_gap_hours"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    starts_error = " ".join(getattr(error, "messages", [str(error)]))
                    proposal = [s.astimezone(zone) for s in starts if s]
                else:
                    messages.success(request, _("The series is booked: every session."))
                    return redirect(
                        reverse("admin:scheduling_infusionseries_change", args=[series.pk])
                    )
            else:
                try:  # an uncleared patient is told why before any time is proposed
                    check_cleared(
                        patient=data["patient"], clinic=clinic, service=data["service"], staff=True
                    )
                except ValidationError as error:
                    starts_error = " ".join(error.messages)
            if starts_error is None and "book" not in request.POST:
                slots = series_propose(
                    clinic=clinic,
                    service=data["service"],
                    sessions=data["sessions"],
                    per_week=data["per_week"],
                    min_gap_hours=data["min_gap_hours"],
                    first_day=data["first_day"],
                    preferred_time=data["preferred_time"],
                    preferred_chair_id=data["preferred_chair"].pk
                    if data["preferred_chair"]
                    else None,
                    patient=data["patient"],
                )
                proposal = [slot.starts_at.astimezone(zone) for slot in slots]
                if len(proposal) < data["sessions"]:
                    starts_error = _("Only %(n)d sessions fit in the next eight weeks.") % {
                        "n": len(proposal)
                    }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Plan an infusion series"),
            "form": form,
            "proposal": proposal,
            "starts_error": starts_error,
        }
        return TemplateResponse(request, "admin/scheduling/series_plan.html", context)


@admin.register(VitalSigns)
class VitalSignsAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    clinic_path = time_zone_path = "appointment__clinic"
    list_display = [
        "appointment",
        "phase",
        "taken_at",
        "systolic",
        "diastolic",
        "heart_rate",
        "spo2",
    ]
    list_select_related = ["appointment__clinic", "appointment__service"]

    def audit_patient_id(self, obj):
        return obj.appointment.patient_id

    def has_add_permission(self, request):
        return False  # readings are taken on the visit's page

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    list_display = ["local_start", "patient", "service", "provider", "chair", "status", "moved"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "status"]
    list_select_related = ["clinic", "service", "patient", "provider", "chair", "rescheduled_from"]
    search_fields = ["patient__legal_last_name", "patient__legal_first_name"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]

    @admin.display(description=_("Starts (clinic time)"), ordering="starts_at")
    def local_start(self, obj: Appointment) -> str:
        return local_time(obj.starts_at, obj.clinic.zone)

    @admin.display(description=_("Rescheduled"), boolean=True)
    def moved(self, obj: Appointment) -> bool:
        return obj.rescheduled_from_id is not None

    def has_change_permission(self, request, obj=None):
        return False  # visits change through their actions, never by editing fields

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return request.user.has_perm("scheduling.book_for_patients")

    def get_urls(self):
        custom = [
            path("board/", self.admin_site.admin_view(self.board_view), name="scheduling_board"),
        ]
        return custom + super().get_urls()

    # --- The clinic's day --------------------------------------------------------------------

    def board_view(self, request):
        clinics = list(_user_clinics(request))
        if not clinics or not request.user.has_perm("scheduling.view_appointment"):
            raise PermissionDenied
        clinic = next((c for c in clinics if str(c.pk) == request.GET.get("clinic")), clinics[0])
        zone = clinic.zone
        try:
            day = dt.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = None
        if day is None or not is_plausible_day(day):
            day = timezone.now().astimezone(zone).date()
        board = day_board(clinic=clinic, day=day)
        audit_list(request=request, rows=[(v.patient_id, v) for v in board.visits])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Day board"),
            "clinics": clinics,
            "clinic": clinic,
            "day": day,
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1),
            "zone_name": zone_name(clinic.time_zone),
            "board": board,
        }
        return TemplateResponse(request, "admin/scheduling/board.html", context)

    # --- A visit's page ----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        appointment = self.get_object(request, object_id)
        if appointment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, appointment):
            raise PermissionDenied
        user, clinic = request.user, appointment.clinic
        vitals_form, discharge_form, cancel_form = VitalsForm(), DischargeForm(), StaffCancelForm()
        alerts = []
        if request.method == "POST":
            action = request.POST.get("action", "")
            audit_record(
                request=request,
                patient_id=appointment.patient_id,
                action=AuditEvent.Action.UPDATE,
                obj=appointment,
                fields=[action],
            )
            try:
                if action == "no_show" and request.POST.get("confirm_no_show") != "1":
                    raise ValidationError(
                        _("Tick “The patient has not come” to mark the visit as a no-show.")
                    )
                if action in ("check_in", "start", "observe", "no_show"):
                    visit_advance(appointment=appointment, action=action, by=user)
                    messages.success(
                        request, _("%(action)s: done.") % {"action": ACTION_LABELS[action]}
                    )
                    return redirect(request.path)
                if action == "undo_no_show":
                    visit_undo_no_show(appointment=appointment, by=user)
                    messages.success(request, _("The no-show is undone: the visit is booked."))
                    return redirect(request.path)
                if action == "vitals":
                    vitals_form = VitalsForm(request.POST)
                    if vitals_form.is_valid():
                        _reading, alerts = vitals_record(
                            appointment=appointment, by=user, **vitals_form.cleaned_data
                        )
                        if alerts:
                            messages.warning(
                                request, _("Past the clinic's limits: ") + "; ".join(alerts)
                            )
                        else:
                            messages.success(request, _("Vital signs recorded."))
                        return redirect(request.path)
                if action == "complete":
                    discharge_form = DischargeForm(request.POST)
                    if discharge_form.is_valid():
                        visit_complete(
                            appointment=appointment, by=user, **discharge_form.cleaned_data
                        )
                        messages.success(request, _("The visit is complete."))
                        return redirect(request.path)
                if action == "cancel":
                    if not user.has_perm("scheduling.book_for_patients", clinic):
                        raise PermissionDenied
                    cancel_form = StaffCancelForm(request.POST)
                    if cancel_form.is_valid():
                        appointment_cancel(
                            appointment=appointment,
                            by=user,
                            by_patient=False,
                            reason=cancel_form.cleaned_data["reason"],
                        )
                        messages.success(request, _("The visit is cancelled."))
                        return redirect(request.path)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            appointment.refresh_from_db()
        limits = thresholds_for(clinic)
        vitals = [(v, limits.alerts(v)) for v in appointment.vitals.select_related("recorded_by")]
        actions = [
            (action, ACTION_LABELS[action])
            for action in next_actions(appointment)
            if action not in ("complete", "no_show")
            and user.has_perm(action_permission(action), clinic)
        ]
        may_check_in = user.has_perm("scheduling.check_in_visit", clinic)
        may_run = user.has_perm("scheduling.run_visit", clinic)
        may_complete = may_run and "complete" in next_actions(appointment)
        needs_discharge = appointment.service.needs_chair
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Visit of %(name)s") % {"name": appointment.patient.legal_name},
            "appointment": appointment,
            "clinic": clinic,
            "clearance": clearance_of(patient=appointment.patient, clinic=clinic),
            "zone_name": zone_name(clinic.time_zone),
            "local_start": appointment.starts_at.astimezone(clinic.zone),
            "local_end": appointment.ends_at.astimezone(clinic.zone),
            "actions": actions,
            "vitals": vitals,
            "limits": limits,
            "may_record_vitals": may_run
            and appointment.status
            in (
                Appointment.Status.CHECKED_IN,
                Appointment.Status.IN_PROGRESS,
                Appointment.Status.OBSERVATION,
            ),
            "may_complete": may_complete,
            "needs_discharge": needs_discharge,
            "may_mark_no_show": may_check_in and "no_show" in next_actions(appointment),
            "may_undo_no_show": may_check_in and no_show_undo_allowed(appointment),
            "start_missing": started_without_labels(start_missing(appointment))
            if any(action == "start" for action, _label in actions)
            else [],
            "started_without": started_without_labels(appointment.started_without),
            "discharge_concerns": discharge_vitals_concerns(appointment, limits)
            if may_complete and needs_discharge
            else [],
            "discharge": getattr(appointment, "discharge", None)
            if appointment.status == Appointment.Status.COMPLETED
            else None,
            "readiness_needed": needs_readiness(appointment),
            "may_cancel": user.has_perm("scheduling.book_for_patients", clinic)
            and appointment.status == Appointment.Status.BOOKED,
            "vitals_form": vitals_form,
            "discharge_form": discharge_form,
            "cancel_form": cancel_form,
            "series": series_progress(appointment.series) if appointment.series else None,
            "board_url": reverse("admin:scheduling_board")
            + f"?clinic={clinic.pk}&date="
            + appointment.starts_at.astimezone(clinic.zone).date().isoformat(),
        }
        return TemplateResponse(request, "admin/scheduling/visit.html", context)

    # --- Booking for a patient ---------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        """Book for a patient. The page posts to itself (the patient's email never goes in a
        URL): first to list the free times, then with a time to book it. ?move=<visit id> moves
        that visit instead; ?patient=<id> starts with a patient of your clinics chosen."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        clinics = _user_clinics(request)
        moving = self._visit_to_move(request)
        initial = {"day": timezone.localdate()}  # today on the reader's clock, not UTC's
        if moving is not None:
            initial.update(
                clinic=moving.clinic_id,
                service=moving.service_id,
                patient_email=moving.patient.user.email,
                day=moving.starts_at.astimezone(moving.clinic.zone).date(),
            )
        elif request.GET.get("patient"):
            initial["patient_email"] = self._patient_of_your_clinics(request).user.email
        for key in ("clinic", "service", "day"):
            if request.GET.get(key) and moving is None:
                initial[key] = request.GET[key]
        form = StaffBookingForm(request.POST or None, clinics=clinics, initial=initial)
        if moving is not None:  # a move keeps its clinic, visit type and patient: only the time
            for name in ("clinic", "service", "patient_email"):
                form.fields[name].disabled = True
        slots, refusal, alternatives, clearance = [], None, [], None
        reason = request.POST.get("reason", "")
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            clinic, service, zone = data["clinic"], data["service"], data["clinic"].zone
            if not request.user.has_perm("scheduling.book_for_patients", clinic):
                raise PermissionDenied
            clearance = clearance_of(patient=data["patient"], clinic=clinic)
            try:  # an uncleared patient is told why before any time is offered
                check_cleared(patient=data["patient"], clinic=clinic, service=service, staff=True)
            except ValidationError as error:
                refusal = " ".join(error.messages)
            if refusal is None and "book" in request.POST:
                start = parse_local(request.POST.get("start", ""), zone)
                try:
                    if start is None:
                        raise ValidationError("Choose a time.")
                    if moving is not None:
                        visit = appointment_reschedule(
                            appointment=moving,
                            starts_at=start,
                            by=request.user,
                            by_patient=False,
                            reason=reason[:300],
                        )
                    else:
                        visit = appointment_book(
                            clinic=clinic,
                            service=service,
                            starts_at=start,
                            patient=data["patient"],
                            booked_by=request.user,
                            reason=reason[:1000],
                            staff=True,
                        )
                except SlotUnavailable as error:
                    refusal = error.messages[0]
                    alternatives = [s.starts_at.astimezone(zone) for s in error.alternatives]
                except ValidationError as error:
                    refusal = " ".join(error.messages)
                else:
                    messages.success(request, _("Booked."))
                    return redirect(reverse("admin:scheduling_appointment_change", args=[visit.pk]))
            if clearance is not None and (clearance.cleared or not service.needs_clearance):
                free = available_slots(
                    clinic=clinic,
                    service=service,
                    first_day=data["day"],
                    days=1,
                    enforce_notice=False,
                )
                free = slots_the_patient_can_take(
                    slots=free,
                    patient=data["patient"],
                    clinic=clinic,
                    service=service,
                    moving=moving,
                )
                slots = [s.starts_at.astimezone(zone) for s in free]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Move a visit") if moving else _("Book a visit for a patient"),
            "form": form,
            "slots": slots,
            "moving": moving,
            "refusal": refusal,
            "alternatives": alternatives,
            "clearance": clearance,
            "reason": reason,
        }
        return TemplateResponse(request, "admin/scheduling/book.html", context)

    def _visit_to_move(self, request):
        value = request.GET.get("move")
        if not value:
            return None
        visit = (
            self.get_queryset(request)
            .filter(pk=value, status=Appointment.Status.BOOKED)
            .select_related("patient__user", "clinic")
            .first()
            if _is_uuid(value)
            else None
        )
        if visit is None:
            raise PermissionDenied
        return visit

    def _patient_of_your_clinics(self, request):
        value = request.GET["patient"]
        chosen = None
        if _is_uuid(value):
            chosen = (
                scope_to_clinics(
                    PatientProfile.objects.filter(pk=value), request.user, "clinic_links__clinic"
                )
                .select_related("user")
                .first()
            )
        if chosen is None:
            raise PermissionDenied
        return chosen


@admin.register(FrontDeskTask)
class FrontDeskTaskAdmin(AuditedAdminMixin, ClinicScopedAdmin):
    """Calls the front desk must make: infusions within 24 hours not confirmed ready."""

    list_display = ["appointment", "kind", "created_at", "done_at"]
    list_filter = ["kind", ("done_at", admin.EmptyFieldListFilter)]
    list_select_related = ["clinic", "appointment__clinic", "appointment__service"]
    readonly_fields = ["clinic", "appointment", "kind", "created_at", "done_at", "done_by"]
    actions = ["mark_done"]

    def audit_patient_id(self, obj):
        return obj.appointment.patient_id

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mark as done (the patient was reached)"))
    def mark_done(self, request, queryset):
        done = queryset.filter(done_at__isnull=True).update(
            done_at=timezone.now(), done_by=request.user
        )
        self.message_user(request, _("%(n)d task(s) done.") % {"n": done})
