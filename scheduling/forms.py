import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Nobody books, or looks for free times, decades away. A date further than this from today is
# treated as malformed input: that also keeps the pages' date arithmetic (the next month, the
# end of a day, the nearest free times) inside Python's calendar, whose edges are a 500.
FARTHEST_DAYS = 366 * 10


def is_plausible_day(day: dt.date) -> bool:
    """Whether `day` is within ten years of today, either way."""
    return abs((day - timezone.now().date()).days) <= FARTHEST_DAYS


class BookingForm(forms.Form):
    reason = forms.CharField(
        label=_("What would you like to talk about?"),
        help_text=_("A sentence or two is enough. Only the clinic's staff read it."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the clinic briefly why you are coming.")},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you cancelling? (optional)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(),
    )


class RescheduleForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you moving the visit? (optional)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(),
    )


class WaitlistForm(forms.Form):
    earliest = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    latest = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))


_CHECK = forms.CheckboxInput(attrs={"class": "form-check-input"})


class ReadinessForm(forms.Form):
    driver_arranged = forms.BooleanField(
        label=_("An adult will drive me home, and I will not drive for the rest of the day"),
        required=False,
        widget=_CHECK,
    )
    fasting_understood = forms.BooleanField(
        label=_("I will follow the clinic's fasting rule (usually no solid food for 6 hours)"),
        required=False,
        widget=_CHECK,
    )
    medications_understood = forms.BooleanField(
        label=_("I will hold the medicines the clinic asked me to hold"),
        required=False,
        widget=_CHECK,
    )
