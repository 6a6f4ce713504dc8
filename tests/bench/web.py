"""Pages served by gunicorn over loopback, at 1 and at 16 concurrent clients, with the queries
each one makes (counted in this process through Django's test client, on the same database)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils.crypto import get_random_string

from .load import Request, each_once, repeat, run_load
from .seed import Booking

CONCURRENCY = (1, 16)
SECONDS = 1.0 if os.environ.get("BENCH_QUICK") == "1" else 5.0
MAX_REQUESTS = {1: 300, 16: 800}
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    session_key: str | None = None  # signed in as this session's patient
    public: bool = True


def _cookie(session_key: str | None, csrf: str | None = None) -> dict[str, str]:
    parts = []
    if session_key:
        parts.append(f"{settings.SESSION_COOKIE_NAME}={session_key}")
    if csrf:
        parts.append(f"{settings.CSRF_COOKIE_NAME}={csrf}")
    return {"Cookie": "; ".join(parts)} if parts else {}


def page_request(page: Page) -> Request:
    return Request("GET", page.path, headers={"Host": HOST, **_cookie(page.session_key)})


def booking_path(booking: Booking) -> str:
    query = urlencode({"start": booking.starts_at.isoformat()})
    return f"/book/{booking.clinic_slug}/{booking.service_slug}/confirm/?{query}"


def booking_request(booking: Booking) -> Request:
    """The confirm form's POST, as a browser sends it: the session and CSRF cookies, and the
    form's token (an unmasked secret equal to the cookie is a valid token)."""
    csrf = get_random_string(32)
    body = urlencode({"csrfmiddlewaretoken": csrf, "reason": "Chronic back pain, new patient"})
    return Request(
        "POST",
        booking_path(booking),
        headers={
            "Host": HOST,
            "Content-Type": "application/x-www-form-urlencoded",
            **_cookie(booking.session_key, csrf),
        },
        body=body.encode(),
        expect=302,
    )


class QueryCounter:
    """Counts the SQL statements run inside it. (CaptureQueriesContext reads the connection's
    query log, which every request start empties: it can miscount around a test-client call.)"""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> QueryCounter:
        self._wrapping = connection.execute_wrapper(self)
        self._wrapping.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._wrapping.__exit__(*exc)


def count_queries(page: Page) -> int:
    """The queries of one GET, after a first one has warmed this process's caches."""
    client = Client()
    if page.session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = page.session_key
    client.get(page.path)
    with QueryCounter() as queries:
        response = client.get(page.path)
    if response.status_code != 200:
        raise RuntimeError(f"{page.path} answered {response.status_code} in process")
    return queries.count


def count_booking_queries(bookings: list[Booking]) -> int:
    """The queries of one booking POST (the second of two, each with its own slot)."""
    counted = 0
    for booking in bookings[:2]:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = booking.session_key
        with QueryCounter() as queries:
            response = client.post(
                booking_path(booking), {"reason": "Chronic back pain, new patient"}
            )
        if response.status_code != 302:
            raise RuntimeError(f"booking answered {response.status_code} in process")
        counted = queries.count
    return counted


def measure(port: int, next_request, *, label: str) -> dict:
    results = {}
    for clients in CONCURRENCY:
        results[f"c{clients}"] = run_load(
            host=HOST,
            port=port,
            next_request=next_request,
            clients=clients,
            seconds=SECONDS,
            max_requests=MAX_REQUESTS[clients],
        )
        row = results[f"c{clients}"]
        print(
            f"  {label:34} c={clients:<2} p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms  "
            f"{row['requests_per_s']} req/s  errors {row['errors']}",
            flush=True,
        )
    return results


def bench_pages(port: int, pages: list[Page]) -> dict:
    results = {}
    for page in pages:
        queries = count_queries(page)
        results[page.key] = {
            "label": page.label,
            "path": page.path.split("?")[0],
            "public": page.public,
            "queries": queries,
            **measure(port, repeat(page_request(page)), label=page.label),
        }
    return results


def bench_booking(port: int, bookings: list[Booking]) -> dict:
    queries = count_booking_queries(bookings)
    planned = bookings[2:]
    result = {
        "label": "booking POST (consultation)",
        "path": "/book/<clinic>/<service>/confirm/",
        "public": False,
        "queries": queries,
        "slots_prepared": len(bookings),
        **measure(port, each_once([booking_request(b) for b in planned]), label="booking POST"),
    }
    return result


def availability_page(*, clinic_slug: str, service_slug: str, first_day: dt.date) -> Page:
    query = urlencode({"service": service_slug, "from": first_day.isoformat(), "days": 14})
    return Page(
        "availability",
        "availability API, 14 days",
        f"/api/clinics/{clinic_slug}/availability?{query}",
    )
