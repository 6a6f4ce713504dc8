from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .geo import ZIP_PATTERN
from .models import US_STATES


class ClinicFinderForm(forms.Form):
    """The clinic finder: a ZIP code, or words from a clinic's name or city, and a state."""

    q = forms.CharField(
        label=_("ZIP code, city or clinic name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. 91101 or Allen"), "inputmode": "search"}
        ),
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *US_STATES]
    )

    def __init__(self, *args, states: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if states is not None:
            # Only the states that have a clinic, so no choice leads to an empty page.
            names = dict(US_STATES)
            self.fields["state"].choices = [("", _("All states"))] + [
                (code, names[code]) for code in states
            ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-6"),
                Column("state", css_class="col-md-4"),
                Column(
                    Submit("", _("Find clinics"), css_class="w-100 mt-md-4"),
                    css_class="col-md-2 d-flex align-items-start",
                ),
            )
        )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    @property
    def zip_code(self) -> str:
        q = self.cleaned_data.get("q", "") if self.is_valid() else ""
        return q if ZIP_PATTERN.match(q) else ""

    @property
    def text(self) -> str:
        q = self.cleaned_data.get("q", "") if self.is_valid() else ""
        return "" if ZIP_PATTERN.match(q) else q
