"""The servers the bench starts (gunicorn, Celery workers): start, wait until ready, measure
memory, stop. Each is started in a session of its own and stopped by its own process id."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .load import Request, send

BIN = Path(sys.executable).parent
BASE_DIR = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    """Resident set size (VmRSS) of a process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            # The parent id is the 4th field, after the command name in parentheses.
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        # Its session holds only what it started (its workers): end them with it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def start_gunicorn(*, env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    """The site as `make run` serves it (config/gunicorn.py), with a fixed number of sync
    workers."""
    log.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi:application", "--config", "config/gunicorn.py"],
        cwd=BASE_DIR,
        env={**env, "PORT": str(port), "WEB_HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers)},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        with contextlib.suppress(OSError):
            status, _ = send("127.0.0.1", port, Request("GET", "/healthz"))
            if status == 200 and len(children(process.pid)) >= workers:
                return process
        time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"gunicorn did not answer /healthz in 90 s; see {log}")


def start_celery_worker(*, env: dict[str, str], name: str, log: Path) -> subprocess.Popen:
    """One worker as the Procfile starts it, with one pool process."""
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            str(BIN / "celery"),
            "--app",
            "config",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
            "--hostname",
            f"{name}@%h",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for_workers(app, names: list[str], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    wanted = set(names)
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        answered = {name.split("@")[0] for reply in replies for name in reply}
        if wanted <= answered:
            return
        time.sleep(0.5)
    raise RuntimeError(f"Celery workers {sorted(wanted)} did not answer in {timeout} s")
