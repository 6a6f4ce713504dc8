import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_healthz_reports_ok_when_database_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client, settings):
    # Nothing listens on port 1 of this machine: a real refused connection, not a mock.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails_and_leaks_no_detail(client, monkeypatch):
    from config import health

    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection to server at 10.0.0.5 failed: secret detail")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "error", "broker": "ok"}
    assert b"secret detail" not in response.content


def test_healthz_answers_only_get(client):
    assert client.post("/healthz").status_code == 405
