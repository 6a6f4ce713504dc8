"""Helpers of the bad-input tests: hostile strings, reading a page as a browser builds it, signing
staff in with both factors, and clearing rate limits between attempts."""

from __future__ import annotations

import datetime as dt
import time
from html.parser import HTMLParser

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from clinic.models import OpeningHours
from tests.factories import PASSWORD, TOTP_SECRET, ClinicFactory

MARKER = "xss7q"

# Each would run script or load something if a page printed it unescaped. Short enough for the
# 100-character name fields; LONG_TEXT holds them all for the paragraph fields.
SHORT = f"\"><img src=x onerror=alert('{MARKER}')><script>alert('{MARKER}')</script>"
VECTORS = [
    f'<script>alert("{MARKER}")</script>',
    f'"><img src=x onerror=alert("{MARKER}")>',
    f"'><svg/onload=alert('{MARKER}')>",
    f'</textarea><iframe src="javascript:alert(`{MARKER}`)"></iframe>',
    f"<a href=\"javascript:alert('{MARKER}')\">{MARKER}</a>",
    f'javascript:alert("{MARKER}")',
    # A template tag in data must stay text: were it evaluated, the page would say XSS7Q.
    f'{{{{ "{MARKER}"|upper }}}}',
]
LONG_TEXT = " ".join(VECTORS)
EVALUATED = MARKER.upper()

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class Markup(HTMLParser):
    """The elements, attributes and text a browser builds from a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def attribute_values(self) -> list[str]:
        return [value for _tag, attrs in self.elements for _name, value in attrs if value]


def injected_markup(html: str) -> list[str]:
    """What in the page could run script: event-handler attributes, script URLs, and scripts
    other than the site's own files and JSON data blocks. The site's CSP allows no inline script,
    so its own pages have none of these; anything found came from data."""
    found = []
    for tag, attrs in Markup(html).elements:
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            normalized = "".join((value or "").split()).lower()
            if name in _URL_ATTRIBUTES and normalized.startswith(_SCRIPT_SCHEMES):
                found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            named = dict(attrs)
            if named.get("src"):
                src = named["src"]
                # The site's own files (static, the admin's /admin/jsi18n/), never another host.
                if not src.startswith("/") or src.startswith("//"):
                    found.append(f"<script src={src!r}>")
            elif named.get("type") not in _DATA_SCRIPT_TYPES:
                found.append("an inline <script>")
    return found


def assert_inert(response, *shown: str) -> None:
    """The page opened, runs nothing from data, evaluated no template syntax from data, and shows
    each of `shown` as text or as a form field's value (so it was on the page to be tested)."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    found = injected_markup(html)
    assert found == [], (response.request["PATH_INFO"], found)
    assert EVALUATED not in html
    page = Markup(html)
    for text in shown:
        assert text in page.text or any(text in value for value in page.attribute_values()), (
            f"{text[:40]!r} is not on {response.request['PATH_INFO']}"
        )


def totp_now() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def signed_in_staff(user) -> Client:
    """A client of a staff member signed in as they would be: password, then the code of their
    authenticator app (tests/config/test_staff_mfa.py proves the admin opens only after both)."""
    client = Client()
    first = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert first["Location"] == reverse("mfa_authenticate")
    second = client.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert second.status_code == 302, "the second factor was refused"
    return client


def clear_rate_limits() -> None:
    """Forget this run's rate-limit counters (config/ratelimit.py keeps them in Redis under the
    run's key prefix), as tests/conftest.py's _fresh_cache does after each test. The limits stay
    on; only the count of earlier attempts goes."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*ratelimit:*", count=500))
    if keys:
        client.delete(*keys)


def open_clinic(**fields):
    """A clinic open every day, 08:00 to 18:00 local time."""
    clinic = ClinicFactory(**fields)
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=d, opens_at=dt.time(8), closes_at=dt.time(18))
        for d in range(7)
    )
    return clinic


class FieldValues(HTMLParser):
    """What the text fields of a page hold, as a browser would fill them: inputs' values and
    textareas' contents, by field name (a list: a page may have two fields of one name)."""

    _TEXT_INPUTS = {"text", "email", "tel", "number", "search", "url", "date", None}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self._textarea: list[str] | None = None
        self._textarea_name = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag == "input" and named.get("type") in self._TEXT_INPUTS and named.get("name"):
            self.values.setdefault(named["name"], []).append(named.get("value") or "")
        elif tag == "textarea" and named.get("name"):
            self._textarea, self._textarea_name = [], named["name"]

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # The line break after <textarea> is markup, as browsers read it.
            text = "".join(self._textarea).removeprefix("\n")
            self.values.setdefault(self._textarea_name, []).append(text)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.append(data)
