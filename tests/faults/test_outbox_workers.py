"""The outbox with real Celery processes: a worker killed in the middle of a sweep, and two beats
running at once. What counts is what the provider was handed (tests.faults.backends): every
message, once; a repeat only where patients/outbox.py says one can happen, and then under the
same name, which the provider recognises.

tests/patients/test_outbox.py shows the same rules in one process (two sweeps in two threads, a
row left "sending"); these are the multi-process versions, over the broker.
"""

import datetime as dt
import time
from collections import Counter

from django.db.models import F
from django.utils import timezone

from patients.models import OutboundMessage
from patients.outbox import SENDING_TIMEOUT
from tests.factories import ClinicFactory

from .helpers import (
    daytime_zone,
    emails_written,
    expected_hand_overs,
    hand_overs,
    make_patients,
    message_id,
    outbox_notices,
    provider_name,
    sweep_now,
    text_file_stem,
    texts_written,
)
from .processes import wait_until

Status = OutboundMessage.Status
EMAIL, SMS = OutboundMessage.Channel.EMAIL, OutboundMessage.Channel.SMS


def _statuses() -> Counter:
    return Counter(OutboundMessage.objects.values_list("status", flat=True))


def _handed_count(fault_dir) -> int:
    return sum(hand_overs(fault_dir).values())


def _all_sent(total: int):
    return lambda: _statuses()[Status.SENT] == total


def _assert_provider_files(fault_dir, messages) -> None:
    """One text file a key and one .eml a Message-ID: the demo providers keep the first of a
    key, as a provider taking an idempotency key does, whatever was handed over twice."""
    texts = {text_file_stem(m.idempotency_key) for m in messages if m.channel == SMS}
    assert texts_written(fault_dir) == texts
    emails = Counter(message_id(m.idempotency_key) for m in messages if m.channel == EMAIL)
    assert emails_written(fault_dir) == emails


def test_a_worker_killed_mid_sweep_loses_nothing_and_repeats_only_the_messages_in_flight(
    site_env, processes, redis_server, fault_dir, figures
):
    clinic = ClinicFactory(time_zone=daytime_zone())
    people = make_patients(30, texts=True)
    # Two sweeps, each in its own process of the worker's pool, each stalling at its STALL-th
    # hand-over (the provider has the message and never answers). The first sweep takes the
    # first half; the second half is queued once the first is stuck, with the texts first, so
    # that one sweep is stuck on an email and the other on a text.
    stall = 15
    worker = processes.worker(
        {**site_env, "FAULTS_STALL_AFTER": str(stall)}, name="doomed", concurrency=2
    )
    # Due a second ago: each row is a few milliseconds after the one before, and a sweep that
    # starts within those milliseconds (a loaded machine's worker is quick to pick up the task)
    # would find the last ones not due yet.
    due = timezone.now() - dt.timedelta(seconds=1)
    messages = outbox_notices(people[:15], clinic, due_from=due)
    sweep_now(redis_server.url)
    wait_until(
        lambda: _handed_count(fault_dir) >= stall,
        timeout=120,
        what="the first sweep",
        log=worker.log,
    )
    messages += outbox_notices(people[15:], clinic, due_from=due, text_first=True)
    sweep_now(redis_server.url)
    wait_until(
        lambda: _handed_count(fault_dir) >= 2 * stall,
        timeout=120,
        what="the second",
        log=worker.log,
    )
    total = len(messages)

    worker.kill()

    # Mid-sweep: each sweep had claimed its half; those before the stuck message went out, the
    # stuck one was handed over and never marked sent, the rest wait, claimed by the dead.
    assert _statuses() == {Status.SENT: 2 * (stall - 1), Status.SENDING: total - 2 * (stall - 1)}
    handed_before_kill = hand_overs(fault_dir)
    marked_sent = {
        (m.channel, provider_name(m)) for m in OutboundMessage.objects.filter(status=Status.SENT)
    }
    in_flight = set(handed_before_kill) - marked_sent
    assert sorted(channel for channel, _ in in_flight) == [EMAIL, SMS]

    second = processes.worker(site_env, name="second")
    sweep_now(redis_server.url)
    wait_until(lambda: second.says("succeeded in"), timeout=60, what="a sweep", log=second.log)
    # Too soon to call the claimed rows lost: the new worker sends none of them.
    assert "'claimed': 0" in second.log.read_text()
    assert hand_overs(fault_dir) == handed_before_kill

    # SENDING_TIMEOUT later, as the clock would have it.
    OutboundMessage.objects.filter(status=Status.SENDING).update(
        claimed_at=F("claimed_at") - SENDING_TIMEOUT - dt.timedelta(minutes=1)
    )
    sweep_now(redis_server.url)
    wait_until(_all_sent(total), timeout=120, what="every message to be sent", log=second.log)

    # Nothing lost; the two in flight at the kill were handed over again, the others once, and
    # neither repeat left a second copy: the providers know the key (text) and the Message-ID.
    assert hand_overs(fault_dir) == expected_hand_overs(messages) + Counter(in_flight)
    _assert_provider_files(fault_dir, messages)
    figures.update(
        messages=total,
        sent_before_kill=2 * (stall - 1),
        claimed_by_the_dead_worker=total - 2 * (stall - 1),
        handed_over_but_not_marked_sent_at_kill=len(in_flight),
    )


def test_two_beats_at_once_send_each_message_once(site_env, processes, fault_dir, figures):
    clinic = ClinicFactory(time_zone=daytime_zone())
    people = make_patients(60, texts=True)
    # A provider that takes a moment for each message, so that sweeps overlap.
    env = {**site_env, "FAULTS_SEND_SECONDS": "0.02"}
    workers = [processes.worker(env, name=f"worker{n}", concurrency=2, wait=False) for n in (1, 2)]
    beats = [processes.beat(env, name=f"beat{n}", wait=False) for n in (1, 2)]
    for started in workers + beats:
        started.wait_ready()
    began = time.monotonic()
    # Due over the next seconds, so that many sweeps of both beats find work.
    messages = outbox_notices(
        people, clinic, due_from=timezone.now(), spread=dt.timedelta(seconds=6)
    )
    total = len(messages)

    wait_until(_all_sent(total), timeout=120, what="every message to be sent")
    took = time.monotonic() - began
    # Both beats go on sweeping for a while over rows already sent: nothing may go twice.
    sweeps_so_far = sum(worker.count("succeeded in") for worker in workers)
    wait_until(
        lambda: sum(worker.count("succeeded in") for worker in workers) >= sweeps_so_far + 6,
        timeout=60,
        what="six more sweeps",
    )
    for beat in beats:
        beat.stop()

    assert hand_overs(fault_dir) == expected_hand_overs(messages)
    _assert_provider_files(fault_dir, messages)
    sent_by_beat = [beat.count("Sending due task sweep-outbox") for beat in beats]
    swept_by_worker = [worker.count("succeeded in") for worker in workers]
    assert min(sent_by_beat) >= 3, sent_by_beat  # two beats, both at work
    assert min(swept_by_worker) >= 1, swept_by_worker
    figures.update(
        messages=total,
        sweeps_asked_by_each_beat=sent_by_beat,
        sweeps_run_by_each_worker=swept_by_worker,
        seconds_until_all_sent=round(took, 1),
    )
