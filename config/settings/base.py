"""Settings shared by every environment; what differs between machines comes from the env."""

import os
from pathlib import Path
from urllib.parse import unquote

import environ

from config.redis_urls import celery_broker_url
from config.site_url import local_site_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

# Required in production (production.py); local and test settings give a throwaway default.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
# Keys for the encrypted fields (patients.fields): the first encrypts, all decrypt.
PORTAL_ENCRYPTION_KEYS = env.list(
    "PORTAL_ENCRYPTION_KEYS", default=["x4cH1Y0mAPvA7bJ2zz4Hk3bq0i0iQh9VrQ1kR8uLh7k="]
)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

# --- Applications -------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "csp",
]
LOCAL_APPS = [
    "patients",
    "clinic",
    "scheduling",
    "content",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and user lookups: a database outage is a kind 503, never a 500.
    "config.database_down.DatabaseDownMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.sessions.SessionTimeoutMiddleware",
    "config.staff_mfa.StaffTwoFactorMiddleware",
    "config.admin_query.AdminQueryGuardMiddleware",
    # Admin pages read and show times in the reader's zone, never UTC as if it were local.
    "clinic.localtime.ReaderTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.site",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL")}
# A unix-socket server is written with its directory percent-encoded as the host
# (postgres://user@%2Fpath%2Fto%2Fsocket/name); django-environ leaves it encoded.
DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"])
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", default="portal"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "patients.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Clinic roles: what a membership's role may do, at the clinic of the membership only.
    "clinic.permissions.ClinicRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A session lasts at most 12 hours (config.sessions also ends idle ones) and ends with the browser.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LOGIN_REDIRECT_URL = "patients:dashboard"

ACCOUNT_ADAPTER = "patients.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_SIGNUP_FORM_CLASS = "patients.forms.PatientSignupForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Counted in Redis (the default cache): per client address, and per account where one is named.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/h/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Staff sign in with a second factor: an authenticator app's code or a security key / passkey
# (WebAuthn). A passkey is a second factor after the password only: passwordless passkey login
# stays off, since a key that does not verify its user would then be the only factor.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = env("PORTAL_SITE_NAME", default="Stillwater Clinics")
# A code typed in the last seconds of its 30-second window arrives in the next one: accept the
# window before as well (RFC 6238, section 5.2). A used code is still refused for all of them.
MFA_TOTP_TOLERANCE = 1

# --- Internationalisation and time --------------------------------------------------------------
LANGUAGE_CODE = "en-us"
# Stored and computed in UTC; every page shows a clinic's times in that clinic's own zone.
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Where network-wide times (articles and newsletters of no clinic, audit events) are read by
# someone who works at no clinic; staff of a clinic read them in their clinic's zone
# (clinic.localtime.reader_zone).
PORTAL_NETWORK_TIME_ZONE = env("PORTAL_NETWORK_TIME_ZONE", default="America/Los_Angeles")
# Django's own default rendering of a date and time carries the zone's label (PST/PDT).
FORMAT_MODULE_PATH = ["clinic.formats"]
PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Third-party front-end code comes from npm (package-lock.json) and is served straight from
# node_modules: nothing vendored into the repository.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email --------------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="config.mail.EmlFileBackend")
EMAIL_FILE_PATH = env.path("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Stillwater Clinics <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=celery_broker_url(REDIS_URL))
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A message is acknowledged only once its task has finished, and handed back to the broker when
# the worker dies under it, so nothing is lost; the outbox's unique keys make a rerun a no-op.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic sweeps over the database (never ETA tasks for delays of minutes or days).
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-outbox": {"task": "patients.sweep_outbox", "schedule": 60.0},
    "expire-waitlist-offers": {"task": "scheduling.expire_waitlist_offers", "schedule": 60.0},
    "readiness-sweep": {"task": "scheduling.readiness_sweep", "schedule": 300.0},
    "publish-scheduled-articles": {"task": "content.publish_due_articles", "schedule": 60.0},
    "resume-newsletters": {"task": "content.resume_newsletters", "schedule": 300.0},
}

# --- Logging: ids and events only, never patient data ------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- Content-Security-Policy (django-csp): scripts only from our own origin, never inline -----
# Inline styles stay allowed: Bootstrap's utilities, htmx's indicator style and the Django admin
# set style attributes; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
# Proxies in front of the app that append to X-Forwarded-For (0: trust no such header).
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = PORTAL_TRUSTED_PROXIES
SECURE_REFERRER_POLICY = "same-origin"

# Where the public site sends people for things it does not do online.
SITE_NAME = env("PORTAL_SITE_NAME", default="Stillwater Clinics")
# Links in messages point here; Message-IDs and calendar UIDs use the domain. Without
# PORTAL_SITE_URL (one machine, `make run`), the address the web server serves: WEB_HOST and
# PORTAL_WEB_PORT or PORT (config/site_url.py). Production requires it (production.py).
SITE_URL = env("PORTAL_SITE_URL", default="") or local_site_url(os.environ)
MESSAGE_ID_DOMAIN = env("PORTAL_MESSAGE_ID_DOMAIN", default="portal.localhost")

# --- Text messages (patients.sms) ---------------------------------------------------------------
SMS_BACKEND = env("SMS_BACKEND", default="patients.sms.FileSmsBackend")
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=str(VAR_DIR / "sms"))
SMS_API_URL = env("SMS_API_URL", default="")
SMS_API_TOKEN = env("SMS_API_TOKEN", default="")
SMS_FROM = env("SMS_FROM", default="")
SMS_WEBHOOK_SECRET = env("SMS_WEBHOOK_SECRET", default="")
