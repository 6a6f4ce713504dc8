"""`make bench`: measured figures against their targets (issues #6 and #8), printed as a table
and written to var/bench/latest.json.

Runs in a throwaway database (bench_<name>, created and dropped here) on the PostgreSQL of
DATABASE_URL, or the embedded one, with the settings of config.settings.bench. Scenarios:

- web: the floor (one query through the whole middleware stack) and the site's pages served by
  gunicorn (2 sync workers) over loopback, at 1 and at 16 concurrent clients: home, a clinic, a
  condition, an article, search, availability (14 days), the portal dashboard and the booking
  POST (each request books its own free slot as its own patient). p50/p95, requests/s, the ratio
  to the floor and the queries of each (counted in process through the test client);
- appointments: availability and the dashboard again with 100,000 appointments instead of 1,000
  (the same 14 days ahead in both), over HTTP and, for availability, in process;
- outbox: 100,000 due messages swept by two Celery worker processes; time, messages/s, and the
  duplicates and losses counted from what the email and SMS backends wrote;
- memory: VmRSS of the gunicorn workers and of the Celery workers after their runs.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
# whitenoise warns that STATIC_ROOT does not exist: the bench serves static files from finders.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise")
os.environ.setdefault("DJANGO_CACHE_PREFIX", f"portal-bench-{os.getpid()}")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from . import report, seed, web  # noqa: E402
from .processes import children, free_port, rss_mb, start_gunicorn, stop  # noqa: E402
from .stats import percentile, ratio  # noqa: E402

OUT = Path(settings.BASE_DIR) / "var" / "bench" / "latest.json"
GUNICORN_WORKERS = 2
# BENCH_QUICK=1: a smaller run that checks the bench itself works, not a measurement.
QUICK = os.environ.get("BENCH_QUICK") == "1"
SMALL, LARGE = 1_000, (5_000 if QUICK else 100_000)
OUTBOX_MESSAGES = 3_000 if QUICK else 100_000
BOOKINGS_PREPARED = 1_200
IN_PROCESS_RUNS, IN_PROCESS_WARMUP = 40, 5


def _timed(call) -> dict:
    for _ in range(IN_PROCESS_WARMUP):
        call()
    samples = []
    for _ in range(IN_PROCESS_RUNS):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "runs": IN_PROCESS_RUNS,
    }


def _availability_in_process(clinic, service, first_day) -> dict:
    from scheduling.availability import available_slots

    def run():
        return available_slots(
            clinic=clinic, service=service, first_day=first_day, days=seed.WINDOW_DAYS
        )

    with web.QueryCounter() as queries:
        slots = run()
    return {**_timed(run), "queries": queries.count, "slots": len(slots)}


def _database_url(name: str) -> str:
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def bench_site(env: dict[str, str], work_dir: Path) -> dict:
    from clinic.models import Clinic
    from content.selectors import conditions_with_pages, live_articles
    from patients.models import User
    from scheduling.models import Appointment

    started = time.perf_counter()
    seed.seed_demo_network()
    now = timezone.now()
    clinic = Clinic.objects.get(slug="arroyo-pasadena")
    infusion = clinic.services.get(slug="iv-ketamine-infusion")
    today = now.astimezone(clinic.zone).date()
    seed.fill_appointments(clinic=clinic, service=infusion, total=SMALL, today=today)
    bookings = seed.booking_plan(wanted=BOOKINGS_PREPARED, now=now)
    dashboard_user = User.objects.get(email__startswith="riley.okonkwo@")
    condition = conditions_with_pages().order_by("slug").first()
    article = live_articles().first()
    _say(f"demo and bench data seeded in {time.perf_counter() - started:.1f} s")

    availability = web.availability_page(
        clinic_slug=clinic.slug, service_slug=infusion.slug, first_day=today
    )
    dashboard = web.Page(
        "dashboard",
        "portal dashboard (signed in)",
        "/portal/",
        session_key=seed.session_for(dashboard_user),
        public=False,
    )
    pages = [
        web.Page("floor", "floor: one query (SELECT 1)", "/bench/floor"),
        web.Page("home", "home /", "/"),
        web.Page("clinic", "clinic page", f"/clinics/{clinic.slug}/"),
        web.Page("condition", "condition page", f"/conditions/{condition.slug}/"),
        web.Page("article", "article page", f"/articles/{article.slug}/"),
        web.Page("search", "search /search/?q=ketamine pain", "/search/?q=ketamine+pain"),
        availability,
        dashboard,
    ]
    port = free_port()
    server = start_gunicorn(
        env=env, port=port, workers=GUNICORN_WORKERS, log=work_dir / "gunicorn.log"
    )
    try:
        _say(f"gunicorn on 127.0.0.1:{port}, {GUNICORN_WORKERS} sync workers")
        results = web.bench_pages(port, pages)
        results["booking"] = web.bench_booking(port, bookings)
        small_appointments = Appointment.objects.count()
        small_in_process = _availability_in_process(clinic, infusion, today)

        started = time.perf_counter()
        seed.fill_appointments(clinic=clinic, service=infusion, total=LARGE, today=today)
        large_appointments = Appointment.objects.count()
        _say(f"{large_appointments:,} appointments in {time.perf_counter() - started:.1f} s")
        at_large = web.bench_pages(port, [availability, dashboard])
        large_in_process = _availability_in_process(clinic, infusion, today)
        memory = [rss_mb(pid) for pid in children(server.pid)]
    finally:
        stop(server)
    for row in (results["availability"], results["dashboard"]):
        row["appointment_bound"] = True
    return {
        "web": results,
        "at_100000": at_large,
        "seed": {
            "appointments_small": small_appointments,
            "appointments_large": large_appointments,
            "bookings_prepared": len(bookings),
        },
        "availability": {
            "path": availability.path,
            "at_1000": {"http": results["availability"], "in_process": small_in_process},
            "at_100000": {"http": at_large["availability"], "in_process": large_in_process},
            "ratio_100000_to_1000": {
                "http": ratio(at_large["availability"]["c1"]["p50_ms"], web_p50(results)),
                "in_process": ratio(large_in_process["p50_ms"], small_in_process["p50_ms"]),
            },
        },
        "dashboard_growth": ratio(
            at_large["dashboard"]["c1"]["p50_ms"], results["dashboard"]["c1"]["p50_ms"]
        ),
        "memory": {"gunicorn_workers_mb": memory},
    }


def web_p50(results: dict) -> float | None:
    return results["availability"]["c1"]["p50_ms"]


def main() -> int:
    from .sweep import bench_outbox

    OUT.parent.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix="run-", dir=OUT.parent))
    old_name = connection.settings_dict["NAME"]
    bench_name = f"bench_{old_name}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = bench_name
    _say(f"creating the throwaway database {bench_name}")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": _database_url(bench_name),
        "DJANGO_EMAIL_FILE_PATH": str(work_dir / "mail"),
        "SMS_FILE_PATH": str(work_dir / "sms"),
        "BENCH_SMS_LOG_DIR": str(work_dir / "sms-log"),
        "PYTHONUNBUFFERED": "1",
    }
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    try:
        results = {
            "when": timezone.now().isoformat(),
            "database": f"PostgreSQL {connection.pg_version // 10000}",
            "cpus": os.cpu_count(),
            "load_average_before": round(load_before, 2),
            **bench_site(env, work_dir),
        }
        _say(f"outbox: {OUTBOX_MESSAGES:,} messages, two Celery workers")
        results["outbox"] = bench_outbox(env=env, work_dir=work_dir, total=OUTBOX_MESSAGES)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        for bulky in ("mail", "sms", "sms-log"):
            shutil.rmtree(work_dir / bulky, ignore_errors=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["load_average_after"] = round(os.getloadavg()[0], 2)
    report.add_floor_ratios(results["web"])
    report.add_floor_ratios({"floor": results["web"]["floor"], **results["at_100000"]})
    results["targets"] = report.check_targets(results)
    results["notes"] = [
        f"gunicorn {GUNICORN_WORKERS} sync workers (config/gunicorn.py), load from one Python "
        "process (threads, http.client, a new connection a request) on the same 2-core machine",
        f"each load run: at most {web.SECONDS:g} s and {web.MAX_REQUESTS[1]} (1 client) / "
        f"{web.MAX_REQUESTS[16]} (16 clients) requests, after 3 warm-up requests",
        "rate limits multiplied by PORTAL_RATE_LIMIT_FACTOR (still counted in Redis); allauth's "
        "limits off; MD5 password hashing for seeding (config/settings/bench.py)",
        "queries counted in process with the test client (second request of each page)",
        "booking: in-person consultations at the demo clinics, "
        f"{results['seed']['bookings_prepared']} distinct (slot, new patient) pairs prepared; "
        "each request books one",
        "x floor: p50 of the page over p50 of the floor at the same number of clients",
        f"whole run {results['seconds']} s; 1-minute load average {load_before:.2f} before, "
        f"{results['load_average_after']:.2f} after (other work on the machine slows every "
        "figure); logs in " + str(work_dir),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, default=str))
    print()
    print(report.table(results))
    print(f"\nwritten to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
