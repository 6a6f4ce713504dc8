"""Settings for the test suite: the real PostgreSQL and Redis of `make test`, fast hashing."""

import os

from config import devservices

devservices.load_services_env()

from .base import *  # noqa: E402, F403
from .base import CACHES, VAR_DIR  # noqa: E402

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-2c9e4b7a1d"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_FILE_PATH = VAR_DIR / f"test-sms-{os.getpid()}"
# A task asked for after commit runs at once, in the test's thread; the beat sweep is called
# directly by the tests that are about it.
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_FILE_PATH = VAR_DIR / "test-mail"

# Keys of each test run never mix with the demo's, or another run's, in a shared Redis.
CACHES["default"]["KEY_PREFIX"] = f"portal-test-{os.getpid()}"
