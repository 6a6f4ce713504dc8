"""Sessions end by themselves: after 15 idle minutes for staff and 30 for patients, and 12 hours
after signing in whatever the activity (HIPAA automatic logoff)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

IDLE_STAFF = 15 * 60
IDLE_PATIENT = 30 * 60
ABSOLUTE = 12 * 60 * 60
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute for activity


class SessionTimeoutMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault("signed_in_at", now)
            last_seen = session.get("last_seen", now)
            idle_limit = IDLE_STAFF if request.user.is_staff else IDLE_PATIENT
            if now - last_seen > idle_limit or now - started > ABSOLUTE:
                logout(request)
                messages.info(
                    request,
                    "You were signed out to protect your information. Please sign in again.",
                )
                login = reverse("account_login")
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            if now - last_seen >= TOUCH_EVERY or "last_seen" not in session:
                session["last_seen"] = now
        return self.get_response(request)
