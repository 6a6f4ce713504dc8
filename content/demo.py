"""Demo conditions: the vocabulary the intake offers, linked to the demo clinics treating them."""

from django.db import transaction

from clinic.demo_data import CONDITIONS
from clinic.models import Clinic

from .models import Condition


@transaction.atomic
def seed_conditions() -> None:
    clinics = {clinic.slug: clinic for clinic in Clinic.objects.all()}
    for order, (slug, name, mental_health, treated_at) in enumerate(CONDITIONS):
        condition, _ = Condition.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "is_mental_health": mental_health, "display_order": order},
        )
        slugs = clinics.keys() if treated_at == "*" else treated_at
        condition.clinics.set([clinics[s] for s in slugs if s in clinics])
