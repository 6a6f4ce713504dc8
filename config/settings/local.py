"""Settings for `make run` on one machine: the demo, and development."""

from config import devservices

# `make run` starts embedded PostgreSQL/Redis when no URL is given and writes their addresses
# to var/services.env, so `manage.py` works in another terminal while they run.
devservices.load_services_env()

from .base import *  # noqa: E402, F403
from .base import VAR_DIR, env  # noqa: E402

SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-demo-only-not-secret-7f3c1e9a2b6d4f8e0a5c")
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

# Served by gunicorn in `make run`: whitenoise finds files through the finders, no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Outgoing email becomes one .eml file a message under var/mail/, listed in the admin.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="config.mail.EmlFileBackend")
EMAIL_FILE_PATH = env.path("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
