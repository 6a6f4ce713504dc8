"""Sixty-four patients press "Book this visit" for the same time at once, against the site served
by gunicorn (several workers, several threads each): one gets the visit, the others the page that
says the time was just taken and offers the nearest free times. Never a 500, never two visits.

The booking form is limited to 30 POSTs an hour per address (config.ratelimit). In a deployment
the patients come through a proxy that reports each one's address; so they do here: the server
runs with PORTAL_TRUSTED_PROXIES=1 and each patient's requests carry their own X-Forwarded-For.
The limiter is unchanged and still counts (in this test's Redis).
"""

import threading
import time
from email.message import Message

from scheduling.models import Appointment

from .helpers import Visitor, bookable_clinic, free_slot_starts, make_patients
from .processes import Response

PATIENTS = 64
ROUNDS = 3
TAKEN = "We could not book that time."
NEAREST = "The nearest free times:"


def _all_at_once(site, visitors, clinic, service, start) -> list:
    """Every visitor posts the booking form for `start` at the same moment."""
    results: list = [None] * len(visitors)
    ready = threading.Barrier(len(visitors))

    def press(index: int, visitor: Visitor) -> None:
        ready.wait()
        try:
            results[index] = visitor.book(site, clinic, service, start)
        except OSError as error:  # no answer at all: a failure of the site, shown as status 0
            results[index] = Response(0, Message(), repr(error))

    threads = [
        threading.Thread(target=press, args=(index, visitor))
        for index, visitor in enumerate(visitors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return results


def test_sixty_four_patients_book_one_time_at_once_and_one_gets_it(site_env, processes, figures):
    clinic, service = bookable_clinic()
    starts = free_slot_starts(clinic, service, count=ROUNDS)
    visitors = [
        Visitor(person.user, number) for number, person in enumerate(make_patients(PATIENTS))
    ]
    site = processes.gunicorn({**site_env, "PORTAL_TRUSTED_PROXIES": "1"}, workers=3, threads=4)

    round_seconds = []
    for start in starts:
        began = time.monotonic()
        results = _all_at_once(site, visitors, clinic, service, start)
        round_seconds.append(round(time.monotonic() - began, 1))

        statuses = sorted(response.status for response in results)
        assert statuses == [200] * (PATIENTS - 1) + [302], statuses
        winner = next(i for i, response in enumerate(results) if response.status == 302)
        visit = Appointment.objects.get(clinic=clinic, starts_at=start)
        assert visit.patient.user == visitors[winner].user
        assert results[winner].headers["Location"] == f"/portal/appointments/{visit.id}/"
        for index, response in enumerate(results):
            if index != winner:
                page = response.text
                assert TAKEN in page and NEAREST in page, page[:2000]
                assert page.count(">Take ") >= 1  # the nearest free times, one press each
    assert Appointment.objects.filter(clinic=clinic).count() == ROUNDS
    assert not site.started.says("Internal Server Error")
    figures.update(
        patients=PATIENTS,
        gunicorn="3 workers x 4 threads",
        seconds_for_all_answers_of_each_round=round_seconds,
    )
