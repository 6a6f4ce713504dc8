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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached values live in the real Redis; each test starts without those of
    the tests before it. Only this run's keys (its own prefix) are removed, never a whole db."""
    from django.conf import settings
    from django.core.cache import cache

    yield
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)
