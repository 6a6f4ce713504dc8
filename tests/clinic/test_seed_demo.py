from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from clinic.demo_data import DEMO_PASSWORD
from clinic.models import Clinic

pytestmark = pytest.mark.django_db

COUNTED_APPS = ["clinic", "scheduling", "patients", "account"]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app_label in COUNTED_APPS
        for model in apps.get_app_config(app_label).get_models()
    }


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    first = row_counts()

    call_command("seed_demo", stdout=StringIO())

    assert row_counts() == first
    assert first["clinic.Clinic"] >= 3


def test_seed_demo_builds_clinics_in_three_zones_with_every_role():
    out = StringIO()
    call_command("seed_demo", stdout=out)

    zones = set(Clinic.objects.values_list("time_zone", flat=True))
    assert {"America/Los_Angeles", "America/Chicago", "America/Phoenix"} <= zones
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    for role in ["Network admin", "Marketer", "Clinic manager", "Physician", "Nurse", "Front desk"]:
        assert role in printed
    for clinic in Clinic.objects.all():
        assert clinic.latitude is not None, "placed at its ZIP centre"
        assert clinic.services.exists() and clinic.opening_hours.exists() and clinic.chairs.exists()


def test_demo_logins_can_sign_in(client):
    call_command("seed_demo", stdout=StringIO())

    response = client.post(
        "/accounts/login/",
        {"login": "manager.pasadena@demo.stillwater.example", "password": DEMO_PASSWORD},
    )

    # Staff have a second factor: the authenticator's code comes next.
    assert response["Location"] == "/accounts/2fa/authenticate/"
    email = "manager.pasadena@demo.stillwater.example"
    code = call_command_output("demo_code", email).split()[0]
    done = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert done["Location"] == "/admin/"  # staff land in the admin
    assert client.get("/admin/").status_code == 200


def call_command_output(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
