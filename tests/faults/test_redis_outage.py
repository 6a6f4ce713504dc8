"""Redis stops while patients book. Redis is the Celery broker and the cache (rate limits) of the
site, as in a deployment; PostgreSQL holds the bookings and the outbox. Patients book through the
site with Redis down and see their visit; once Redis is back, beat's sweep sends each
confirmation, once.

tests/patients/test_outbox.py shows the same in one process with the broker address refused;
this is the real thing: gunicorn, a Celery worker and beat, and a redis-server stopped and
started again (empty, as a cache-only Redis comes back after a crash).
"""

import time
from collections import Counter

from patients.models import OutboundMessage

from .helpers import (
    Visitor,
    bookable_clinic,
    emails_written,
    expected_hand_overs,
    free_slot_starts,
    hand_overs,
    make_patients,
    message_id,
)
from .processes import wait_until

PATIENTS = 4


def test_bookings_while_redis_is_down_succeed_and_are_confirmed_once_when_it_is_back(
    site_env, processes, redis_server, fault_dir, figures
):
    clinic, service = bookable_clinic()
    starts = free_slot_starts(clinic, service, count=PATIENTS)
    visitors = [Visitor(p.user, n) for n, p in enumerate(make_patients(PATIENTS))]
    site = processes.gunicorn(site_env, workers=2, threads=2, wait=False)
    worker = processes.worker(site_env, name="worker", wait=False)
    beat = processes.beat(site_env, name="beat", wait=False)
    for started in (site, worker, beat):
        started.wait_ready()

    redis_server.stop()
    down = time.monotonic()

    for visitor, start in zip(visitors, starts, strict=True):
        booked = visitor.book(site, clinic, service, start)
        assert booked.status == 302, booked.text[:2000]
        page = visitor.request(site, "GET", booked.headers["Location"])
        assert page.status == 200
        assert "Your visit is booked." in page.text
    confirmations = OutboundMessage.objects.filter(kind="booking_confirmation")
    assert sorted(confirmations.values_list("status", flat=True)) == ["pending"] * PATIENTS
    assert hand_overs(fault_dir) == Counter()
    assert site.started.says("outbox: broker unreachable, message left for the next sweep")
    # An outage longer than one retry of the worker's: it must go on trying.
    wait_until(
        lambda: worker.says("Trying again in") and worker.says("(2/100)"),
        timeout=60,
        what="the worker to retry the broker twice",
    )

    redis_server.start()
    back = time.monotonic()

    wait_until(
        lambda: confirmations.filter(status="sent").count() == PATIENTS,
        timeout=120,
        what="the confirmations once Redis is back",
        log=worker.log,
    )
    seconds_to_confirm = round(time.monotonic() - back, 1)
    # Beat goes on sweeping: nothing may go twice.
    asked = beat.count("Sending due task sweep-outbox")
    wait_until(
        lambda: beat.count("Sending due task sweep-outbox") >= asked + 3,
        timeout=60,
        what="three more sweeps",
    )
    assert hand_overs(fault_dir) == expected_hand_overs(confirmations)
    assert emails_written(fault_dir) == Counter(
        message_id(key) for key in confirmations.values_list("idempotency_key", flat=True)
    )
    assert not site.started.says("Internal Server Error")
    figures.update(
        bookings_while_redis_down=PATIENTS,
        seconds_redis_was_down=round(back - down, 1),
        seconds_from_redis_back_to_all_confirmations_sent=seconds_to_confirm,
    )
