"""Fixtures of the fault tests: a directory per test under var/faults/, the processes it starts
(ended at teardown whatever happened), a throwaway Redis, signed-in patients, and the figures
each test reports (var/faults/figures.json)."""

from __future__ import annotations

import json
import shutil

import pytest
from django.db import connection

from .processes import FAULTS_VAR, ProcessGroup, ThrowawayRedis, database_url


@pytest.fixture
def fault_dir(request):
    """var/faults/<test>/: logs, mail and text files of one test, kept until its next run."""
    name = request.node.name.removeprefix("test_")[:40]
    directory = FAULTS_VAR / name
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory


@pytest.fixture
def processes(fault_dir):
    group = ProcessGroup(fault_dir)
    try:
        yield group
    finally:
        group.close()


@pytest.fixture
def redis_server(fault_dir):
    """A Redis of this test's own, for the cache and as the Celery broker of its processes."""
    server = ThrowawayRedis(fault_dir / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def site_env(transactional_db, redis_server, processes):
    """The environment of a process serving the test database (committed rows, so that other
    processes see them; flushed after the test, once the processes are gone)."""
    return processes.env(
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=redis_server.url,
        CELERY_BROKER_URL=redis_server.url,
    )


@pytest.fixture
def figures(request):
    """What a test measured, printed and merged into var/faults/figures.json (never asserted:
    the suite asserts behaviour, `make bench` speed)."""
    measured: dict = {}
    yield measured
    if measured:
        path = FAULTS_VAR / "figures.json"
        everything = json.loads(path.read_text()) if path.exists() else {}
        everything[request.node.name] = measured
        path.write_text(json.dumps(everything, indent=2, sort_keys=True) + "\n")
        print(f"\n{request.node.name}: {json.dumps(measured)}")
