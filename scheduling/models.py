from django.db import models
from django.db.models import Q

from clinic.models import Clinic, TimeStampedModel


class Chair(TimeStampedModel):
    """An infusion chair (or room) where a patient is monitored during and after an infusion."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="chairs")
    name = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True)
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["clinic", "name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="chair_name_unique_per_clinic"),
            models.CheckConstraint(condition=~Q(name=""), name="chair_name_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.clinic})"
