"""What the bench measures against: the real demo network, plus many patients and appointments.

Patients and appointments are written in bulk (the services would take minutes for 100,000
rows); they satisfy the same database constraints as booked ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Q

from clinic.models import Clinic, ClinicMembership, Service
from patients.models import PatientProfile, User
from scheduling.availability import Needs, available_slots
from scheduling.models import Appointment, Chair

WINDOW_DAYS = 14
FILL_PATIENTS = 400


def seed_demo_network() -> None:
    """The demo exactly as `manage.py seed_demo` loads it."""
    from django.contrib.auth.models import Group

    from clinic import roles
    from clinic.demo import seed_demo
    from clinic.demo_data import DEMO_DOMAIN, DEMO_PASSWORD
    from content.demo import seed_conditions, seed_content
    from patients.demo import seed_demo_patients
    from scheduling.demo import seed_demo_visits, seed_schedules

    if Group.objects.filter(name__in=[*roles.ROLE_PERMISSIONS]).count() < len(
        roles.ROLE_PERMISSIONS
    ):
        roles.roles_sync()
    seed_demo()
    seed_conditions()
    seed_schedules()
    seed_demo_patients(domain=DEMO_DOMAIN, password=DEMO_PASSWORD)
    seed_demo_visits()
    seed_content()


def bench_patients(count: int, *, prefix: str, phone: bool = False) -> list[PatientProfile]:
    """`count` patients who never sign in with a password (the bench gives them sessions)."""
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i}@bench.example", password=unusable) for i in range(count)
    )
    return PatientProfile.objects.bulk_create(
        (
            PatientProfile(
                user=user,
                legal_first_name="Bench",
                legal_last_name=f"{prefix.title()} {i}",
                date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=i % 7000),
                phone=f"+1626555{i % 10000:04d}" if phone else "",
            )
            for i, user in enumerate(users)
        ),
        batch_size=2000,
    )


def session_for(user: User) -> str:
    """A signed-in session, as django.contrib.auth.login leaves it: the cookie's value."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


# --- Booking: distinct free slots, one per request ----------------------------------------------


@dataclass(frozen=True)
class Booking:
    clinic_slug: str
    service_slug: str
    starts_at: dt.datetime
    session_key: str


def booking_plan(*, wanted: int, now: dt.datetime) -> list[Booking]:
    """In-person consultations at every demo clinic: starts a provider's whole booking apart, each
    taken as many times as it has free physicians, each by a different new patient. No booking
    can then take another's time, whatever order concurrent requests arrive in."""
    starts: list[tuple[Clinic, Service, dt.datetime]] = []
    for clinic in Clinic.objects.filter(is_active=True).order_by("slug"):
        service = clinic.services.filter(slug="consultation-in-person", is_active=True).first()
        if service is None:
            continue
        spacing = Needs.of(service).provider
        today = now.astimezone(clinic.zone).date()
        last = None
        for first_day, days in ((today, 62), (today + dt.timedelta(days=62), 28)):
            for slot in available_slots(
                clinic=clinic, service=service, first_day=first_day, days=days, now=now
            ):
                if last is not None and slot.starts_at < last + spacing:
                    continue
                last = slot.starts_at
                starts.extend((clinic, service, slot.starts_at) for _ in slot.provider_ids)
    # Interleave clinics and days so that concurrent requests spread like real traffic.
    starts.sort(key=lambda item: (item[2].date(), item[0].slug, item[2]))
    starts = starts[:wanted]
    patients = bench_patients(len(starts), prefix="booker")
    users = {u.pk: u for u in User.objects.filter(pk__in=[p.user_id for p in patients])}
    return [
        Booking(clinic.slug, service.slug, start, session_for(users[patient.user_id]))
        for (clinic, service, start), patient in zip(starts, patients, strict=True)
    ]


# --- A busy clinic: 1,000 or 100,000 appointments -----------------------------------------------


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _candidates(clinic, today, nurses, chairs) -> Iterator[tuple[dt.datetime, int, bool, str]]:
    """The same 14 days ahead every time (half the nurses' time booked, as a busy clinic's next
    fortnight), then alternately later in the future (booked, up to the 90-day horizon) and in
    the past (completed), so that a bigger table asks the same question of more rows. Each nurse
    every 50 minutes from 07:00, every third visit in a chair."""
    zone = clinic.zone

    def start(day: dt.date, slot: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(7), tzinfo=zone) + dt.timedelta(minutes=50 * slot)

    per_day = [(n, s) for n in range(len(nurses)) for s in range(12)]
    for offset in range(WINDOW_DAYS):
        day = today + dt.timedelta(days=offset)
        for nurse, slot in per_day:
            if slot % 2 == 0:
                yield start(day, slot), nurse, slot % 3 == 0, Appointment.Status.BOOKED
    future_days = 90 - WINDOW_DAYS
    for offset in range(10_000):
        if offset < future_days:
            day = today + dt.timedelta(days=WINDOW_DAYS + offset)
            status = Appointment.Status.BOOKED
            for nurse, slot in per_day:
                yield start(day, slot), nurse, slot % 3 == 0, status
        day = today - dt.timedelta(days=1 + offset)
        for nurse, slot in per_day:
            yield start(day, slot), nurse, slot % 3 == 0, Appointment.Status.COMPLETED


def fill_appointments(*, clinic: Clinic, service: Service, total: int, today: dt.date) -> int:
    """Replace the clinic's bench appointments with `total` new ones (the demo's own visits stay,
    and no new one overlaps them)."""
    patients = list(
        PatientProfile.objects.filter(user__email__startswith="fill").order_by("legal_last_name")
    )
    if not patients:
        patients = bench_patients(FILL_PATIENTS, prefix="fill")
    Appointment.objects.filter(clinic=clinic, patient__in=patients).delete()
    nurses = list(
        ClinicMembership.objects.filter(clinic=clinic, role="nurse", is_active=True)
        .order_by("user__email")
        .values_list("user_id", flat=True)
    )
    chairs = list(Chair.objects.filter(clinic=clinic, is_active=True).order_by("name"))
    existing = list(
        Appointment.objects.filter(
            Q(provider_id__in=nurses) | Q(chair__in=chairs), status__in=Appointment.ACTIVE
        ).values_list("provider_id", "chair_id", "starts_at", "provider_until", "chair_until")
    )
    length = dt.timedelta(minutes=50)
    rows: list[Appointment] = []
    for start, nurse_index, with_chair, status in _candidates(clinic, today, nurses, chairs):
        if len(rows) == total:
            break
        provider_id = nurses[nurse_index]
        chair = chairs[nurse_index % len(chairs)] if with_chair else None
        chair_until = start + (dt.timedelta(minutes=105) if with_chair else length)
        if status == Appointment.Status.BOOKED and any(
            (p == provider_id and _overlaps(start, start + length, s, pu))
            or (chair is not None and c == chair.pk and _overlaps(start, chair_until, s, cu))
            for p, c, s, pu, cu in existing
        ):
            continue
        rows.append(
            Appointment(
                clinic=clinic,
                service=service,
                patient=patients[len(rows) * 7 % len(patients)],
                provider_id=provider_id,
                chair=chair,
                starts_at=start,
                ends_at=start + length,
                provider_until=start + length,
                chair_until=chair_until,
                status=status,
            )
        )
    Appointment.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE scheduling_appointment")
    return len(rows)
