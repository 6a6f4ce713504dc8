"""The public clinic pages: the finder, ZIP distance, the clinic page and its query counts."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from clinic.models import ClinicMembership
from tests.factories import (
    ClinicFactory,
    ClosureFactory,
    OpeningHoursFactory,
    PackageFactory,
    ServiceFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db

# Real ZIP centres: the order of distances from 91101 (Pasadena) is fixed by geography.
PLACES = {
    "pasadena": ("91101", "CA", "Pasadena", "34.1468", "-118.1391", "America/Los_Angeles"),
    "scottsdale": ("85251", "AZ", "Scottsdale", "33.4936", "-111.9210", "America/Phoenix"),
    "allen": ("75013", "TX", "Allen", "33.1186", "-96.6774", "America/Chicago"),
}


def clinic_in(place: str, **fields):
    zip_code, state, city, lat, lon, zone = PLACES[place]
    return ClinicFactory(
        zip_code=zip_code, state=state, city=city, latitude=Decimal(lat), longitude=Decimal(lon),
        time_zone=zone, **fields,
    )  # fmt: skip


def names_in_order(response) -> list[str]:
    return [card.clinic.name for card in response.context["cards"]]


def test_zip_search_lists_the_nearest_clinic_first_with_its_distance(client):
    clinic_in("allen", name="North Texas")
    clinic_in("pasadena", name="Pasadena")
    clinic_in("scottsdale", name="Scottsdale")

    response = client.get(reverse("clinic:list"), {"q": "91106"})  # Pasadena, east side

    assert names_in_order(response) == ["Pasadena", "Scottsdale", "North Texas"]
    distances = [card.distance_miles for card in response.context["cards"]]
    assert distances[0] < 5
    assert 300 < distances[1] < 400
    assert 1200 < distances[2] < 1300
    assert "miles away" in response.content.decode()


def test_zip_search_from_texas_reverses_the_order(client):
    clinic_in("allen", name="North Texas")
    clinic_in("pasadena", name="Pasadena")
    clinic_in("scottsdale", name="Scottsdale")

    response = client.get(reverse("clinic:list"), {"q": "75002"})

    assert names_in_order(response) == ["North Texas", "Scottsdale", "Pasadena"]


def test_unknown_zip_says_so_at_the_field_and_keeps_the_input(client):
    clinic_in("pasadena", name="Pasadena")

    response = client.get(reverse("clinic:list"), {"q": "00000"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "We could not find the ZIP code 00000" in page
    assert 'value="00000"' in page
    assert names_in_order(response) == ["Pasadena"]  # everything is still listed below


def test_text_search_matches_city_or_name_and_state_filter_narrows(client):
    clinic_in("allen", name="Prairie Light")
    clinic_in("pasadena", name="Arroyo")
    clinic_in("scottsdale", name="Desert Bloom")

    assert names_in_order(client.get(reverse("clinic:list"), {"q": "allen"})) == ["Prairie Light"]
    assert names_in_order(client.get(reverse("clinic:list"), {"q": "bloom"})) == ["Desert Bloom"]
    assert names_in_order(client.get(reverse("clinic:list"), {"state": "CA"})) == ["Arroyo"]


def test_inactive_clinics_are_not_listed_or_served(client):
    hidden = clinic_in("pasadena", name="Closed for good", is_active=False)

    assert names_in_order(client.get(reverse("clinic:list"))) == []
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_state_filter_offers_only_states_with_clinics(client):
    clinic_in("allen")

    response = client.get(reverse("clinic:list"))

    choices = [code for code, _ in response.context["finder"].fields["state"].choices]
    assert choices == ["", "TX"]


def test_clinic_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    def make(count: int) -> None:
        for _ in range(count):
            clinic = clinic_in("pasadena")
            OpeningHoursFactory(clinic=clinic)
            ClosureFactory(clinic=clinic, date=dt.datetime.now(dt.UTC).date())

    make(2)
    # states, clinics, count for pagination, hours, closures
    with django_assert_num_queries(5):
        first = client.get(reverse("clinic:list"), {"q": "91101"})
    make(15)
    with django_assert_num_queries(5):
        second = client.get(reverse("clinic:list"), {"q": "91101"})

    assert len(first.context["cards"]) == 2
    assert len(second.context["cards"]) == 17


def test_clinic_list_paginates(client):
    for _ in range(23):
        clinic_in("allen")

    page_two = client.get(reverse("clinic:list"), {"q": "allen", "page": 2})

    assert len(page_two.context["cards"]) == 3
    assert "Page 2 of 2" in page_two.content.decode()


@pytest.fixture
def pasadena():
    clinic = clinic_in("pasadena", name="Arroyo Test Clinic", phone="+16265550142")
    for day in range(5):
        OpeningHoursFactory(clinic=clinic, weekday=day, opens_at=dt.time(8), closes_at=dt.time(12))
        OpeningHoursFactory(clinic=clinic, weekday=day, opens_at=dt.time(13), closes_at=dt.time(18))
    ClosureFactory(clinic=clinic, date=dt.date(2026, 11, 26), reason="Thanksgiving Day")
    infusion = ServiceFactory(clinic=clinic, name="IV ketamine infusion", price=Decimal("495"))
    ServiceFactory(clinic=clinic, name="Initial consultation", price=Decimal("0"),
                   kind="consultation", observation_minutes=0)  # fmt: skip
    PackageFactory(service=infusion, name="Six-infusion series", sessions=6, price=Decimal("2520"))
    doctor = staff_member(clinic, ClinicMembership.Role.PHYSICIAN)
    doctor.staff_profile.display_name = "Dr. Ada Test"
    doctor.staff_profile.credentials = "MD"
    doctor.staff_profile.save()
    desk = staff_member(clinic, ClinicMembership.Role.FRONT_DESK)
    desk.staff_profile.display_name = "Front Desk Person"
    desk.staff_profile.save()
    return clinic


@time_machine.travel(dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.UTC), tick=False)
def test_clinic_page_shows_hours_in_local_time_and_open_now(client, pasadena):
    # Monday 09:30 PST
    page = client.get(pasadena.get_absolute_url()).content.decode()

    assert "Open now" in page
    assert "closes at 12:00 PM PST" in page
    assert "Pacific Time (PST)" in page
    assert "It is 9:30 AM there now" in page
    assert "8:00 AM – 12:00 PM" in page and "1:00 PM – 6:00 PM" in page
    assert "Thanksgiving Day" in page


@time_machine.travel(dt.datetime(2026, 11, 23, 20, 30, tzinfo=dt.UTC), tick=False)
def test_clinic_page_is_closed_over_lunch_and_says_when_it_reopens(client, pasadena):
    page = client.get(pasadena.get_absolute_url()).content.decode()

    assert "Closed now" in page
    assert "opens today at 1:00 PM PST" in page


@time_machine.travel(dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.UTC), tick=False)
def test_clinic_page_shows_prices_savings_team_and_contact(client, pasadena):
    page = client.get(pasadena.get_absolute_url()).content.decode()

    assert "$495" in page and "Free" in page
    assert "$2,520" in page and "Save 15 %" in page and "$2,970 if booked one at a time" in page
    assert "Dr. Ada Test, MD" in page
    assert "Front Desk Person" not in page  # the public team is the clinical team and managers
    assert 'href="tel:+16265550142"' in page
    assert "(626) 555-0142" in page
    assert "google.com/maps/search" in page


def test_clinic_page_carries_medical_clinic_json_ld(client, pasadena):
    page = client.get(pasadena.get_absolute_url()).content.decode()

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "MedicalClinic"
    assert data["name"] == "Arroyo Test Clinic"
    assert data["telephone"] == "+16265550142"
    assert data["address"]["postalCode"] == "91101"
    assert {"dayOfWeek": "https://schema.org/Monday", "opens": "08:00", "closes": "12:00",
            "@type": "OpeningHoursSpecification"} in data["openingHoursSpecification"]  # fmt: skip


def test_json_ld_cannot_be_broken_out_of(client, pasadena):
    pasadena.name = "</script><script>alert(1)</script>"
    pasadena.save()

    page = client.get(pasadena.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page


def test_clinic_page_runs_at_most_six_queries(client, pasadena, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(pasadena.get_absolute_url())
    assert response.status_code == 200


def test_unknown_clinic_is_a_404(client):
    assert client.get("/clinics/no-such-clinic/").status_code == 404


def test_home_lists_clinics_and_links_to_the_finder(client, pasadena):
    page = client.get("/").content.decode()

    assert "Arroyo Test Clinic" in page
    assert reverse("clinic:list") in page


@pytest.mark.parametrize("path", ["/privacy/", "/terms/", "/accessibility/"])
def test_footer_pages_exist(client, path):
    assert client.get(path).status_code == 200
