"""Forms of the patient's account and portal: sign-up, profile, communication preferences."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from clinic.models import Clinic

from .models import PatientProfile
from .services import ADULT_AGE, age_on, patient_register


class DateInput(forms.DateInput):
    input_type = "date"


def clean_birth_date(born: dt.date) -> dt.date:
    today = timezone.localdate()
    if born > today:
        raise forms.ValidationError(_("A date of birth can’t be in the future."))
    if born < dt.date(1900, 1, 1):
        raise forms.ValidationError(_("Check the year of your date of birth."))
    return born


class PatientSignupForm(forms.Form):
    """Extra fields of allauth's sign-up (ACCOUNT_SIGNUP_FORM_CLASS): who the patient is."""

    legal_first_name = forms.CharField(label=_("Legal first name"), max_length=100)
    legal_last_name = forms.CharField(label=_("Legal last name"), max_length=100)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DateInput,
        error_messages={"invalid": _("Enter a real date, for example 1975-04-30.")},
    )

    field_order = ["legal_first_name", "legal_last_name", "date_of_birth", "email"]

    def clean_date_of_birth(self) -> dt.date:
        born = clean_birth_date(self.cleaned_data["date_of_birth"])
        if age_on(born, timezone.localdate()) < ADULT_AGE:
            raise forms.ValidationError(
                _(
                    "Online sign-up is for adults (18 and over). Please call the clinic: the "
                    "front desk will help you and a parent or guardian."
                )
            )
        return born

    def signup(self, request, user) -> None:
        patient_register(
            user=user,
            legal_first_name=self.cleaned_data["legal_first_name"].strip(),
            legal_last_name=self.cleaned_data["legal_last_name"].strip(),
            date_of_birth=self.cleaned_data["date_of_birth"],
        )


class PatientProfileForm(forms.ModelForm):
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        required=False,
        region="US",
        help_text=_("US numbers like (626) 555-0142; others with their country code."),
    )
    emergency_contact_phone = PhoneNumberField(
        label=_("Emergency contact's phone"), required=False, region="US"
    )

    class Meta:
        model = PatientProfile
        fields = [
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "phone",
            "street",
            "city",
            "state",
            "zip_code",
            "emergency_contact_name",
            "emergency_contact_phone",
            "emergency_contact_relationship",
            "preferred_clinic",
        ]
        widgets = {"date_of_birth": DateInput(format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_clinic"].queryset = Clinic.objects.filter(is_active=True)
        self.fields["date_of_birth"].error_messages["invalid"] = _(
            "Enter a real date, for example 1975-04-30."
        )

    def clean_date_of_birth(self) -> dt.date:
        born = clean_birth_date(self.cleaned_data["date_of_birth"])
        if age_on(born, timezone.localdate()) < ADULT_AGE:
            raise forms.ValidationError(_("Patients of the online portal are adults (18+)."))
        return born


class PreferencesForm(forms.Form):
    email_consent = forms.BooleanField(
        label=_("Email me about appointments and my care"), required=False
    )
    sms_consent = forms.BooleanField(
        label=_("Text me appointment reminders"),
        required=False,
        help_text=_("Texts never say why you are visiting. Reply STOP to any text to stop them."),
    )


class AccountClosureForm(forms.Form):
    reason = forms.CharField(
        label=_("Anything you would like to tell us (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, I want to close my account"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class IntakeClinicForm(forms.Form):
    clinic = forms.ModelChoiceField(
        label=_("Which clinic would you like to see?"),
        queryset=Clinic.objects.filter(is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
    )
