"""Staff must sign in with a second factor: a staff account without an authenticator app is
sent to set one up before any admin page opens. allauth then asks for the code at every
sign-in (its login flow has the two-factor stage), and refuses a code used once already."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

STAFF_PREFIXES = ("/admin/",)


def has_second_factor(user) -> bool:
    if not hasattr(user, "_has_totp"):
        user._has_totp = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return user._has_totp


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
                "Staff accounts sign in with two factors. Set up your authenticator app to "
                "open the staff admin.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
