from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.views.static import serve

from content.sitemaps import SITEMAPS
from patients.sms_inbound import sms_inbound

from . import demo_mail
from .health import healthz
from .robots import robots_txt


def admin_login(request, extra_context=None):
    """The admin signs in through allauth's login (rate-limited, two-factor aware). Someone
    already signed in who may not use the admin (a patient) gets a plain refusal with the way
    to their portal: sending them to sign in again would send them straight back here."""
    if request.user.is_authenticated and admin.site.has_permission(request):
        return redirect(reverse("admin:index"))
    if request.user.is_authenticated:
        context = {
            "portal_url": reverse("patients:dashboard"),
            "logout_url": reverse("account_logout"),
        }
        return TemplateResponse(request, "admin_staff_only.html", context, status=403)
    query = request.GET.copy()
    query.setdefault("next", reverse("admin:index"))
    return redirect(f"{reverse('account_login')}?{query.urlencode()}")


admin.site.login = admin_login
admin.site.site_header = f"{settings.SITE_NAME} — staff"
admin.site.site_title = f"{settings.SITE_NAME} staff"
admin.site.index_title = "Clinic administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sms/inbound", sms_inbound, name="sms_inbound"),
    path("admin/demo-mail/", demo_mail.mail_list, name="demo_mail_list"),
    path("admin/demo-mail/<str:name>", demo_mail.mail_detail, name="demo_mail_detail"),
    path("admin/demo-mail/<str:name>/download", demo_mail.mail_download, name="demo_mail_download"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("scheduling.urls")),
    path("portal/", include("patients.urls")),
    path("", include("content.urls")),
    path("", include("clinic.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
