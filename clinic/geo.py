"""US ZIP code centres from the `zipcodes` package (its data ships inside the wheel: no network)."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin

EARTH_RADIUS_MILES = 3958.8
ZIP_PATTERN = re.compile(r"^\d{5}$")


@functools.lru_cache(maxsize=4096)
def zip_centre(zip_code: str) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) of a five-digit ZIP code, or None when it is not a known ZIP."""
    if not ZIP_PATTERN.match(zip_code or ""):
        return None
    import zipcodes  # loaded on first use: its table is large and most requests never need it

    matches = zipcodes.matching(zip_code)
    if not matches:
        return None
    return Decimal(matches[0]["lat"]), Decimal(matches[0]["long"])


def distance_miles_expression(latitude: Decimal, longitude: Decimal):
    """Great-circle distance in miles from a point to each row's latitude/longitude, in SQL."""
    lat = Radians(Value(float(latitude)))
    cos_angle = Cos(lat) * Cos(Radians(F("latitude"))) * Cos(
        Radians(F("longitude")) - Radians(Value(float(longitude)))
    ) + Sin(lat) * Sin(Radians(F("latitude")))
    # Rounding can push the cosine a hair past ±1, where ACOS is undefined.
    clamped = Greatest(Value(-1.0), Least(Value(1.0), cos_angle))
    return ExpressionWrapper(Value(EARTH_RADIUS_MILES) * ACos(clamped), output_field=FloatField())
