"""Rate limits for the site's own forms (booking, the waitlist; sign-in, sign-up and password
reset are limited by allauth), counted in Redis per client address and per account.

The client address is REMOTE_ADDR. Behind a proxy, PORTAL_TRUSTED_PROXIES says how many proxies
append to X-Forwarded-For; only the entry they added counts, so a visitor cannot pick their own
address by sending the header."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from redis import RedisError

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    trusted = settings.PORTAL_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if trusted and len(forwarded) >= trusted and forwarded[-trusted]:
        return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")


def _parse(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    seconds = {"m": 60, "h": 3600, "d": 86400}[period]
    # Only the benchmark's settings raise this: its load runs would otherwise be refused.
    return int(count) * getattr(settings, "PORTAL_RATE_LIMIT_FACTOR", 1), seconds


def _hit(key: str, rate: str) -> bool:
    """Count one use; False once the limit of the current window is passed. While Redis cannot
    be reached nothing is counted and the request goes through: a patient can still book during
    a Redis outage (tests/faults/test_redis_outage.py), which matters more than the limit."""
    limit, period = _parse(rate)
    window = int(time.time()) // period
    full_key = f"ratelimit:{key}:{window}"
    try:
        cache.add(full_key, 0, timeout=period + 5)
        try:
            used = cache.incr(full_key)
        except ValueError:  # expired between add and incr
            cache.set(full_key, 1, timeout=period + 5)
            used = 1
    except (RedisError, OSError):
        logger.warning("ratelimit: cache unreachable, %s not counted", key.split(":", 1)[0])
        return True
    return used <= limit


def _peek(key: str, rate: str) -> tuple[bool, float]:
    """Whether the limit of the current window is already used up, without counting a use; and
    when the window ends (epoch seconds)."""
    limit, period = _parse(rate)
    window = int(time.time()) // period
    try:
        used = int(cache.get(f"ratelimit:{key}:{window}") or 0)
    except (RedisError, OSError):
        logger.warning("ratelimit: cache unreachable, %s not checked", key.split(":", 1)[0])
        used = 0
    return used >= limit, (window + 1) * period


def _window_end(rate: str) -> float:
    _limit, period = _parse(rate)
    return (int(time.time()) // period + 1) * period


def rate_limited(
    scope: str,
    *,
    per_ip: str,
    per_user: str | None = None,
    per_user_done: str | None = None,
    tell_view: bool = False,
):
    """Limit a view's POSTs, per client address and per account.

    `per_user` counts every POST of an account. `per_user_done` counts only the POSTs that did
    their work (the view redirected): it is checked before and counted after, so a patient whose
    tries are refused (a time just taken, a typing slip) is not locked out by them; a generous
    `per_user` still bounds the tries.

    Past a limit, nothing is done. Without `tell_view` the visitor gets a plain 429 page; with
    it the view is still called, with `request.rate_limit_retry_at` (an aware UTC datetime, when
    the limit lifts) set, and must only show its form again with what was typed and that time."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            lifts = []
            if not _hit(f"{scope}:ip:{client_ip(request)}", per_ip):
                lifts.append(_window_end(per_ip))
            user = request.user if request.user.is_authenticated else None
            if per_user and user and not _hit(f"{scope}:user:{user.pk}", per_user):
                lifts.append(_window_end(per_user))
            if per_user_done and user:
                used_up, ends = _peek(f"{scope}:user-done:{user.pk}", per_user_done)
                if used_up:
                    lifts.append(ends)
            if lifts:
                if not tell_view:
                    return render(request, "429.html", status=429)
                request.rate_limit_retry_at = dt.datetime.fromtimestamp(max(lifts), tz=dt.UTC)
                response = view(request, *args, **kwargs)
                response.status_code = 429
                return response
            response = view(request, *args, **kwargs)
            if per_user_done and user and response.status_code in (301, 302, 303):
                _hit(f"{scope}:user-done:{user.pk}", per_user_done)
            return response

        return wrapper

    return decorator
