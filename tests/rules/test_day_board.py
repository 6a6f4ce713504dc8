"""Rule 10: the board shows the truth. Every visit is drawn in the column of the chair and of
the clinician it really has (read back from the table as a browser lays it out, row spans
included), with its clearance; a visit that cannot be drawn is listed, never dropped."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from scheduling.models import Appointment, Chair
from scheduling.visits import visit_advance
from tests.factories import patient, staff_member
from tests.rules.conftest import NOW, TUESDAY_9
from tests.scheduling.conftest import Role, booked

pytestmark = pytest.mark.django_db


class _Table(HTMLParser):
    """The board's table as a grid: (row, column) -> text, row spans laid out."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.cells: dict[tuple[int, int], str] = {}
        self._row = -1
        self._column = 0
        self._in: str | None = None
        self._span = 1
        self._text: list[str] = []
        self._in_board = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "board" in (attrs.get("class") or ""):
            self._in_board = True
        if not self._in_board:
            return
        if tag == "tr":
            self._row += 1
            self._column = 0
        elif tag in ("th", "td"):
            self._in, self._text = tag, []
            self._span = int(attrs.get("rowspan", 1))

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_board = False
        if not self._in_board or tag not in ("th", "td") or self._in is None:
            return
        text = " ".join("".join(self._text).split())
        if self._row == 0:
            self.headers.append(text)
        else:
            while (self._row, self._column) in self.cells:
                self._column += 1  # covered by a cell spanning from above
            for row in range(self._row, self._row + self._span):
                self.cells[(row, self._column)] = text
            self._column += 1
        self._in = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def columns_of(self, text: str) -> set[str]:
        return {self.headers[col] for (_row, col), cell in self.cells.items() if text in cell}


def _board(world, day="2026-11-10") -> tuple[_Table, str]:
    page = world.staff_client(world.manager).get(
        reverse("admin:scheduling_board"), {"clinic": world.clinic.pk, "date": day}
    )
    html = page.content.decode()
    table = _Table()
    table.feed(html)
    return table, html


def _label(user) -> str:
    return user.staff_profile.display_name or str(user)


def test_each_visit_is_drawn_under_its_own_chair_and_clinician(world):
    nurses = [m.user for m in world.clinic.memberships.filter(role="nurse")]
    chairs = list(Chair.objects.filter(clinic=world.clinic))
    service = world.infusion
    first = booked(service, TUESDAY_9, who=nurses[1], chair=chairs[1], person=world.cleared)
    second = booked(service, TUESDAY_9, who=nurses[0], chair=chairs[0], person=world.waiting)
    later = booked(
        service, TUESDAY_9 + dt.timedelta(hours=2), who=nurses[1], chair=chairs[0],
        status="completed", person=patient(legal_first_name="Ada", legal_last_name="Quill"),
    )  # fmt: skip

    table, html = _board(world)

    for visit in (first, second, later):
        name = visit.patient.legal_name
        assert table.columns_of(name) == {visit.chair.name, _label(visit.provider)}, name
    # Every row is exactly as wide as the header: nothing slid out of the table.
    width = len(table.headers)
    assert all(col < width for _row, col in table.cells)
    assert "Not drawn on the board" not in html


def test_each_infusion_shows_whether_the_patient_is_cleared(world):
    nurses = [m.user for m in world.clinic.memberships.filter(role="nurse")]
    chairs = list(Chair.objects.filter(clinic=world.clinic))
    booked(world.infusion, TUESDAY_9, who=nurses[0], chair=chairs[0], person=world.cleared)
    waiting = booked(
        world.infusion, TUESDAY_9, who=nurses[1], chair=chairs[1], person=world.waiting
    )

    table, _html = _board(world)

    cleared_cell = next(t for t in table.cells.values() if world.cleared.legal_name in t)
    waiting_cell = next(t for t in table.cells.values() if world.waiting.legal_name in t)
    assert "Cleared" in cleared_cell and "Not cleared" not in cleared_cell
    assert "Not cleared: Submitted" in waiting_cell
    visit_page = world.staff_client(world.manager).get(
        reverse("admin:scheduling_appointment_change", args=[waiting.pk])
    )
    assert "Not cleared: Submitted" in visit_page.content.decode()
    # And the nurse cannot start it until a physician clears the intake.
    with pytest.raises(Exception, match="not cleared"):
        visit_advance(appointment=waiting, action="check_in", by=world.desk, now=TUESDAY_9)
        visit_advance(appointment=waiting, action="start", by=nurses[1], now=TUESDAY_9)


def test_a_visit_that_cannot_be_drawn_is_listed_not_dropped(world):
    nurses = [m.user for m in world.clinic.memberships.filter(role="nurse")]
    retired = Chair.objects.create(clinic=world.clinic, name="Old bay", is_active=False)
    former = staff_member(world.clinic, Role.NURSE)
    former.clinic_memberships.update(is_active=False)
    in_old_bay = booked(
        world.infusion, TUESDAY_9, who=nurses[0], chair=retired,
        person=patient(legal_first_name="Ada", legal_last_name="Quill"),
    )  # fmt: skip
    with_former = booked(world.consultation, TUESDAY_9, who=former, person=world.cleared)

    table, html = _board(world)

    assert "Not drawn on the board below" in html
    assert "Old bay is not an active chair" in html
    assert "has no column" in html
    for visit in (in_old_bay, with_former):
        assert f"/admin/scheduling/appointment/{visit.pk}/change/" in html
    assert table.columns_of(in_old_bay.patient.legal_name) == {_label(nurses[0])}
    assert Appointment.objects.count() == 2 and NOW < TUESDAY_9
