"""Instants as people read them: on a zone's wall clock, always with the zone's label.

One place formats every date and time a person reads (admin columns and fields, staff pages,
message wording): `local_time(instant, zone)` gives "Tue Nov 10 2026, 9:00 AM PST". Times
belong to a clinic and are read in that clinic's zone; network-wide rows (articles, newsletters,
audit events, accounts) are read in the reader's zone, `reader_zone(user)`:

- a staff member reads them in the zone of their first clinic (the active membership they were
  given first, at an active clinic);
- someone with no clinic (a network admin, a marketer) reads them in the network's zone,
  `settings.PORTAL_NETWORK_TIME_ZONE` (Pacific time unless the deployment says otherwise).

`ReaderTimeZoneMiddleware` activates the reader's zone for admin pages, so what Django itself
renders or parses there (date drill-downs, datetime widgets, the `date` filter) agrees.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .hours import zone_name

STYLES = ("datetime", "short", "long", "time")
ADMIN_PREFIX = "/admin/"


def as_zone(zone: ZoneInfo | str | None) -> ZoneInfo:
    """A ZoneInfo from a zone or its IANA key; no zone means the active (reader's) zone."""
    if zone is None or zone == "":
        current = timezone.get_current_timezone()
        return current if isinstance(current, ZoneInfo) else ZoneInfo(str(current))
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


def _clock(local: dt.datetime) -> str:
    return f"{local.hour % 12 or 12}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"


def local_time(
    instant: dt.datetime | None, zone: ZoneInfo | str | None = None, *, style: str = "datetime"
) -> str:
    """`instant` on the wall clock of `zone`, with the label in force then (PDT in July, PST in
    November, MST all year in Phoenix):

    - "datetime": Tue Nov 10 2026, 9:00 AM PST  (admin lists and pages)
    - "short":    Tue Nov 10, 9:00 AM PST       (several times of one series)
    - "long":     Tuesday, November 10, 2026 at 9:00 AM PST  (messages to patients)
    - "time":     9:00 AM PST

    No instant gives "" (the admin then shows its empty value).
    """
    if instant is None:
        return ""
    if timezone.is_naive(instant):
        raise ValueError("local_time needs an aware datetime (times are stored in UTC)")
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; one of {', '.join(STYLES)}")
    local = instant.astimezone(as_zone(zone))
    clock = f"{_clock(local)} {local.tzname()}"
    if style == "time":
        return clock
    if style == "short":
        return f"{local:%a %b} {local.day}, {clock}"
    if style == "long":
        return f"{local:%A, %B} {local.day}, {local.year} at {clock}"
    return f"{local:%a %b} {local.day} {local.year}, {clock}"


def zone_label(zone: ZoneInfo | str | None = None, *, at: dt.datetime | None = None) -> str:
    """The zone as a person names it, with its label now (or at `at`): "Pacific Time (PST)",
    "Arizona Time (MST)"; for telling staff which zone a time they type is read in."""
    zone = as_zone(zone)
    at = at or timezone.now()
    return f"{zone_name(zone.key)} ({at.astimezone(zone).tzname()})"


def network_zone() -> ZoneInfo:
    return ZoneInfo(settings.PORTAL_NETWORK_TIME_ZONE)


def reader_zone(user) -> ZoneInfo:
    """The zone `user` reads network-wide times in (see the module's docstring); read once per
    user object."""
    if not hasattr(user, "_reader_zone_cache"):
        from .models import ClinicMembership

        key = None
        if getattr(user, "is_authenticated", False):
            key = (
                ClinicMembership.objects.filter(
                    user_id=user.pk, is_active=True, clinic__is_active=True
                )
                .order_by("created_at", "pk")
                .values_list("clinic__time_zone", flat=True)
                .first()
            )
        user._reader_zone_cache = ZoneInfo(key) if key else network_zone()
    return user._reader_zone_cache


class ReaderTimeZoneMiddleware:
    """On admin pages, Django's own rendering and parsing of times uses the reader's zone
    (never UTC presented as local)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not request.path.startswith(ADMIN_PREFIX) or not (
            user is not None and user.is_authenticated and user.is_staff
        ):
            return self.get_response(request)
        with timezone.override(reader_zone(user)):
            return self.get_response(request)
