from django.db import models

from clinic.models import Clinic, TimeStampedModel


class Condition(TimeStampedModel):
    """A condition the network's clinics treat: the intake's vocabulary and, with the content
    issue, a public explainer page."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    clinics = models.ManyToManyField(Clinic, related_name="conditions", blank=True)
    is_mental_health = models.BooleanField(
        default=False, help_text="Depression, anxiety, PTSD, OCD: the intake adds their measures."
    )
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name
