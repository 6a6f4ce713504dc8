"""The intake's seven steps, one form each. Forms check the shape of answers; screening and
status changes happen in patients.services."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .questionnaires import GAD7, PCL5, PHQ9, Questionnaire

LONG_TEXT = 2000  # characters: enough for a paragraph or two, not a novel
SHORT_TEXT = 200

YES_NO = [("no", _("No")), ("yes", _("Yes"))]
YES_NO_UNSURE = [("no", _("No")), ("yes", _("Yes")), ("unsure", _("Not sure"))]
OUTCOME = [
    ("not_tried", _("Not tried")),
    ("helped", _("Helped")),
    ("some", _("Helped a little")),
    ("no_help", _("Did not help")),
    ("side_effects", _("Stopped because of side effects")),
]
PAIN_LOCATIONS = [
    ("head", _("Head or face")),
    ("neck", _("Neck")),
    ("shoulders", _("Shoulders")),
    ("upper_back", _("Upper back")),
    ("lower_back", _("Lower back")),
    ("arms", _("Arms or hands")),
    ("chest", _("Chest")),
    ("abdomen", _("Abdomen or pelvis")),
    ("hips", _("Hips")),
    ("legs", _("Legs or feet")),
    ("widespread", _("All over the body")),
]
MEDICATION_CLASSES = [
    ("nsaids", _("Anti-inflammatory painkillers (NSAIDs, e.g. ibuprofen, naproxen)")),
    ("opioids", _("Opioids (e.g. oxycodone, tramadol, morphine)")),
    ("antidepressants", _("Antidepressants (e.g. duloxetine, amitriptyline, sertraline)")),
    ("anticonvulsants", _("Anticonvulsants (e.g. gabapentin, pregabalin)")),
    ("muscle_relaxants", _("Muscle relaxants (e.g. cyclobenzaprine, baclofen)")),
    ("other_medication", _("Other medication")),
]
OTHER_TREATMENTS = [
    ("physical_therapy", _("Physical therapy")),
    ("injections", _("Injections or nerve blocks")),
    ("surgery", _("Surgery")),
    ("psychological_therapy", _("Psychological therapy (e.g. CBT, counselling)")),
]
CURRENT_MEDICATION_FLAGS = [
    ("benzodiazepines", _("A benzodiazepine (e.g. lorazepam, clonazepam, alprazolam)")),
    ("lamotrigine", _("Lamotrigine")),
    ("opioids", _("An opioid painkiller")),
]


def _radio(label, choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


def scale_field(label, help_text="") -> forms.IntegerField:
    """A 0-10 rating: 0 is none, 10 the worst imaginable."""
    message = _("Enter a whole number from 0 to 10.")
    return forms.IntegerField(
        label=label,
        help_text=help_text or _("0 means none, 10 the worst you can imagine."),
        validators=[MinValueValidator(0, message), MaxValueValidator(10, message)],
        widget=forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1, "inputmode": "numeric"}),
        error_messages={"invalid": message},
    )


def _text(label, *, required=False, max_length=LONG_TEXT, rows=3, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
    )


class IntakeStepForm(forms.Form):
    """Base of every step: the intake is passed in so a step can depend on earlier answers."""

    def __init__(self, *args, intake=None, **kwargs) -> None:
        self.intake = intake
        super().__init__(*args, **kwargs)

    def answers(self) -> dict:
        """The cleaned data as JSON the intake can store."""
        return dict(self.cleaned_data)


class ReasonForm(IntakeStepForm):
    conditions = forms.MultipleChoiceField(
        label=_("What brings you to the clinic?"),
        help_text=_("Choose every condition you live with."),
        widget=forms.CheckboxSelectMultiple,
    )
    other_condition = _text(_("Other condition, in your words"), max_length=SHORT_TEXT, rows=0)
    duration_months = forms.IntegerField(
        label=_("How many months have you had this pain or these symptoms?"),
        validators=[MinValueValidator(0), MaxValueValidator(1200)],
        widget=forms.NumberInput(attrs={"min": 0, "max": 1200, "inputmode": "numeric"}),
    )
    pain_locations = forms.MultipleChoiceField(
        label=_("Where does it hurt?"),
        choices=PAIN_LOCATIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pain_location_other = _text(_("Anywhere else, or more detail"), max_length=SHORT_TEXT, rows=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        conditions = self.intake.clinic.conditions.order_by("display_order", "name")
        self.fields["conditions"].choices = [(c.slug, c.name) for c in conditions] + [
            ("other", _("Something else"))
        ]

    def clean(self):
        cleaned = super().clean()
        if "other" in cleaned.get("conditions", []) and not cleaned.get("other_condition"):
            self.add_error(
                "other_condition", _("Tell us the condition you chose “something else” for.")
            )
        return cleaned


class PainForm(IntakeStepForm):
    average_pain = scale_field(_("Your average pain over the last week"))
    worst_pain = scale_field(_("Your worst pain over the last week"))
    interference_sleep = scale_field(
        _("How much pain got in the way of your sleep"), _("0: not at all, 10: completely.")
    )
    interference_work = scale_field(
        _("…of your work, paid or unpaid"), _("0: not at all, 10: completely.")
    )
    interference_mood = scale_field(_("…of your mood"), _("0: not at all, 10: completely."))
    interference_activities = scale_field(
        _("…of your daily activities"), _("0: not at all, 10: completely.")
    )

    def clean(self):
        cleaned = super().clean()
        average, worst = cleaned.get("average_pain"), cleaned.get("worst_pain")
        if average is not None and worst is not None and worst < average:
            self.add_error(
                "worst_pain", _("Your worst pain can’t be lower than your average pain.")
            )
        return cleaned


class TreatmentsForm(IntakeStepForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, label in MEDICATION_CLASSES + OTHER_TREATMENTS:
            self.fields[key] = _radio(label, OUTCOME, initial="not_tried")
        self.fields["treatment_notes"] = _text(
            _("Anything else you have tried, or how treatments went"), required=False
        )


class HealthForm(IntakeStepForm):
    high_blood_pressure = _radio(
        _("Have you been told you have high blood pressure?"), YES_NO_UNSURE
    )
    bp_systolic = forms.IntegerField(
        label=_("Your last blood pressure reading, top number (if you know it)"),
        required=False,
        validators=[MinValueValidator(60), MaxValueValidator(260)],
    )
    bp_diastolic = forms.IntegerField(
        label=_("…bottom number"),
        required=False,
        validators=[MinValueValidator(30), MaxValueValidator(160)],
    )
    heart_disease = _radio(
        _("Heart disease (heart attack, heart failure, irregular heartbeat)?"), YES_NO
    )
    stroke = _radio(_("A stroke or mini-stroke (TIA)?"), YES_NO)
    liver_disease = _radio(_("Liver disease (e.g. cirrhosis, hepatitis)?"), YES_NO)
    glaucoma = _radio(_("Glaucoma or raised pressure in the eye?"), YES_NO)
    head_injury = _radio(_("A serious head injury, or raised pressure in the skull?"), YES_NO)
    seizures = _radio(_("Seizures or epilepsy?"), YES_NO)
    psychosis = _radio(
        _("Psychosis, hallucinations or mania (including bipolar disorder with mania)?"), YES_NO
    )
    substance_use = _radio(
        _("Alcohol or drug use that has been a problem for you"),
        [("never", _("Never")), ("past", _("In the past")), ("current", _("Now"))],
    )
    pregnancy = _radio(
        _("Are you pregnant, possibly pregnant, or breastfeeding?"),
        [
            ("no", _("No")),
            ("pregnant", _("Pregnant")),
            ("possibly", _("Possibly pregnant")),
            ("breastfeeding", _("Breastfeeding")),
            ("not_applicable", _("Does not apply to me")),
        ],
    )
    current_medication_flags = forms.MultipleChoiceField(
        label=_("Do you take any of these now?"),
        choices=CURRENT_MEDICATION_FLAGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    current_medications = _text(_("All medicines you take now, with doses if you know them"))
    allergies = _text(
        _("Allergies to medicines or anything else"), max_length=SHORT_TEXT * 2, rows=2
    )
    previous_ketamine = _radio(_("Have you had ketamine treatment before?"), YES_NO)
    previous_ketamine_notes = _text(_("If yes: where, when and how it went"), rows=2)

    def clean(self):
        cleaned = super().clean()
        systolic, diastolic = cleaned.get("bp_systolic"), cleaned.get("bp_diastolic")
        if (systolic is None) != (diastolic is None):
            self.add_error("bp_diastolic", _("Enter both numbers of the reading, or neither."))
        elif systolic is not None and diastolic >= systolic:
            self.add_error(
                "bp_diastolic",
                _("The bottom number must be lower than the top number (for example 120/80)."),
            )
        return cleaned


def questionnaire_fields(questionnaire: Questionnaire) -> dict[str, forms.Field]:
    choices = [(str(value), label) for value, label in questionnaire.options]
    return {
        questionnaire.field_name(i): forms.TypedChoiceField(
            label=f"{i + 1}. {item}", choices=choices, coerce=int, widget=forms.RadioSelect
        )
        for i, item in enumerate(questionnaire.items)
    }


class MoodForm(IntakeStepForm):
    """PHQ-9 and GAD-7 for everyone; PCL-5 too when PTSD was chosen in the first step."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaires = [PHQ9, GAD7]
        conditions = self.intake.answers.get("reason", {}).get("conditions", [])
        if "ptsd" in conditions:
            self.questionnaires.append(PCL5)
        for questionnaire in self.questionnaires:
            self.fields.update(questionnaire_fields(questionnaire))

    def sections(self):
        """(questionnaire, its bound fields) for the template's fieldsets."""
        return [
            (q, [self[q.field_name(i)] for i in range(len(q.items))]) for q in self.questionnaires
        ]


class GoalsForm(IntakeStepForm):
    goals = _text(_("What do you hope treatment will change for you?"), required=True)
    has_driver = _radio(
        _(
            "After each infusion you must not drive for the rest of the day. "
            "Can an adult drive you home?"
        ),
        YES_NO_UNSURE,
    )
    driver_notes = _text(_("Anything we should know about getting here and home"), rows=2)


class ConsentForm(IntakeStepForm):
    consent_to_evaluation = forms.BooleanField(
        label=_("I agree to be evaluated by the clinic’s clinicians for ketamine treatment."),
        error_messages={"required": _("The clinic can only review your intake with this consent.")},
    )
    privacy_notice = forms.BooleanField(
        label=_("I have read the notice of privacy practices."),
        error_messages={"required": _("Please confirm you have read the privacy notice.")},
    )
    email_consent = forms.BooleanField(
        label=_("The clinic may email me about appointments and my care."), required=False
    )
    sms_consent = forms.BooleanField(
        label=_("The clinic may text me appointment reminders (reply STOP at any time)."),
        required=False,
    )
    signature = forms.CharField(
        label=_("Type your full legal name to sign"),
        max_length=SHORT_TEXT,
        help_text=_("The same first and last name as in your profile."),
    )

    def clean_signature(self) -> str:
        typed = " ".join(self.cleaned_data["signature"].split())
        expected = self.intake.patient.legal_name
        if typed.casefold() != " ".join(expected.split()).casefold():
            raise forms.ValidationError(
                _("The name you typed does not match the legal name in your profile (%(name)s)."),
                params={"name": expected},
            )
        return typed
