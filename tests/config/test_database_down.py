"""While the database cannot be reached, pages answer a kind 503 (config.database_down), never a
500; /healthz keeps saying which part is down. The outage here is real: the connection is pointed
at a port where nothing listens, so connecting is refused as it is when PostgreSQL is stopped.
tests/faults/test_postgres_restart.py shows the same with a real server stopped and restarted."""

import logging

import pytest
from django.db import OperationalError, connection
from django.urls import path

from config.health import healthz

KIND_WORDS = "The portal cannot reach its records just now."


def _lost_the_database_midway(request):
    # What psycopg raises when the server is shut down during a query.
    raise OperationalError("terminating connection due to administrator command: secret detail")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("midway", _lost_the_database_midway),
]


@pytest.fixture
def database_down(django_db_blocker, monkeypatch):
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
        yield
        connection.close()


def _assert_kind_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert KIND_WORDS in body
    assert 'href="tel:988"' in body
    assert "Traceback" not in body


def test_pages_answer_a_kind_503_while_the_database_is_down(client, database_down, caplog):
    caplog.set_level(logging.INFO)

    _assert_kind_503(client.get("/"))
    _assert_kind_503(client.get("/clinics/"))

    # One line a request, nothing from the driver.
    assert [r.getMessage() for r in caplog.records] == [
        "database unavailable (OperationalError): answered 503"
    ] * 2


def test_a_signed_in_visitor_gets_the_503_not_a_500_from_the_session_lookup(client, database_down):
    # The session middleware would load this session from the database first of all.
    client.cookies["sessionid"] = "k" * 32

    _assert_kind_503(client.get("/portal/"))
    _assert_kind_503(client.post("/book/any-clinic/any-service/confirm/", {"reason": "x"}))


def test_healthz_still_reports_the_database_by_itself(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "error", "broker": "ok"}


@pytest.mark.urls(__name__)
def test_a_view_losing_the_database_midway_gets_the_503_and_the_log_leaks_nothing(
    client, django_db_blocker, caplog
):
    caplog.set_level(logging.INFO)

    with django_db_blocker.unblock():  # the database answers the check before the view
        response = client.get("/midway")

    _assert_kind_503(response)
    assert "secret detail" not in caplog.text


def test_the_database_is_back_and_so_is_the_page(client, transactional_db, monkeypatch):
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    assert client.get("/clinics/").status_code == 503
    monkeypatch.undo()

    # No restart: the next request connects again.
    assert client.get("/clinics/").status_code == 200
