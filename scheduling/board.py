"""The day board: chairs and clinicians against the time of a clinic's day, each visit drawn in
the column of the chair and of the clinician it really has, with its clearance.

A table with row spans goes wrong silently when two cells claim one slot: every later cell of
the row slides one column to the right. So nothing is ever placed over something else; a visit
that cannot be drawn where it runs (its chair or clinician has no column, or its slot is taken
on the board) is listed beside the board, never dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from math import ceil

from clinic.models import Clinic, ClinicMembership
from patients.selectors import clearances

from .availability import SLOT_STEP, wall_instant
from .models import Appointment, Chair


@dataclass
class Board:
    columns: list[tuple[str, object, str]]  # (kind, key, label)
    rows: list[tuple[dt.datetime, list]]  # (local time, cells: (visit, span) or None)
    visits: list[Appointment]  # each with .clearance (patients.selectors.Clearance)
    off_board: list[tuple[Appointment, str]] = field(default_factory=list)  # (visit, why)


def day_board(*, clinic: Clinic, day: dt.date) -> Board:
    zone = clinic.zone
    hours = [row for row in clinic.opening_hours.all() if row.weekday == day.weekday()]
    opens = min((row.opens_at for row in hours), default=dt.time(8))
    closes = max((row.closes_at for row in hours), default=dt.time(18))
    day_start = wall_instant(day, dt.time(0), zone)
    day_end = wall_instant(day + dt.timedelta(days=1), dt.time(0), zone)
    visits = list(
        Appointment.objects.filter(clinic=clinic, starts_at__lt=day_end, chair_until__gt=day_start)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("patient", "service", "provider__staff_profile", "chair")
        .order_by("starts_at", "created_at")
    )
    # The opening hours, widened to any visit booked outside them (staff may do so).
    start = min([wall_instant(day, opens, zone), *(max(v.starts_at, day_start) for v in visits)])
    end = max([wall_instant(day, closes, zone), *(min(v.chair_until, day_end) for v in visits)])
    start = day_start + SLOT_STEP * int((start - day_start) / SLOT_STEP)  # on the quarter-hour grid
    times = []
    moment = start
    while moment < end:
        times.append(moment)
        moment += SLOT_STEP

    columns = _columns(clinic)
    index = {(kind, key): number for number, (kind, key, _label) in enumerate(columns)}
    grid: dict[tuple[int, int], tuple | None] = {}  # (column, row) -> (visit, span); None: covered
    off_board: list[tuple[Appointment, str]] = []
    for visit in visits:
        for kind, key, until in (
            ("chair", visit.chair_id, visit.chair_until),
            ("provider", visit.provider_id, visit.ends_at),
        ):
            if key is None:
                continue
            column = index.get((kind, key))
            if column is None:
                off_board.append((visit, _no_column(kind, visit)))
                continue
            first = max(0, int((visit.starts_at - start) / SLOT_STEP))
            span = max(1, ceil((min(until, end) - max(visit.starts_at, start)) / SLOT_STEP))
            span = min(span, len(times) - first)
            cells = [(column, row) for row in range(first, first + span)]
            if any(cell in grid for cell in cells):
                off_board.append((visit, _overlap(kind, visit)))
                continue
            grid[cells[0]] = (visit, span)
            grid.update(dict.fromkeys(cells[1:]))
    rows = []
    for number, moment in enumerate(times):
        cells = []
        for column in range(len(columns)):
            cell = grid.get((column, number), "empty")
            if cell is None:
                continue  # covered by a cell above
            cells.append(None if cell == "empty" else cell)
        rows.append((moment.astimezone(zone), cells))
    clearance = clearances(patient_ids={v.patient_id for v in visits}, clinic=clinic)
    for visit in visits:
        visit.clearance = clearance[visit.patient_id]
    return Board(columns=columns, rows=rows, visits=visits, off_board=off_board)


def _columns(clinic: Clinic) -> list[tuple[str, object, str]]:
    chairs = list(Chair.objects.filter(clinic=clinic, is_active=True))
    providers = [
        m.user
        for m in ClinicMembership.objects.filter(
            clinic=clinic,
            is_active=True,
            role__in=[ClinicMembership.Role.PHYSICIAN, ClinicMembership.Role.NURSE],
        )
        .select_related("user__staff_profile")
        .order_by("role", "user__last_name")
    ]
    return [("chair", c.pk, c.name) for c in chairs] + [
        ("provider", u.pk, _display_name(u)) for u in providers
    ]


def _display_name(user) -> str:
    return getattr(getattr(user, "staff_profile", None), "display_name", "") or str(user)


def _no_column(kind: str, visit: Appointment) -> str:
    if kind == "chair":
        return f"{visit.chair.name} is not an active chair"
    return f"{_display_name(visit.provider)} has no column (not a clinician here any more)"


def _overlap(kind: str, visit: Appointment) -> str:
    where = visit.chair.name if kind == "chair" else _display_name(visit.provider)
    return f"overlaps another visit of {where}"
