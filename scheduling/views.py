"""Booking pages, the availability API and the patient's appointments."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clinic.hours import zone_name
from clinic.models import Clinic, Service
from config.ratelimit import rate_limited
from patients.audit import audit_list, audit_record
from patients.models import AuditEvent
from patients.selectors import patient_for_user
from patients.views import patient_required

from .availability import MAX_DAYS, available_slots
from .forms import (
    BookingForm,
    CancelForm,
    ReadinessForm,
    RescheduleForm,
    WaitlistForm,
    is_plausible_day,
)
from .ics import appointment_ics
from .models import Appointment, WaitlistEntry
from .readiness import needs_readiness, readiness_confirm
from .selectors import (
    appointment_calendar_version,
    appointment_for_patient,
    appointments_for_patient,
    bookable_services,
    month_view,
)
from .services import (
    SlotUnavailable,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
    patient_is_cleared,
)
from .waitlist import waitlist_claim, waitlist_join, waitlist_leave


def _clinic(slug: str) -> Clinic:
    return get_object_or_404(Clinic, slug=slug, is_active=True)


def _service(clinic: Clinic, slug: str) -> Service:
    return get_object_or_404(bookable_services(clinic=clinic), slug=slug)


def _parse_start(value: str | None) -> dt.datetime:
    try:
        start = dt.datetime.fromisoformat(value or "")
    except ValueError:
        raise Http404("Not a time") from None
    if timezone.is_naive(start):
        raise Http404("A time needs its offset")
    if not is_plausible_day(start.date()):
        raise Http404("Not a time anyone books")
    return start.astimezone(dt.UTC)


def _parse_day(value: str | None) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is not None and is_plausible_day(day) else None


# --- The availability API --------------------------------------------------------------------


@require_GET
def api_availability(request, clinic_slug: str):
    """GET /api/clinics/<slug>/availability?service=<slug>&from=YYYY-MM-DD&days=N"""
    clinic = get_object_or_404(Clinic, slug=clinic_slug, is_active=True)
    service_slug = request.GET.get("service", "")
    # Only a slug is looked up: PostgreSQL refuses some characters (a NUL byte) outright.
    service = (
        clinic.services.filter(slug=service_slug, is_active=True, bookable_online=True).first()
        if slug_re.match(service_slug)
        else None
    )
    if service is None:
        return JsonResponse({"error": "Unknown service for this clinic."}, status=400)
    first_day = _parse_day(request.GET.get("from"))
    if first_day is None:
        return JsonResponse({"error": "`from` must be a date, YYYY-MM-DD."}, status=400)
    try:
        days = int(request.GET.get("days", "14"))
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_DAYS:
        return JsonResponse({"error": f"`days` must be from 1 to {MAX_DAYS}."}, status=400)
    zone = clinic.zone
    slots = available_slots(clinic=clinic, service=service, first_day=first_day, days=days)
    return JsonResponse(
        {
            "clinic": clinic.slug,
            "time_zone": clinic.time_zone,
            "service": service.slug,
            "from": first_day.isoformat(),
            "days": days,
            "slots": [
                {
                    "start": slot.starts_at.astimezone(zone).isoformat(),
                    "end": slot.ends_at.astimezone(zone).isoformat(),
                }
                for slot in slots
            ],
        }
    )


# --- Booking ---------------------------------------------------------------------------------


def book_start(request):
    clinics = Clinic.objects.filter(is_active=True).select_related("brand").order_by("name")
    return render(request, "scheduling/book_clinic.html", {"clinics": clinics})


def book_service(request, clinic_slug: str):
    clinic = _clinic(clinic_slug)
    patient = patient_for_user(request.user)
    cleared = patient is not None and patient_is_cleared(patient=patient, clinic=clinic)
    services = [
        {"service": service, "open": cleared or not service.needs_clearance}
        for service in bookable_services(clinic=clinic)
    ]
    return render(request, "scheduling/book_service.html", {"clinic": clinic, "services": services})


def _refusal(refused: SlotUnavailable, clinic: Clinic) -> dict:
    """Why a time could not be booked, and the nearest free times, in the clinic's zone."""
    return {
        "refusal": refused.messages[0],
        "alternatives": [s.starts_at.astimezone(clinic.zone) for s in refused.alternatives],
    }


def _not_cleared_yet(request, clinic, service):
    """An infusion's times are only for a patient cleared at this clinic: anyone else is told
    why, and offered the consultation, before choosing a time that would be refused."""
    if not service.needs_clearance:
        return None
    patient = patient_for_user(request.user)
    if patient is not None and patient_is_cleared(patient=patient, clinic=clinic):
        return None
    consultations = [s for s in bookable_services(clinic=clinic) if not s.needs_clearance]
    context = {
        "clinic": clinic,
        "service": service,
        "consultations": consultations,
        "signed_in": request.user.is_authenticated,
        "next": request.get_full_path(),
    }
    return render(request, "scheduling/book_not_cleared.html", context)


def _picker_context(request, clinic, service, moving=None) -> dict:
    today = timezone.now().astimezone(clinic.zone).date()
    month = _parse_day(request.GET.get("month")) or today
    view = month_view(
        clinic=clinic,
        service=service,
        month=month,
        chosen_day=_parse_day(request.GET.get("date")),
        patient=patient_for_user(request.user),
        moving=moving,
    )
    return {
        "clinic": clinic,
        "service": service,
        "view": view,
        "zone_name": zone_name(clinic.time_zone),
    }


def book_time(request, clinic_slug: str, service_slug: str):
    clinic = _clinic(clinic_slug)
    service = _service(clinic, service_slug)
    refused = _not_cleared_yet(request, clinic, service)
    if refused is not None:
        return refused
    context = _picker_context(request, clinic, service)
    context["confirm_url"] = reverse("scheduling:book_confirm", args=[clinic.slug, service.slug])
    context["waitlist_url"] = reverse("scheduling:waitlist_join", args=[clinic.slug, service.slug])
    return render(request, "scheduling/book_time.html", context)


# Booking's limits: ten visits booked (or moved) an hour per account, counted only when it
# worked; every try, refused ones too, within a generous thirty an hour per account and address.
BOOKING_LIMITS = {"per_ip": "30/h", "per_user": "30/h", "per_user_done": "10/h", "tell_view": True}


def _refused_for_now(request, form, clinic) -> bool:
    """Past a booking limit (config.ratelimit): the form comes back with what was typed and when
    to try again, in the clinic's time; nothing is booked."""
    retry_at = getattr(request, "rate_limit_retry_at", None)
    if retry_at is None:
        return False
    form.is_valid()  # the typed reason stays in the form, and its own errors show
    local = retry_at.astimezone(clinic.zone)
    form.add_error(
        None,
        _(
            "You have booked or tried many times in a short while. Please try again after "
            "%(time)s (the clinic's time), or call the clinic at %(phone)s. What you typed is "
            "kept below."
        )
        % {"time": f"{local:%-I:%M %p %Z}", "phone": clinic.phone.as_national},
    )
    return True


@require_http_methods(["GET", "POST"])
@rate_limited("booking", **BOOKING_LIMITS)
def book_confirm(request, clinic_slug: str, service_slug: str):
    clinic = _clinic(clinic_slug)
    service = _service(clinic, service_slug)
    start = _parse_start(request.GET.get("start"))
    context = {
        "clinic": clinic,
        "service": service,
        "start": start.astimezone(clinic.zone),
        "zone_name": zone_name(clinic.time_zone),
    }
    if not request.user.is_authenticated:
        # Sign in or sign up, then come back to exactly this choice.
        context["next"] = request.get_full_path()
        return render(request, "scheduling/book_sign_in.html", context)
    refused = _not_cleared_yet(request, clinic, service)
    if refused is not None:
        return refused
    return _book_confirm_signed_in(request, clinic, service, start, context)


@patient_required
def _book_confirm_signed_in(request, clinic, service, start, context):
    form = BookingForm(request.POST or None)
    if _refused_for_now(request, form, clinic):
        pass
    elif request.method == "POST" and form.is_valid():
        done = _commit_visit(
            request,
            form,
            context,
            clinic,
            lambda: appointment_book(
                clinic=clinic,
                service=service,
                starts_at=start,
                patient=request.patient,
                booked_by=request.user,
                reason=form.cleaned_data["reason"],
            ),
            fields=["starts_at", "service", "reason"],
            message="Your visit is booked.",
        )
        if done:
            return done
    context["form"] = form
    return render(request, "scheduling/book_confirm.html", context)


def _commit_visit(request, form, context, clinic, change, *, fields, message):
    """Book or move a visit for the signed-in patient: a taken time comes back with the nearest
    free ones, other refusals at the form; a success is audited and shown on the visit's page."""
    try:
        visit = change()
    except SlotUnavailable as refused:
        context.update(_refusal(refused, clinic))
    except ValidationError as error:
        form.add_error(None, error)
    else:
        audit_record(
            request=request,
            patient_id=visit.patient_id,
            action=AuditEvent.Action.CREATE,
            obj=visit,
            fields=fields,
        )
        messages.success(request, message)
        return redirect("scheduling:appointment", appointment_id=visit.id)
    return None


# --- The patient's appointments --------------------------------------------------------------
def _own_visit(request, appointment_id, action=AuditEvent.Action.VIEW) -> Appointment:
    """The signed-in patient's own visit (404 for anyone else's), its access audited."""
    appointment = appointment_for_patient(patient=request.patient, appointment_id=appointment_id)
    audit_record(request=request, patient_id=appointment.patient_id, action=action, obj=appointment)
    return appointment


@patient_required
def appointment_list(request):
    now = timezone.now()
    appointments = list(appointments_for_patient(patient=request.patient))
    upcoming = [a for a in appointments if a.is_active and a.ends_at >= now]
    past = [a for a in reversed(appointments) if a not in upcoming]
    audit_list(request=request, rows=[(a.patient_id, a) for a in appointments])
    return render(
        request,
        "scheduling/appointment_list.html",
        {"upcoming": upcoming, "past": past, "now": now},
    )


def _policy(appointment: Appointment, now: dt.datetime) -> dict:
    """What the patient may still do online, given the clinic's notice periods."""
    left = appointment.starts_at - now
    clinic = appointment.clinic
    booked = appointment.status == Appointment.Status.BOOKED and left > dt.timedelta(0)
    return {
        "may_cancel": booked and left >= dt.timedelta(hours=clinic.cancel_notice_hours),
        "may_reschedule": booked and left >= dt.timedelta(hours=clinic.reschedule_notice_hours),
        "is_changeable_by_phone": booked,
    }


@patient_required
def appointment_detail(request, appointment_id):
    appointment = _own_visit(request, appointment_id)
    context = {
        "appointment": appointment,
        "clinic": appointment.clinic,
        "zone_name": zone_name(appointment.clinic.time_zone),
        **_policy(appointment, timezone.now()),
    }
    if needs_readiness(appointment):
        context["readiness"] = getattr(appointment, "readiness", None)
        context["readiness_form"] = ReadinessForm()
    return render(request, "scheduling/appointment_detail.html", context)


@patient_required
def appointment_calendar_file(request, appointment_id):
    appointment = _own_visit(request, appointment_id, AuditEvent.Action.DOWNLOAD)
    # The event as it stands now: a visit since moved is its latest version, same UID.
    current = appointment_calendar_version(appointment=appointment)
    response = HttpResponse(
        appointment_ics(current, attendee=request.user.email, stamp=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@patient_required
@require_http_methods(["GET", "POST"])
def appointment_cancel_view(request, appointment_id):
    appointment = _own_visit(request, appointment_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment_cancel(
                appointment=appointment,
                by=request.user,
                by_patient=True,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            audit_record(
                request=request,
                patient_id=appointment.patient_id,
                action=AuditEvent.Action.UPDATE,
                obj=appointment,
                fields=["status", "cancel_reason"],
            )
            messages.success(request, "Your visit is cancelled.")
            return redirect("scheduling:appointments")
    context = {
        "zone_name": zone_name(appointment.clinic.time_zone),
        "appointment": appointment,
        "clinic": appointment.clinic,
        "form": form,
        **_policy(appointment, timezone.now()),
    }
    return render(request, "scheduling/appointment_cancel.html", context)


@patient_required
@require_http_methods(["GET", "POST"])
@rate_limited("booking", **BOOKING_LIMITS)
def appointment_reschedule_view(request, appointment_id):
    appointment = _own_visit(request, appointment_id)
    clinic, service = appointment.clinic, appointment.service
    context = {"appointment": appointment, **_policy(appointment, timezone.now())}
    if "start" not in request.GET:
        context.update(_picker_context(request, clinic, service, moving=appointment))
        context["confirm_url"] = reverse("scheduling:appointment_reschedule", args=[appointment.id])
        return render(request, "scheduling/appointment_reschedule.html", context)
    start = _parse_start(request.GET.get("start"))
    form = RescheduleForm(request.POST or None)
    context.update(
        {
            "clinic": clinic,
            "service": service,
            "start": start.astimezone(clinic.zone),
            "zone_name": zone_name(clinic.time_zone),
            "form": form,
        }
    )
    if _refused_for_now(request, form, clinic):
        pass
    elif request.method == "POST" and form.is_valid():
        done = _commit_visit(
            request,
            form,
            context,
            clinic,
            lambda: appointment_reschedule(
                appointment=appointment,
                starts_at=start,
                by=request.user,
                by_patient=True,
                reason=form.cleaned_data["reason"],
            ),
            fields=["starts_at", "rescheduled_from", "reschedule_reason"],
            message="Your visit is moved.",
        )
        if done:
            return done
    return render(request, "scheduling/appointment_reschedule_confirm.html", context)


# --- The waitlist ---------------------------------------------------------------------------


@patient_required
@require_http_methods(["GET", "POST"])
@rate_limited("waitlist", per_ip="30/h", per_user="10/h")
def waitlist_join_view(request, clinic_slug: str, service_slug: str):
    clinic = _clinic(clinic_slug)
    service = _service(clinic, service_slug)
    refused = _not_cleared_yet(request, clinic, service)
    if refused is not None:
        return refused
    form = WaitlistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            waitlist_join(
                patient=request.patient, clinic=clinic, service=service, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            audit_record(
                request=request,
                patient_id=request.patient.pk,
                action=AuditEvent.Action.CREATE,
                object_type="waitlistentry",
                fields=["earliest", "latest"],
            )
            messages.success(
                request, "You are on the waitlist. We will tell you when a time frees up."
            )
            return redirect("scheduling:waitlist")
    return render(
        request,
        "scheduling/waitlist_join.html",
        {"clinic": clinic, "service": service, "form": form},
    )


@patient_required
def waitlist_view(request):
    entries = list(
        request.patient.waitlist_entries.select_related("clinic", "service").order_by("-created_at")
    )
    audit_list(request=request, rows=[(e.patient_id, e) for e in entries])
    return render(request, "scheduling/waitlist.html", {"entries": entries, "now": timezone.now()})


@patient_required
@require_http_methods(["POST"])
def waitlist_claim_view(request, entry_id):
    entry = get_object_or_404(WaitlistEntry, pk=entry_id, patient=request.patient)
    audit_record(
        request=request,
        patient_id=entry.patient_id,
        action=AuditEvent.Action.UPDATE,
        obj=entry,
        fields=["status"],
    )
    try:
        appointment = waitlist_claim(entry=entry)
    except SlotUnavailable:
        messages.error(
            request, "Sorry, that time has just been taken. You are still on the waitlist."
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The earlier time is yours.")
        return redirect("scheduling:appointment", appointment_id=appointment.id)
    return redirect("scheduling:waitlist")


@patient_required
@require_http_methods(["POST"])
def waitlist_leave_view(request, entry_id):
    entry = get_object_or_404(WaitlistEntry, pk=entry_id, patient=request.patient)
    waitlist_leave(entry=entry)
    audit_record(
        request=request,
        patient_id=entry.patient_id,
        action=AuditEvent.Action.UPDATE,
        obj=entry,
        fields=["status"],
    )
    messages.success(request, "You have left the waitlist.")
    return redirect("scheduling:waitlist")


@patient_required
@require_http_methods(["POST"])
def appointment_ready_view(request, appointment_id):
    appointment = appointment_for_patient(patient=request.patient, appointment_id=appointment_id)
    form = ReadinessForm(request.POST)
    form.is_valid()
    try:
        readiness_confirm(appointment=appointment, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        audit_record(
            request=request,
            patient_id=appointment.patient_id,
            action=AuditEvent.Action.CREATE,
            obj=appointment,
            object_type="readinesscheck",
            fields=list(form.cleaned_data),
        )
        messages.success(request, "Thank you: the clinic knows you are ready.")
    return redirect("scheduling:appointment", appointment_id=appointment.id)
