"""Settings of the processes the fault tests start (gunicorn, Celery worker and beat): the test
settings, with Celery for real (not eager), a beat that sweeps the outbox every second, and the
demo's file backends for email and texts, recording every hand-over (tests.faults.backends).
Only tests/faults uses them, on loopback; the directories come from the test (ProcessGroup.env).
"""

from config.settings.base import env
from config.settings.test import *  # noqa: F403
from config.settings.test import CACHES

CELERY_TASK_ALWAYS_EAGER = False
# Beat's sweep is every minute in a deployment; every second here, so that a test waits seconds.
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {
        "task": "patients.sweep_outbox",
        "schedule": env.float("FAULTS_BEAT_SECONDS", default=1.0),
    },
}

EMAIL_BACKEND = "tests.faults.backends.RecordingEmailBackend"
EMAIL_FILE_PATH = env.path("FAULTS_MAIL_DIR")
SMS_BACKEND = "tests.faults.backends.RecordingSmsBackend"
SMS_FILE_PATH = env.path("FAULTS_SMS_DIR")
FAULTS_SEND_LOG = env.path("FAULTS_SEND_LOG")
# The provider takes a message and then, after this many hand-overs, stops answering: the worker
# waits on it forever (a test kills the worker there).
FAULTS_STALL_AFTER = env.int("FAULTS_STALL_AFTER", default=0)
# Seconds the provider takes to answer each message (0: at once).
FAULTS_SEND_SECONDS = env.float("FAULTS_SEND_SECONDS", default=0.0)

# Every process of one test shares its rate-limit counts (test.py would key them by process id).
CACHES["default"]["KEY_PREFIX"] = "portal-faults"
