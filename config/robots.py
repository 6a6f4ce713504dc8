"""robots.txt: index the public site, keep crawlers out of the admin, portal, accounts and
booking steps (nothing there is public, and a crawler should not create sessions)."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

_PRIVATE = ["/admin/", "/portal/", "/accounts/", "/book/", "/api/", "/sms/", "/search/"]


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in _PRIVATE), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
