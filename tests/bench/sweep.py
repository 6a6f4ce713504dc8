"""The outbox sweep over 100,000 due messages, by two real Celery workers at once.

Messages are reminders of future visits, by email and by text, to patients who consented to
both. Their clinic's zone is one where it is daytime now: a text in the clinic's night would be
deferred to the morning, and the bench would wait for nothing. The runner keeps a few sweep tasks
queued until no message is pending or sending, then reads back what the demo backends wrote:
Message-IDs of the .eml files, and the keys the recording SMS backend logged for every call.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections import Counter
from decimal import Decimal
from pathlib import Path

from amqp.exceptions import ChannelError
from django.conf import settings
from django.utils import timezone

from clinic.models import Brand, Clinic, ClinicMembership, Service
from patients.models import CommunicationConsent, OutboundMessage, User
from scheduling.models import Appointment

from .processes import children, rss_mb, start_celery_worker, stop, wait_for_workers
from .seed import bench_patients

SMS_EVERY = 3  # one message in three is a text
VISITS = 500
SWEEP_TIMEOUT = 600  # seconds; a sweep slower than this is reported as unfinished
QUEUE_DEPTH = 4  # sweep tasks kept waiting, so a worker never waits for the next one


def daytime_zone(now: dt.datetime) -> str:
    """A real time zone in which it is now about 1 p.m."""
    zones = sorted(
        name
        for name in zoneinfo.available_timezones()
        if name.split("/")[0] in {"America", "Europe", "Asia", "Pacific", "Africa", "Australia"}
    )

    def distance(name: str) -> float:
        local = now.astimezone(zoneinfo.ZoneInfo(name))
        return abs(local.hour + local.minute / 60 - 13)

    return min(zones, key=distance)


def _sweep_clinic(now: dt.datetime) -> tuple[Clinic, list[Appointment]]:
    brand = Brand.objects.create(name="Bench", slug="bench")
    clinic = Clinic.objects.create(
        brand=brand,
        name="Bench Sweep Clinic",
        slug="bench-sweep",
        street="1 Bench St",
        city="Pasadena",
        state="CA",
        zip_code="91101",
        phone="+16265550100",
        email="sweep@bench.example",
        time_zone=daytime_zone(now),
        short_description="Benchmark clinic",
    )
    nurse = User.objects.create_user("sweep.nurse@bench.example", None, is_staff=True)
    ClinicMembership.objects.create(user=nurse, clinic=clinic, role="nurse")
    service = Service.objects.create(
        clinic=clinic,
        kind="infusion",
        name="Infusion",
        slug="infusion",
        duration_minutes=50,
        observation_minutes=10,
        price=Decimal("500"),
    )
    patients = bench_patients(VISITS, prefix="sweep", phone=True)
    CommunicationConsent.objects.bulk_create(
        CommunicationConsent(patient=p, channel=channel, granted=True, method="staff")
        for p in patients
        for channel in ("email", "sms")
    )
    first = now + dt.timedelta(days=3)
    visits = Appointment.objects.bulk_create(
        Appointment(
            clinic=clinic,
            service=service,
            patient=patient,
            provider=nurse,
            starts_at=first + dt.timedelta(hours=i),
            ends_at=first + dt.timedelta(hours=i, minutes=50),
            provider_until=first + dt.timedelta(hours=i, minutes=50),
            chair_until=first + dt.timedelta(hours=i, minutes=50),
        )
        for i, patient in enumerate(patients)
    )
    return clinic, visits


def queue_messages(total: int, now: dt.datetime) -> list[str]:
    """`total` due reminders; returns their idempotency keys."""
    clinic, visits = _sweep_clinic(now)
    # Messages the booking run queued would be swept too: this scenario counts only its own.
    OutboundMessage.objects.all().delete()
    keys = []
    rows = []
    for i in range(total):
        visit = visits[i % len(visits)]
        channel = "sms" if i % SMS_EVERY == 0 else "email"
        key = f"reminder:{visit.id}:{i}h:{channel}"
        keys.append(key)
        rows.append(
            OutboundMessage(
                idempotency_key=key,
                kind="reminder",
                channel=channel,
                due_at=now - dt.timedelta(seconds=total - i),
                patient=visit.patient,
                appointment=visit,
                clinic=clinic,
            )
        )
    OutboundMessage.objects.bulk_create(rows, batch_size=5000)
    return keys


def delivered(log_dir: Path) -> Counter[str]:
    """How many times each idempotency key reached a backend, from the recording backends' logs
    (the demo backends keep one file a key, so their files would hide a repeat)."""
    counts: Counter[str] = Counter()
    suffix = f"@{settings.MESSAGE_ID_DOMAIN}>"
    for log in log_dir.glob("mailed-*.log"):
        for message_id in log.read_text().splitlines():
            # outbox._message_id: "<key with ':' as '.'@domain>"
            counts[f"email:{message_id.removeprefix('<').removesuffix(suffix)}"] += 1
    for log in log_dir.glob("sent-*.log"):
        for line in log.read_text().splitlines():
            counts[f"sms:{line.replace(':', '.')}"] += 1
    return counts


def _expected(keys: list[str]) -> Counter[str]:
    return Counter(
        f"{'sms' if key.endswith(':sms') else 'email'}:{key.replace(':', '.')}" for key in keys
    )


def bench_outbox(*, env: dict[str, str], work_dir: Path, total: int) -> dict:
    from config.celery_app import app
    from patients.tasks import sweep_outbox

    now = timezone.now()
    started_seeding = time.perf_counter()
    keys = queue_messages(total, now)
    seeded_in = time.perf_counter() - started_seeding
    print(f"  {total:,} due messages queued in {seeded_in:.1f} s", flush=True)
    mail_dir, sms_log_dir = Path(env["DJANGO_EMAIL_FILE_PATH"]), Path(env["BENCH_SMS_LOG_DIR"])
    app.control.purge()  # sweep kicks left by the booking run
    names = ["bench1", "bench2"]
    workers = [
        start_celery_worker(env=env, name=name, log=work_dir / f"{name}.log") for name in names
    ]
    unfinished = 0
    pending = OutboundMessage.objects.filter(status="pending")  # the partial index answers
    sending = OutboundMessage.objects.filter(status="sending")
    try:
        wait_for_workers(app, names)
        started = time.perf_counter()
        with app.connection_for_write() as broker:
            channel = broker.default_channel
            while pending.exists() or sending.exists():
                if time.perf_counter() - started > SWEEP_TIMEOUT:
                    unfinished = pending.count() + sending.count()
                    break
                try:
                    waiting = channel.queue_declare(queue="celery", passive=True).message_count
                except ChannelError:  # no queue yet: nothing waiting
                    waiting = 0
                for _ in range(QUEUE_DEPTH - waiting):
                    sweep_outbox.apply_async()
                time.sleep(0.5)
        elapsed = time.perf_counter() - started
        memory = {}
        for name, worker in zip(names, workers, strict=True):
            pool = children(worker.pid)
            memory[name] = {
                "main_mb": rss_mb(worker.pid),
                "pool_mb": max((rss_mb(pid) or 0 for pid in pool), default=None),
            }
    finally:
        for worker in workers:
            stop(worker)  # a warm shutdown: a sweep under way finishes its batch
    app.control.purge()
    status_of = dict(OutboundMessage.objects.values_list("idempotency_key", "status"))
    statuses = Counter(status_of.values())
    sent = delivered(sms_log_dir)
    expected = dict(zip(_expected(keys), keys, strict=True))
    duplicates = sum(n - 1 for n in sent.values() if n > 1)
    # Lost: the outbox is done with it (not pending or sending) yet no backend received it.
    lost = sum(
        1
        for counted, key in expected.items()
        if counted not in sent and status_of.get(key) not in ("pending", "sending")
    )
    unexpected = sum(1 for key in sent if key not in expected)
    reached = sum(1 for counted in expected if counted in sent)
    return {
        "messages": total,
        "sms_share": round(1 / SMS_EVERY, 2),
        "workers": "2 Celery workers (prefork, concurrency 1 each)",
        "seconds": round(elapsed, 1),
        "messages_per_s": round(reached / elapsed, 1),
        "unfinished": unfinished,
        "statuses": dict(statuses),
        "delivered": sum(sent.values()),
        "duplicates": duplicates,
        "lost": lost,
        "unexpected": unexpected,
        # The demo mail provider's files: one a Message-ID, as many as emails handed over.
        "email_files": sum(1 for _ in mail_dir.glob("*.eml")),
        "clinic_zone": Clinic.objects.get(slug="bench-sweep").time_zone,
        "worker_rss": memory,
    }
