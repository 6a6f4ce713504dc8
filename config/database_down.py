"""While PostgreSQL cannot be reached, every page answers 503 with a kind page (templates/503.html)
and a Retry-After, instead of a 500 or a hang; the site recovers by itself once the database is
back (CONN_HEALTH_CHECKS drops a dead persistent connection at the next request).

Django turns an exception raised inside any middleware into a 500 response before the middleware
around it could see the exception. The session and user lookups of the middleware below this one
are the first things to touch the database on most requests, so this middleware opens the
request's connection first: that is the health check Django runs at the first query of every
request anyway, moved earlier, so a healthy request makes no extra query. A view that loses the
database later is caught by process_exception. /healthz is left to report the outage itself.
"""

from __future__ import annotations

import logging

from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_down_response() -> HttpResponse:
    """The 503 page. Rendered without the request: no context processor, session or user lookup,
    and nothing about the visitor, so it works with the database gone."""
    body = render_to_string(
        "503.html", {"SITE_NAME": settings.SITE_NAME, "retry_after": RETRY_AFTER_SECONDS}
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The CSP middleware sits inside this one and never sees this response; the page keeps the
    # site's policy all the same.
    response["Content-Security-Policy"] = build_policy()
    add_never_cache_headers(response)  # no proxy or browser keeps the outage page
    return response


class DatabaseDownMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self._exempt_paths: frozenset[str] | None = None

    def __call__(self, request):
        if request.path_info not in self._exempt():
            try:
                with connection.cursor():
                    pass
            except DATABASE_DOWN as error:
                return self._unavailable(error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return self._unavailable(exception)
        return None

    def _exempt(self) -> frozenset[str]:
        if self._exempt_paths is None:  # reversed at the first request, once URLs are loaded
            self._exempt_paths = frozenset({reverse("healthz")})
        return self._exempt_paths

    @staticmethod
    def _unavailable(error: Exception) -> HttpResponse:
        # One line a request, with the class name only: a driver's message can carry host names
        # or parts of a query. It stands in for django.request's "Service Unavailable" line
        # (the attribute Django's log_response sets on a response it has logged).
        logger.error("database unavailable (%s): answered 503", error.__class__.__name__)
        response = database_down_response()
        response._has_been_logged = True
        return response
