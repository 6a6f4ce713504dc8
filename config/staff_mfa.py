"""Staff must sign in with a second factor: a staff account without one (an authenticator app,
or a security key / passkey) is sent to set one up before any admin page opens. allauth then
asks for the second factor at every sign-in (its login flow has the two-factor stage), and
refuses a code used once already."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

STAFF_PREFIXES = ("/admin/",)
# What allauth's sign-in asks for at its two-factor stage; recovery codes are a fallback for a
# lost factor, not a factor of their own.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user) -> bool:
    if not hasattr(user, "_has_second_factor"):
        user._has_second_factor = Authenticator.objects.filter(
            user=user, type__in=SECOND_FACTORS
        ).exists()
    return user._has_second_factor


class StaffTwoFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and request.path.startswith(STAFF_PREFIXES)
            and not has_second_factor(user)
        ):
            messages.warning(
                request,
                "Staff accounts sign in with two factors. Set up an authenticator app or a "
                "security key (passkey) to open the staff admin.",
            )
            return redirect(reverse("mfa_index"))
        return self.get_response(request)
