"""`make bench`: measured figures against their targets, printed as a table and written to
var/bench/latest.json.

Runs in a throwaway database (created and dropped like the test runner's) on the PostgreSQL of
DATABASE_URL, or the embedded one. Scenarios so far:

- availability: one clinic (6 chairs, 5 nurses), 14 days of an infusion service, with 1,000 and
  with 100,000 past and future appointments in the database: median and p95 server time, the
  ratio between the two, and the queries it runs. Target: p50 < 50 ms at 100,000 and within
  1.5x of the time at 1,000.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 40
WINDOW_DAYS = 14
WARMUP = 5
OUT = Path(settings.BASE_DIR) / "var" / "bench" / "latest.json"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(call, runs=RUNS, warmup=WARMUP) -> dict:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(_percentile(samples, 0.95), 2),
        "runs": runs,
    }


def _bench_clinic():
    from clinic.models import Brand, Clinic, ClinicMembership, OpeningHours, Service
    from patients.models import PatientProfile, User
    from scheduling.models import Chair, ProviderHours

    brand = Brand.objects.create(name="Bench", slug="bench")
    clinic = Clinic.objects.create(
        brand=brand,
        name="Bench Clinic",
        slug="bench-clinic",
        street="1 Bench St",
        city="Pasadena",
        state="CA",
        zip_code="91101",
        phone="+16265550100",
        email="bench@example.org",
        time_zone="America/Los_Angeles",
        short_description="Benchmark clinic",
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=d, opens_at=dt.time(7), closes_at=dt.time(19))
        for d in range(7)
    )
    chairs = [Chair.objects.create(clinic=clinic, name=f"Chair {i}") for i in range(6)]
    nurses = []
    for i in range(5):
        user = User.objects.create_user(f"nurse{i}@bench.example", "x" * 16, is_staff=True)
        ClinicMembership.objects.create(user=user, clinic=clinic, role="nurse")
        ProviderHours.objects.bulk_create(
            ProviderHours(
                clinic=clinic, provider=user, weekday=d, starts_at=dt.time(7), ends_at=dt.time(19)
            )
            for d in range(7)
        )
        nurses.append(user)
    service = Service.objects.create(
        clinic=clinic,
        kind="infusion",
        name="Infusion",
        slug="infusion",
        duration_minutes=50,
        observation_minutes=40,
        buffer_minutes=15,
        price=Decimal("500"),
        needs_chair=True,
        provider_roles=["nurse"],
        min_notice_hours=0,
        horizon_days=400,
    )
    patients = []
    for i in range(400):
        user = User.objects.create_user(f"patient{i}@bench.example", "x" * 16)
        patients.append(
            PatientProfile.objects.create(
                user=user,
                legal_first_name="Bench",
                legal_last_name=f"P{i}",
                date_of_birth=dt.date(1980, 1, 1),
            )
        )
    return clinic, service, nurses, chairs, patients


def _fill(clinic, service, nurses, chairs, patients, total: int, today: dt.date) -> None:
    """`total` appointments with the same 14 days ahead in every run (half the nurses' time
    booked, as a busy clinic's next fortnight), the rest later in the future (booked) and in
    the past (completed): a bigger table must not make the same question slower. None overlap:
    each nurse every 50 minutes from 07:00, every third one in the nurse's own chair."""
    from scheduling.models import Appointment

    zone = clinic.zone
    rows = []

    def add(day: dt.date, nurse_index: int, slot: int, status: str) -> None:
        start = dt.datetime.combine(day, dt.time(7), tzinfo=zone) + dt.timedelta(minutes=50 * slot)
        with_chair = slot % 3 == 0
        rows.append(
            Appointment(
                clinic=clinic,
                service=service,
                patient=patients[len(rows) * 7 % len(patients)],
                provider=nurses[nurse_index],
                chair=chairs[nurse_index] if with_chair else None,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=50),
                provider_until=start + dt.timedelta(minutes=50),
                chair_until=start + dt.timedelta(minutes=105 if with_chair else 50),
                status=status,
            )
        )

    for offset in range(WINDOW_DAYS):
        for nurse_index in range(len(nurses)):
            for slot in range(0, 12, 2):
                add(today + dt.timedelta(days=offset), nurse_index, slot, "booked")
    remaining = total - len(rows)
    later = min(remaining // 2, 76 * len(nurses) * 12)
    for index in range(remaining):
        future = index < later
        position = index if future else index - later
        day_offset, rest = divmod(position, len(nurses) * 12)
        nurse_index, slot = divmod(rest, 12)
        if future:
            add(today + dt.timedelta(days=WINDOW_DAYS + day_offset), nurse_index, slot, "booked")
        else:
            add(today - dt.timedelta(days=1 + day_offset), nurse_index, slot, "completed")
    Appointment.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE scheduling_appointment")


def bench_availability() -> dict:
    from scheduling.availability import available_slots
    from scheduling.models import Appointment

    clinic, service, nurses, chairs, patients = _bench_clinic()
    today = timezone.now().astimezone(clinic.zone).date()

    def run():
        return available_slots(clinic=clinic, service=service, first_day=today, days=WINDOW_DAYS)

    result = {}
    for total in (1_000, 100_000):
        Appointment.objects.filter(clinic=clinic).delete()
        _fill(clinic, service, nurses, chairs, patients, total, today)
        with CaptureQueriesContext(connection) as queries:
            slots = run()
        result[total] = {
            **_timed(run),
            "queries": len(queries),
            "slots": len(slots),
            "appointments": Appointment.objects.count(),
        }
    small, large = result[1_000], result[100_000]
    ratio = round(large["p50_ms"] / small["p50_ms"], 2) if small["p50_ms"] else None
    return {
        "at_1000": small,
        "at_100000": large,
        "ratio_100000_to_1000": ratio,
        "targets": {
            "p50_under_50ms_at_100000": large["p50_ms"] < 50,
            "ratio_at_most_1_5": ratio is not None and ratio <= 1.5,
        },
    }


def _print(results: dict) -> None:
    availability = results["availability"]
    rows = [
        ("availability, 14 days, 1,000 appts", availability["at_1000"]),
        ("availability, 14 days, 100,000 appts", availability["at_100000"]),
    ]
    print(f"{'scenario':42} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'slots':>6}")
    for label, row in rows:
        print(
            f"{label:42} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {row['queries']:8d} "
            f"{row['slots']:6d}"
        )
    targets = availability["targets"]
    print(f"ratio 100,000 / 1,000: {availability['ratio_100000_to_1000']}")
    for name, met in targets.items():
        print(f"target {name}: {'met' if met else 'MISSED'}")


def main() -> int:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        results = {
            "when": timezone.now().isoformat(),
            "database": connection.vendor,
            "availability": bench_availability(),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    _print(results)
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
