"""PostgreSQL stops under the running site and starts again. While it is down every page answers
at once with the kind 503 page (config.database_down, templates/503.html) and /healthz names the
database; once it is back the same gunicorn serves pages again by itself, the patient still
signed in.

The server is a throwaway cluster of this test's own (tests.faults.processes.ThrowawayPostgres),
migrated like a new deployment; the machine's PostgreSQL is never touched.
"""

import json
import subprocess
import sys
import time

import pytest

from .processes import BASE_DIR, START_TIMEOUT, ThrowawayPostgres, wait_until

KIND_WORDS = "The portal cannot reach its records just now."
PATIENT_EMAIL = "restart.patient@example.org"
CSRF = "c" * 32

# Run in the site's own environment against the throwaway database: a clinic to show, and a
# signed-in patient (the session made as signing in would make it).
SEED = f"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from tests.factories import ClinicFactory, UserFactory
from patients.models import PatientProfile
import datetime as dt

ClinicFactory(name="Restart Test Clinic")
user = UserFactory(email="{PATIENT_EMAIL}")
PatientProfile.objects.create(
    user=user, legal_first_name="Rue", legal_last_name="Start", date_of_birth=dt.date(1980, 1, 2)
)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({{"session": session.session_key}}))
"""


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT * 2,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def postgres(fault_dir):
    server = ThrowawayPostgres(fault_dir)
    try:
        server.create()
        yield server
    finally:
        server.remove()


def _assert_kind_503(response) -> None:
    assert response.status == 503, response.text[:2000]
    assert response.headers["Retry-After"] == "30"
    assert KIND_WORDS in response.text
    assert PATIENT_EMAIL not in response.text


def test_pages_answer_a_kind_503_while_postgres_is_down_and_recover_without_a_restart(
    postgres, redis_server, processes, figures
):
    env = processes.env(
        DATABASE_URL=postgres.url, REDIS_URL=redis_server.url, CELERY_BROKER_URL=redis_server.url
    )
    _manage(env, "migrate", "--noinput")
    session = json.loads(_manage(env, "shell", "--command", SEED).splitlines()[-1])["session"]
    signed_in = {"Cookie": f"sessionid={session}; csrftoken={CSRF}"}
    site = processes.gunicorn(env, workers=2, threads=2)

    def pages():
        """What people open: the home page, the clinics, the portal (signed in: a session and a
        user to look up), a booking form sent, and the health check."""
        return {
            "home": site.request("GET", "/"),
            "clinics": site.request("GET", "/clinics/"),
            "portal": site.request("GET", "/portal/", headers=signed_in),
            "booking": site.request(
                "POST",
                "/book/restart-test/consultation/confirm/",
                body=f"reason=x&csrfmiddlewaretoken={CSRF}",
                headers={**signed_in, "Content-Type": "application/x-www-form-urlencoded"},
            ),
            "healthz": site.request("GET", "/healthz"),
        }

    # Every thread of both workers holds a connection (CONN_MAX_AGE) when the server goes away.
    for _ in range(4):
        before = pages()
        assert before["portal"].status == 200
        assert before["healthz"].status == 200
    assert before["home"].status == 200 and before["clinics"].status == 200

    postgres.stop()

    slowest_503 = 0.0
    for _ in range(4):
        began = time.monotonic()
        during = pages()  # each request fails the test if not answered within 60 s
        slowest_503 = max(slowest_503, time.monotonic() - began)
        for name in ("home", "clinics", "portal", "booking"):
            _assert_kind_503(during[name])
        assert during["healthz"].status == 503
        assert json.loads(during["healthz"].text) == {"database": "error", "broker": "ok"}

    restarted = time.monotonic()
    postgres.start()
    ready = time.monotonic()
    wait_until(
        lambda: site.request("GET", "/").status == 200, timeout=60, what="the site to recover"
    )
    recovered = time.monotonic()
    after = pages()
    assert after["portal"].status == 200  # still signed in: the session outlived the outage
    assert after["clinics"].status == 200 and "Restart Test Clinic" in after["clinics"].text
    assert after["healthz"].status == 200

    log = site.started.log.read_text()
    assert site.alive()
    assert log.count("Booting worker") == 2  # the same workers throughout: nothing restarted
    # One line for each 503 page, ours (/healthz's own 503s are logged by Django as usual).
    assert log.count("database unavailable (OperationalError): answered 503") >= 4 * 4
    unavailable = [line for line in log.splitlines() if "Service Unavailable" in line]
    assert all(line.endswith("Service Unavailable: /healthz") for line in unavailable)
    assert "Internal Server Error" not in log and "Traceback" not in log
    assert PATIENT_EMAIL not in log and session not in log
    figures.update(
        slowest_round_of_five_requests_while_down_seconds=round(slowest_503, 2),
        postgres_start_seconds=round(ready - restarted, 1),
        first_page_after_postgres_ready_seconds=round(recovered - ready, 2),
    )
