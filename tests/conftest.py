"""Shared fixtures. Tests run against the real PostgreSQL and Redis that `make test` provides."""

import pytest
from django.test import Client

from tests.factories import PASSWORD


@pytest.fixture
def login_client():
    """A client signed in as the given user through the real login (allauth)."""

    def _login(user) -> Client:
        client = Client()
        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302, "login failed"
        return client

    return _login
