"""Calendar files (RFC 5545) sent as scheduling messages (RFC 5546, iTIP): one visit is one
event in the patient's calendar, whatever happens to it.

- The UID is the visit's `calendar_uid` at `settings.MESSAGE_ID_DOMAIN`, the same in every email
  and in the portal's download; a moved visit keeps the UID of the visit it came from.
- SEQUENCE is the visit's `calendar_sequence`, raised on every move and cancellation, so a
  calendar replaces the event it holds instead of adding a second one.
- METHOD:REQUEST for a booking, a move or a series; METHOD:CANCEL (with STATUS:CANCELLED) for a
  cancellation. The clinic is the ORGANIZER, the patient the ATTENDEE (RFC 5546 asks for both).
- Times carry the clinic's zone (TZID, with its VTIMEZONE). The summary names the clinic, never
  the service or a condition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Appointment

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def visit_calendar_uid(appointment: Appointment) -> str:
    return f"{appointment.calendar_uid}@{settings.MESSAGE_ID_DOMAIN}"


def visits_ics(
    appointments: Iterable[Appointment], *, method: str, attendee: str, stamp: dt.datetime
) -> bytes:
    """One calendar file, an event a visit (a series sends all its visits in one, each with its
    own UID). `attendee` is the patient's email address, `stamp` when the file is made."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown calendar method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", "-//Stillwater Clinics//Patient portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    for appointment in appointments:
        calendar.add_component(_event(appointment, method=method, attendee=attendee, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def appointment_ics(appointment: Appointment, *, attendee: str, stamp: dt.datetime) -> bytes:
    """The visit as it stands (the portal's download): a request while it is on, a cancellation
    once it is cancelled."""
    method = CANCEL if appointment.status == Appointment.Status.CANCELLED else REQUEST
    return visits_ics([appointment], method=method, attendee=attendee, stamp=stamp)


def _organizer(clinic) -> vCalAddress:
    email = clinic.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["CN"] = vText(clinic.name)
    return organizer


def _attendee(email: str, *, method: str) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    if method == REQUEST:
        attendee.params["PARTSTAT"] = vText("ACCEPTED")
    attendee.params["RSVP"] = vText("FALSE")  # booked by the patient: nothing to answer
    return attendee


def _event(appointment: Appointment, *, method: str, attendee: str, stamp: dt.datetime) -> Event:
    clinic = appointment.clinic
    event = Event()
    event.add("uid", visit_calendar_uid(appointment))
    event.add("sequence", appointment.calendar_sequence)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", appointment.starts_at.astimezone(clinic.zone))
    event.add("dtend", appointment.ends_at.astimezone(clinic.zone))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _organizer(clinic))
    if attendee:
        event.add("attendee", _attendee(attendee, method=method))
    event.add("summary", f"Appointment at {clinic.name}")
    event.add("location", f"{clinic.street}, {clinic.city}, {clinic.state} {clinic.zip_code}")
    event.add(
        "description",
        f"{clinic.name}, {clinic.phone.as_national}. Please arrive 10 minutes early. "
        "To change or cancel, use your patient portal or call the clinic.",
    )
    event.add("transp", "OPAQUE")
    return event
