"""Forms of the clinic's schedule pages in the admin."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic, Service
from clinic.text import written
from patients.selectors import patients_of_clinic

from .forms import is_plausible_day
from .models import Chair, VitalSigns

_FAR_DAY = _("Choose a day within ten years of today.")


class StaffBookingForm(forms.Form):
    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none(), label=_("Clinic"))
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("Visit type"))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    patient_email = forms.EmailField(
        label=_("Patient's email"),
        help_text=_("The email the patient signs in with (exactly)."),
    )

    def __init__(self, *args, clinics, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = clinics
        self.fields["service"].queryset = Service.objects.filter(
            clinic__in=clinics, is_active=True
        ).select_related("clinic")
        self.fields["service"].label_from_instance = lambda s: f"{s.name} — {s.clinic.name}"

    def clean_day(self) -> dt.date:
        if not is_plausible_day(self.cleaned_data["day"]):
            raise forms.ValidationError(_FAR_DAY)
        return self.cleaned_data["day"]

    def clean(self):
        cleaned = super().clean()
        clinic, service = cleaned.get("clinic"), cleaned.get("service")
        if clinic and service and service.clinic_id != clinic.pk:
            self.add_error("service", _("Choose a visit type of this clinic."))
        if clinic:
            cleaned["patient"] = patient_of_clinic(self, clinic, cleaned.get("patient_email"))
        return cleaned


class VitalsForm(forms.ModelForm):
    class Meta:
        model = VitalSigns
        fields = ["phase", "systolic", "diastolic", "heart_rate", "spo2", "pain"]


class DischargeForm(forms.Form):
    vitals_near_baseline = forms.BooleanField(
        label=_("Blood pressure and heart rate are back near baseline"), required=False
    )
    escort_present = forms.BooleanField(
        label=_("A responsible adult is here to drive them home"), required=False
    )
    side_effects = forms.CharField(
        label=_("Side effects noted (or 'none')"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    baseline_override_reason = forms.CharField(
        label=_("Readings not back near baseline? Why the patient may leave anyway"),
        help_text=_("Only when the readings say otherwise; kept with the discharge."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StaffCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept with the visit)"), max_length=300)

    def clean_reason(self) -> str:
        reason = written(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Say why the clinic cancels, for the patient's record."))
        return reason


class SeriesPlanForm(forms.Form):
    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none(), label=_("Clinic"))
    patient_email = forms.EmailField(label=_("Patient's email"))
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("Infusion"))
    sessions = forms.IntegerField(label=_("Sessions"), min_value=1, max_value=24, initial=6)
    per_week = forms.IntegerField(label=_("At most per week"), min_value=1, max_value=7, initial=2)
    min_gap_hours = forms.IntegerField(
        label=_("At least this many hours apart"), min_value=0, max_value=336, initial=48
    )
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    preferred_time = forms.TimeField(
        label=_("Preferred time of day"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    preferred_chair = forms.ModelChoiceField(
        queryset=Chair.objects.none(), required=False, label=_("Preferred chair")
    )

    def __init__(self, *args, clinics, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = clinics
        self.fields["service"].queryset = Service.objects.filter(
            clinic__in=clinics,
            is_active=True,
            needs_chair=True,
            kind__in=[Service.Kind.INFUSION, Service.Kind.BOOSTER, Service.Kind.ESKETAMINE],
        ).select_related("clinic")
        self.fields["service"].label_from_instance = lambda s: f"{s.name} — {s.clinic.name}"
        self.fields["preferred_chair"].queryset = Chair.objects.filter(
            clinic__in=clinics, is_active=True
        ).select_related("clinic")

    def clean_first_day(self) -> dt.date:
        if not is_plausible_day(self.cleaned_data["first_day"]):
            raise forms.ValidationError(_FAR_DAY)
        return self.cleaned_data["first_day"]

    def clean(self):
        cleaned = super().clean()
        clinic = cleaned.get("clinic")
        for field in ("service", "preferred_chair"):
            value = cleaned.get(field)
            if clinic and value and value.clinic_id != clinic.pk:
                self.add_error(field, _("Choose one of this clinic."))
        if clinic:
            cleaned["patient"] = patient_of_clinic(self, clinic, cleaned.get("patient_email"))
        return cleaned


def patient_of_clinic(form: forms.Form, clinic: Clinic, email: str | None):
    """The patient of `clinic` who signs in with `email`. Only the clinic's own patients are
    looked up: the form never tells whether an email has an account elsewhere."""
    if not email:
        return None
    patient = patients_of_clinic(clinic=clinic).filter(user__email__iexact=email).first()
    if patient is None:
        form.add_error(
            "patient_email",
            format_html(
                _(
                    "No patient of {clinic} signs in with this email. Someone new to {clinic}? "
                    '<a href="{url}">Add them as a patient of your clinic</a> first.'
                ),
                clinic=clinic.name,
                url=reverse("admin:patients_patientprofile_add"),
            ),
        )
    return patient


def parse_local(value: str, zone) -> dt.datetime | None:
    """A datetime-local input (the clinic's wall clock) as an aware instant."""
    try:
        naive = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if not is_plausible_day(naive.date()):
        return None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=zone)
