from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import TemplateView

from .forms import ClinicFinderForm
from .hours import opening_status, weekly_hours, zone_name
from .jsonld import medical_clinic_json_ld
from .models import Clinic
from .selectors import (
    ClinicSearch,
    UnknownZipCode,
    active_clinic_states,
    clinic_cards,
    clinic_for_public_page,
    clinics_for_directory,
    closures_by_date,
    upcoming_closures,
)

CLINICS_PER_PAGE = 20


def home(request):
    now = timezone.now()
    clinics = clinics_for_directory(search=ClinicSearch(), now=now)
    context = {
        "finder": ClinicFinderForm(states=active_clinic_states()),
        "cards": clinic_cards(clinics, at=now),
    }
    return render(request, "clinic/home.html", context)


def clinic_list(request):
    now = timezone.now()
    form = ClinicFinderForm(request.GET or None, states=active_clinic_states())
    search = ClinicSearch()
    if form.is_bound and form.is_valid():
        search = ClinicSearch(
            state=form.cleaned_data["state"], text=form.text, zip_code=form.zip_code
        )
    try:
        clinics = clinics_for_directory(search=search, now=now)
    except UnknownZipCode:
        form.add_error(
            "q",
            f"We could not find the ZIP code {search.zip_code}. Check the digits, "
            "or search by city or clinic name.",
        )
        search = ClinicSearch(state=search.state)
        clinics = clinics_for_directory(search=search, now=now)
    page = Paginator(clinics, CLINICS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "finder": form,
        "search": search,
        "page": page,
        "cards": clinic_cards(page.object_list, at=now),
        "query_without_page": query.urlencode(),
    }
    return render(request, "clinic/clinic_list.html", context)


def clinic_detail(request, slug: str):
    now = timezone.now()
    try:
        clinic = clinic_for_public_page(slug=slug, now=now)
    except Clinic.DoesNotExist:
        raise Http404("No such clinic") from None
    hours = clinic.opening_hours.all()
    status = opening_status(
        zone=clinic.zone, hours=hours, closures=closures_by_date(clinic), at=now
    )
    services = list(clinic.services.all())
    context = {
        "clinic": clinic,
        "status": status,
        "zone_name": zone_name(clinic.time_zone),
        "week": weekly_hours(hours),
        "today_weekday": status.local_now.weekday(),
        "closures": upcoming_closures(clinic, today=status.local_now.date()),
        "services": services,
        "packages": [package for service in services for package in service.packages.all()],
        "team": clinic.public_team,
        "json_ld": medical_clinic_json_ld(clinic, services, request.build_absolute_uri()),
    }
    return render(request, "clinic/clinic_detail.html", context)


def page(template_name: str):
    """A fixed page of the site (privacy notice, terms, accessibility statement)."""
    return TemplateView.as_view(template_name=template_name)
