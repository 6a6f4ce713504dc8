"""Settings for real clinics: everything secret or site-specific comes from the environment."""

from config.site_url import require_https_site_url

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY")
PORTAL_ENCRYPTION_KEYS = env.list("PORTAL_ENCRYPTION_KEYS")  # never the development default
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Links in every message, and newsletters' one-click List-Unsubscribe, point here: required, and
# https (never the development default).
SITE_URL = require_https_site_url(env("PORTAL_SITE_URL"))

# --- Transport security: HTTPS only, behind a TLS-terminating proxy -----------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# /healthz is probed by the load balancer over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Static files: hashed names, compressed, served by whitenoise (or the proxy) ----------------
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email: a real provider through SMTP, e.g. smtp+tls://user:password@smtp.example.com:587 ----
EMAIL_CONFIG = env.email_url("DJANGO_EMAIL_URL")
SMS_BACKEND = env("SMS_BACKEND", default="patients.sms.HttpSmsBackend")
vars().update(EMAIL_CONFIG)
