"""Query parameters the admin's list pages cannot take answer 400, not 500.

The admin's change lists hand filter and date drill-down parameters to the ORM, and Django checks
them only in part: PostgreSQL refuses a NUL byte in any text parameter (`?status__exact=%00`),
and a drill-down into the calendar's last year runs past Python's dates (`?starts_at__year=9999`).
Neither can come from a link the admin made; a hand-made URL gets a plain 400.
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest

ADMIN_PREFIX = "/admin/"
_DRILL_DOWN_SUFFIX = "__year"
_LAST_YEAR_WITH_A_NEXT = 9998  # the drill-down's end is the start of the next year (or day)


def _past_the_calendar(year: str) -> bool:
    try:
        return int(year) > _LAST_YEAR_WITH_A_NEXT  # int() as the admin reads it
    except ValueError:
        return False  # not a number: the admin refuses it itself


def _refused(params) -> bool:
    for key, values in params.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
        if key.endswith(_DRILL_DOWN_SUFFIX) and any(_past_the_calendar(v) for v in values):
            return True
    return False


class AdminQueryGuardMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX) and _refused(request.GET):
            return HttpResponseBadRequest(
                "This address has a parameter the staff pages cannot use.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
