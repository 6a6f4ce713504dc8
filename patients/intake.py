"""The intake's steps, in order, and what each one needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import intake_forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    intro: str
    form_class: type[intake_forms.IntakeStepForm]


STEPS: tuple[Step, ...] = (
    Step(
        slug="reason",
        title=_("Why you are coming"),
        intro=_("Tell us what you live with and for how long."),
        form_class=intake_forms.ReasonForm,
    ),
    Step(
        slug="pain",
        title=_("Your pain now"),
        intro=_("How strong your pain has been, and what it gets in the way of."),
        form_class=intake_forms.PainForm,
    ),
    Step(
        slug="treatments",
        title=_("What you have tried"),
        intro=_("What you have tried so far, and how it worked for you."),
        form_class=intake_forms.TreatmentsForm,
    ),
    Step(
        slug="health",
        title=_("Your health history"),
        intro=_(
            "Some conditions and medicines change how safe ketamine is for you. A clinician "
            "reads every answer; none of them rules you out by itself."
        ),
        form_class=intake_forms.HealthForm,
    ),
    Step(
        slug="mood",
        title=_("How you have been feeling"),
        intro=_("Standard questionnaires your clinician uses to follow how you feel over time."),
        form_class=intake_forms.MoodForm,
    ),
    Step(
        slug="goals",
        title=_("Goals and getting home"),
        intro=_("What you hope for, and how you will get home after an infusion."),
        form_class=intake_forms.GoalsForm,
    ),
    Step(
        slug="consent",
        title=_("Consent and signature"),
        intro=_("Read, agree and sign to send your intake to the clinic."),
        form_class=intake_forms.ConsentForm,
    ),
)

STEP_SLUGS = tuple(step.slug for step in STEPS)
FINAL_STEP = STEPS[-1].slug


def step_by_slug(slug: str) -> Step | None:
    return next((step for step in STEPS if step.slug == slug), None)


def step_number(slug: str) -> int:
    return STEP_SLUGS.index(slug) + 1


def next_step(slug: str) -> Step | None:
    index = STEP_SLUGS.index(slug)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(slug: str) -> Step | None:
    index = STEP_SLUGS.index(slug)
    return STEPS[index - 1] if index > 0 else None
