"""Is the Celery broker (Redis) reachable? Answered in well under a second, with no retries:
for /healthz, and before asking a worker to sweep the outbox now (when the answer is no, the
message simply waits for beat's next sweep)."""

from __future__ import annotations

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry


def broker_reachable(timeout: float = 0.5) -> bool:
    url = settings.CELERY_BROKER_URL
    if url.startswith("redis+socket://"):
        path = url.removeprefix("redis+socket://").split("?")[0]
        client = redis.Redis(
            unix_socket_path=path,
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
    else:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
        )
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()
