"""Rate limits for the site's own forms (booking, the waitlist; sign-in, sign-up and password
reset are limited by allauth), counted in Redis per client address and per account.

The client address is REMOTE_ADDR. Behind a proxy, PORTAL_TRUSTED_PROXIES says how many proxies
append to X-Forwarded-For; only the entry they added counts, so a visitor cannot pick their own
address by sending the header."""

from __future__ import annotations

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


def rate_limited(scope: str, *, per_ip: str, per_user: str | None = None):
    """Limit a view's POSTs; past the limit the visitor gets a plain 429 page, nothing is done."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                allowed = _hit(f"{scope}:ip:{client_ip(request)}", per_ip)
                if per_user and request.user.is_authenticated:
                    allowed = _hit(f"{scope}:user:{request.user.pk}", per_user) and allowed
                if not allowed:
                    return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
