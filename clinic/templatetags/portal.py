import json
from zoneinfo import ZoneInfo

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from clinic.localtime import local_time

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """A schema.org block: <script type="application/ld+json">, escaped like json_script."""
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def clock(value) -> str:
    """9:00 AM, 12:30 PM: the way US clinics write times."""
    return value.strftime("%-I:%M %p") if value else ""


@register.filter
def money(value) -> str:
    """$1,250 or $1,250.50; 'Free' for zero."""
    if value is None:
        return ""
    if value == 0:
        return "Free"
    whole = value == value.to_integral_value()
    return f"${value:,.0f}" if whole else f"${value:,.2f}"


@register.filter
def wall(value, fmt: str = "l g:i A T") -> str:
    """Format an aware datetime on its own wall clock (a clinic's zone), unlike `date`, which
    first converts to the site's zone (UTC)."""
    return dateformat.format(value, fmt) if value else ""


@register.filter
def in_zone(value, time_zone: str):
    """An aware datetime on the wall clock of `time_zone` (a clinic's), for `wall` to format."""
    return value.astimezone(ZoneInfo(time_zone)) if value else value


@register.filter(name="local_time")
def local_time_filter(value, zone=None) -> str:
    """{{ instant|local_time:clinic.time_zone }} gives "Tue Nov 10 2026, 9:00 AM PST"; without a
    zone (a row of no clinic) the reader's zone. See clinic.localtime."""
    return local_time(value, zone or None)


@register.filter
def iso(value) -> str:
    return value.isoformat() if value else ""
