"""Add-to-calendar files: the visit in the clinic's own zone (with its VTIMEZONE), no health
information (the summary names the clinic, never the service)."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment


def visits_ics(appointments: list[Appointment], *, domain: str) -> bytes:
    """One calendar file with an event a visit (a series sends all its visits in one)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Stillwater Clinics//Patient portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for appointment in appointments:
        calendar.add_component(_event(appointment, domain=domain))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def appointment_ics(appointment: Appointment, *, domain: str) -> bytes:
    return visits_ics([appointment], domain=domain)


def _event(appointment: Appointment, *, domain: str) -> Event:
    clinic = appointment.clinic
    event = Event()
    event.add("uid", f"{appointment.id}@{domain}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at.astimezone(clinic.zone))
    event.add("dtend", appointment.ends_at.astimezone(clinic.zone))
    event.add("summary", f"Appointment at {clinic.name}")
    event.add("location", f"{clinic.street}, {clinic.city}, {clinic.state} {clinic.zip_code}")
    event.add(
        "description",
        f"{clinic.name}, {clinic.phone.as_national}. Please arrive 10 minutes early. "
        "To change or cancel, use your patient portal or call the clinic.",
    )
    if appointment.status == Appointment.Status.CANCELLED:
        event.add("status", "CANCELLED")
    return event
