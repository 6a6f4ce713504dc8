"""schema.org MedicalClinic for a clinic page, so search engines show the right hours and phone."""

from __future__ import annotations

from .hours import weekly_hours
from .models import Clinic, Service

_SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def medical_clinic_json_ld(clinic: Clinic, services: list[Service], url: str) -> dict:
    opening = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{_SCHEMA_DAYS[day.weekday]}",
            "opens": period.opens_at.strftime("%H:%M"),
            "closes": period.closes_at.strftime("%H:%M"),
        }
        for day in weekly_hours(clinic.opening_hours.all())
        for period in day.periods
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": clinic.name,
        "url": url,
        "telephone": clinic.phone.as_e164 if clinic.phone else "",
        "email": clinic.email,
        "description": clinic.short_description,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.street,
            "addressLocality": clinic.city,
            "addressRegion": clinic.state,
            "postalCode": clinic.zip_code,
            "addressCountry": "US",
        },
        "parentOrganization": {"@type": "Organization", "name": clinic.brand.name},
        "openingHoursSpecification": opening,
        "availableService": [
            {"@type": "MedicalTherapy", "name": service.name} for service in services
        ],
    }
    if clinic.latitude is not None and clinic.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(clinic.latitude),
            "longitude": float(clinic.longitude),
        }
    return data
