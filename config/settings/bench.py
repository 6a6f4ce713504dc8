"""Settings for `make bench` (tests/bench): production-like serving on loopback.

The runner (tests.bench.run), the gunicorn workers and the Celery workers it starts all use these
settings, pointed by DATABASE_URL at the bench's throwaway database. Differences from a real
deployment, each one said in the bench's output:

- ROOT_URLCONF adds the "floor" view (one query, nothing else) to the site's own URLs;
- the site's rate limits are multiplied so that a load run is not answered with 429s (they are
  still counted in Redis, so their cost stays in the figures), and allauth's are off (the bench
  signs no one in over HTTP);
- plain HTTP, no TLS settings; MD5 password hashing, so that seeding thousands of patients is
  quick (no measured page checks a password);
- outgoing email becomes .eml files and texts become files (the demo backends), in directories
  the runner chooses, and every text sent is recorded so that a duplicate cannot hide.
"""

from config import devservices

devservices.load_services_env()

from .base import *  # noqa: E402, F403
from .base import CACHES, env  # noqa: E402

SECRET_KEY = "bench-only-secret-key-not-used-anywhere-else-5e1d7c3a9b"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
ROOT_URLCONF = "tests.bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
WHITENOISE_USE_FINDERS = True

PORTAL_RATE_LIMIT_FACTOR = 1_000_000
ACCOUNT_RATE_LIMITS = False

EMAIL_BACKEND = "tests.bench.backends.RecordingEmailBackend"
SMS_BACKEND = "tests.bench.backends.RecordingSmsBackend"
BENCH_SMS_LOG_DIR = env.path("BENCH_SMS_LOG_DIR", default=str(VAR_DIR / "bench" / "sms-log"))  # noqa: F405

# One prefix for the runner and every process it starts, apart from any other user of the Redis.
CACHES["default"]["KEY_PREFIX"] = env("DJANGO_CACHE_PREFIX", default="portal-bench")

LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
