import pytest
from django.test import Client

from tests.factories import ClinicFactory, patient, treats


@pytest.fixture
def clinic(db):
    clinic = ClinicFactory(name="Arroyo Test", phone="+16265550142")
    treats(clinic, "fibromyalgia", "ptsd", "crps", "depression")
    return clinic


@pytest.fixture
def me(db):
    return patient(legal_first_name="Dana", legal_last_name="Morales")


@pytest.fixture
def portal(me) -> Client:
    client = Client()
    client.force_login(me.user)
    return client
