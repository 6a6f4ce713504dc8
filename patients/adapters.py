from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """Staff land in the admin; everyone else on the site (later: the patient portal)."""
        if request.user.is_staff:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)
