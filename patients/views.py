"""The patient portal. Every view: signed in, a patient, never cached, the patient's own data."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from config.ratelimit import rate_limited
from scheduling.models import Appointment
from scheduling.selectors import appointments_for_patient

from .audit import audit_record
from .forms import AccountClosureForm, IntakeClinicForm, PatientProfileForm, PreferencesForm
from .intake import FINAL_STEP, STEPS, next_step, previous_step, step_by_slug, step_number
from .models import AuditEvent, CommunicationConsent, Intake
from .outcomes import outcomes_for
from .questionnaires import PHQ9_SELF_HARM_FIELD
from .selectors import (
    intake_for_patient,
    intake_readable,
    intakes_for_patient,
    missing_steps,
    patient_channel_choices,
    patient_data_export,
    patient_for_user,
    patient_zone,
    portal_next_step,
    score_summary,
    survey_for_patient,
    surveys_waiting,
)
from .services import (
    account_closure_request,
    consent_record,
    intake_start,
    intake_step_save,
    intake_submit,
    patient_profile_update,
    step_is_editable,
)
from .surveys import SurveyForm, survey_answer


def patient_required(view):
    """Signed in, with a patient profile; staff accounts are told the portal is for patients.
    Pages with patient data are never stored by browsers or proxies."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        patient = patient_for_user(request.user)
        if patient is None:
            return render(request, "patients/not_a_patient.html", status=403)
        request.patient = patient
        return view(request, *args, **kwargs)

    return wrapper


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _own_intake(request, intake_id, fields=()) -> Intake:
    """The signed-in patient's own intake (404 for anyone else's), the view audited."""
    intake = intake_for_patient(patient=request.patient, intake_id=intake_id)
    audit_record(
        request=request,
        patient_id=intake.patient_id,
        action=AuditEvent.Action.VIEW,
        obj=intake,
        fields=fields,
    )
    return intake


@patient_required
def dashboard(request):
    patient = request.patient
    intakes = list(intakes_for_patient(patient=patient).prefetch_related("flags"))
    now = timezone.now()
    upcoming = list(
        appointments_for_patient(patient=patient).filter(
            ends_at__gte=now, status__in=Appointment.ACTIVE
        )[:5]
    )
    context = {
        "patient": patient,
        "intakes": intakes,
        "upcoming": upcoming,
        "surveys": surveys_waiting(patient=patient, now=now),
        "outcomes": outcomes_for(patient=patient),
        "next": portal_next_step(intakes=intakes, upcoming=upcoming),
        "channels": patient_channel_choices(patient=patient),
        "steps_total": len(STEPS),
    }
    audit_record(
        request=request,
        patient_id=patient.pk,
        action=AuditEvent.Action.VIEW,
        obj=patient,
        object_type="portal_dashboard",
    )
    return render(request, "patients/dashboard.html", context)


@patient_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = PatientProfileForm(request.POST or None, instance=request.patient)
    if request.method == "POST" and form.is_valid():
        try:
            patient_profile_update(patient=request.patient, fields=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            audit_record(
                request=request,
                patient_id=request.patient.pk,
                action=AuditEvent.Action.UPDATE,
                obj=request.patient,
                fields=form.changed_data,
            )
            messages.success(request, "Your profile is saved.")
            return redirect("patients:dashboard")
    audit_record(
        request=request,
        patient_id=request.patient.pk,
        action=AuditEvent.Action.VIEW,
        obj=request.patient,
    )
    return render(request, "patients/profile_form.html", {"form": form})


@patient_required
@require_http_methods(["GET", "POST"])
def preferences_edit(request):
    patient = request.patient
    initial = {
        f"{channel}_consent": allowed
        for channel, allowed in patient_channel_choices(patient=patient).items()
    }
    # A form of tick boxes posts nothing but its token when all are unticked: bind on POST.
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for channel in CommunicationConsent.Channel.values:
            consent_record(
                patient=patient,
                channel=channel,
                granted=form.cleaned_data[f"{channel}_consent"],
                method=CommunicationConsent.Method.PORTAL,
                client_ip=_client_ip(request),
            )
        audit_record(
            request=request,
            patient_id=patient.pk,
            action=AuditEvent.Action.UPDATE,
            obj=patient,
            object_type="communication_consent",
            fields=form.changed_data,
        )
        messages.success(request, "Your communication preferences are saved.")
        return redirect("patients:dashboard")
    history = patient.consents.order_by("-recorded_at")[:20]
    audit_record(
        request=request,
        patient_id=patient.pk,
        action=AuditEvent.Action.VIEW,
        obj=patient,
        object_type="communication_consent",
    )
    zone = patient_zone(patient=patient).key
    return render(
        request,
        "patients/preferences_form.html",
        {"form": form, "history": history, "zone": zone},
    )


@patient_required
@require_http_methods(["GET", "POST"])
def intake_choose_clinic(request):
    initial = {"clinic": request.patient.preferred_clinic}
    form = IntakeClinicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            intake = intake_start(patient=request.patient, clinic=form.cleaned_data["clinic"])
        except ValidationError as error:
            form.add_error("clinic", error)
        else:
            remaining = missing_steps(intake)
            return redirect(
                "patients:intake_step",
                intake_id=intake.id,
                step=remaining[0] if remaining else FINAL_STEP,
            )
    return render(request, "patients/intake_choose_clinic.html", {"form": form})


def _step_context(intake: Intake, step, form) -> dict:
    return {
        "intake": intake,
        "step": step,
        "form": form,
        "number": step_number(step.slug),
        "total": len(STEPS),
        "steps": [
            {
                "slug": s.slug,
                "title": s.title,
                "done": s.slug in intake.answers,
                "current": s.slug == step.slug,
                "editable": step_is_editable(intake, s.slug),
            }
            for s in STEPS
        ],
        "previous": previous_step(step.slug),
        "missing": missing_steps(intake) if step.slug == FINAL_STEP else [],
    }


@patient_required
@require_http_methods(["GET", "POST"])
def intake_step(request, intake_id, step: str):
    intake = intake_for_patient(patient=request.patient, intake_id=intake_id)
    current = step_by_slug(step)
    if current is None:
        raise Http404("No such step")
    if not step_is_editable(intake, step):
        return redirect("patients:intake_detail", intake_id=intake.id)
    saved = intake.answers.get(step)
    form = current.form_class(request.POST or None, initial=saved, intake=intake)
    action = AuditEvent.Action.UPDATE if request.method == "POST" else AuditEvent.Action.VIEW
    audit_record(
        request=request,
        patient_id=intake.patient_id,
        action=action,
        obj=intake,
        fields=[f"{step}.{name}" for name in form.fields],
    )
    if request.method == "POST" and form.is_valid():
        try:
            if step == FINAL_STEP:
                return _submit(request, intake, form)
            intake = intake_step_save(intake=intake, slug=step, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if step == "mood" and int(form.cleaned_data[PHQ9_SELF_HARM_FIELD]) > 0:
                return redirect("patients:intake_support", intake_id=intake.id)
            return _after_step(request, intake, step)
    return render(request, "patients/intake_step.html", _step_context(intake, current, form))


def _after_step(request, intake: Intake, step: str):
    if "save_and_leave" in request.POST:
        messages.info(request, "Your answers are saved. Come back any time to carry on.")
        return redirect("patients:dashboard")
    if intake.status == Intake.Status.MORE_INFO:
        return redirect("patients:intake_step", intake_id=intake.id, step=FINAL_STEP)
    following = next_step(step)
    return redirect("patients:intake_step", intake_id=intake.id, step=following.slug)


def _submit(request, intake: Intake, form):
    consent = {k: v for k, v in form.cleaned_data.items() if k != "signature"}
    intake_submit(
        intake=intake,
        consent=consent,
        signature=form.cleaned_data["signature"],
        client_ip=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    messages.success(
        request, "Your intake is with the clinic. We will tell you here what happens next."
    )
    return redirect("patients:intake_detail", intake_id=intake.id)


@patient_required
def intake_support(request, intake_id):
    """Shown at once when PHQ-9 item 9 is above zero: crisis resources before anything else."""
    intake = _own_intake(request, intake_id, fields=["mood.phq9_9"])
    following = next_step("mood")
    return render(
        request,
        "patients/intake_support.html",
        {"intake": intake, "clinic": intake.clinic, "next_step": following},
    )


@patient_required
def intake_detail(request, intake_id):
    intake = _own_intake(request, intake_id)
    context = {
        "intake": intake,
        "sections": intake_readable(intake),
        "scores": score_summary(intake),
        "missing": missing_steps(intake),
        "steps_total": len(STEPS),
        "request_step": step_by_slug(intake.info_request_step)
        if intake.info_request_step
        else None,
    }
    return render(request, "patients/intake_detail.html", context)


@patient_required
@rate_limited("survey", per_ip="60/h", per_user="30/h")
@require_http_methods(["GET", "POST"])
def survey_answer_view(request, survey_id):
    survey = survey_for_patient(patient=request.patient, survey_id=survey_id)
    if survey.answered_at is not None:
        messages.info(request, "You have answered this check-in already. Thank you!")
        return redirect("patients:dashboard")
    form = SurveyForm(request.POST or None, survey=survey)
    audit_record(
        request=request,
        patient_id=survey.patient_id,
        action=AuditEvent.Action.UPDATE if request.method == "POST" else AuditEvent.Action.VIEW,
        obj=survey,
        fields=list(form.fields),
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_answer(survey=survey, answers=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if survey.phq9_item9:
                return render(request, "patients/survey_support.html", {"clinic": survey.clinic})
            messages.success(request, "Thank you. Your clinic will see your answers.")
            return redirect("patients:dashboard")
    return render(request, "patients/survey_form.html", {"survey": survey, "form": form})


@patient_required
def data_export(request):
    data = patient_data_export(patient=request.patient)
    intakes = list(intakes_for_patient(patient=request.patient))
    context = {
        "data": data,
        "intakes": [
            {"intake": i, "sections": intake_readable(i), "scores": score_summary(i)}
            for i in intakes
        ],
        "generated_at": timezone.now(),
        "consents": request.patient.consents.order_by("recorded_at"),
        "zone": patient_zone(patient=request.patient).key,
    }
    audit_record(
        request=request,
        patient_id=request.patient.pk,
        action=AuditEvent.Action.EXPORT,
        obj=request.patient,
        object_type="all_patient_data",
    )
    return render(request, "patients/data_export.html", context)


@patient_required
def data_export_json(request):
    payload = json.dumps(patient_data_export(patient=request.patient), indent=2, ensure_ascii=False)
    audit_record(
        request=request,
        patient_id=request.patient.pk,
        action=AuditEvent.Action.DOWNLOAD,
        obj=request.patient,
        object_type="all_patient_data",
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-health-record.json"'
    return response


@patient_required
@require_http_methods(["GET", "POST"])
def account_close(request):
    form = AccountClosureForm(request.POST or None)
    pending = request.patient.closure_requests.filter(handled_at__isnull=True).first()
    if request.method == "POST" and form.is_valid():
        closure = account_closure_request(
            patient=request.patient, reason=form.cleaned_data["reason"]
        )
        audit_record(
            request=request,
            patient_id=request.patient.pk,
            action=AuditEvent.Action.CREATE,
            obj=closure,
        )
        messages.success(
            request,
            "We have your request. The clinic will confirm by email once your account is closed.",
        )
        return redirect(reverse("patients:dashboard"))
    return render(request, "patients/account_close.html", {"form": form, "pending": pending})
