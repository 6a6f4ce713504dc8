"""A small HTTP load driver: N client threads, each sending one request at a time over its own
connection (gunicorn's sync workers close every connection after one response), for a bounded
time and number of requests. Latency is measured from connecting to the last byte read."""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .stats import summary

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    expect: int = 200


def send(host: str, port: int, request: Request) -> tuple[int, float]:
    """One request on a new connection: (status, milliseconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request(request.method, request.path, body=request.body, headers=request.headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    finally:
        connection.close()
    return status, (time.perf_counter() - started) * 1000


def run_load(
    *,
    host: str,
    port: int,
    next_request: Callable[[], Request | None],
    clients: int,
    seconds: float,
    max_requests: int,
    warmup: int = 3,
) -> dict:
    """Requests from `next_request` (None: no more to send) by `clients` concurrent clients,
    until `seconds` have passed or `max_requests` were sent: latency percentiles, requests per
    second, and how many answers were not the expected status."""
    for _ in range(warmup):
        request = next_request()
        if request is not None:
            send(host, port, request)
    lock = threading.Lock()
    samples: list[float] = []
    statuses: Counter[int] = Counter()
    unexpected: list[int] = []
    budget = [max_requests]
    deadline = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
                request = next_request()
            if request is None:
                return
            try:
                status, elapsed = send(host, port, request)
            except OSError:
                status, elapsed = 0, 0.0
            with lock:
                statuses[status] += 1
                if status != request.expect:
                    unexpected.append(status)
                else:
                    samples.append(elapsed)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT_SECONDS + 5)
    wall = time.perf_counter() - started
    result = summary(samples) if samples else {"p50_ms": None, "p95_ms": None, "requests": 0}
    result.update(
        {
            "clients": clients,
            "requests_per_s": round(len(samples) / wall, 1) if wall else None,
            "seconds": round(wall, 2),
            "errors": len(unexpected),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
        }
    )
    return result


def repeat(request: Request) -> Callable[[], Request]:
    return lambda: request


def each_once(requests: list[Request]) -> Callable[[], Request | None]:
    """Every request once, in order (bookings: each takes its own slot); then no more."""
    remaining = iter(requests)
    return lambda: next(remaining, None)
