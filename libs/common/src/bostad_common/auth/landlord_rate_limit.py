"""Throttling for landlord credentials: failed attempts and per-landlord request rate.

Why custom (and small): Litestar's `RateLimitMiddleware` keys by client IP and
runs without knowing who the caller is. Here the two questions need other keys:

* failed credential checks, keyed by client IP + credential prefix — looked at
  *before* the (comparatively expensive) credential check, and counted only when
  the check fails, which a generic limiter cannot express;
* requests per authenticated landlord (`landlord_id`) — known only *after*
  authentication, so it cannot run in a middleware in front of auth, and an IP
  key would be wrong for landlords behind shared gateways.

Both are fixed windows counted in Redis (`INCR` + `EXPIRE`, one round trip in a
MULTI pipeline) so every replica of a service shares them; with no Redis URL
(embedded default) an in-process store with the same interface is used. Keys are
hashed before storage, so no IP address or credential fragment lands in Redis.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
from typing import Any

import redis.asyncio as aioredis

__all__ = ["CredentialThrottle", "TooManyAttempts", "TooManyRequests"]


class TooManyAttempts(Exception):
    """Too many failed credential attempts from this client; retry after `retry_after` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed attempts; retry after {retry_after} s")
        self.retry_after = retry_after


class TooManyRequests(Exception):
    """The landlord exceeded its request rate; retry after `retry_after` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limit exceeded; retry after {retry_after} s")
        self.retry_after = retry_after


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class _MemoryCounters:
    """Fixed-window counters in process memory (single-process embedded default)."""

    def __init__(self) -> None:
        self._counters: dict[str, tuple[int, float]] = {}
        self._lock = asyncio.Lock()

    def _prune(self, now: float) -> None:
        if len(self._counters) > 10_000:
            self._counters = {k: v for k, v in self._counters.items() if v[1] > now}

    async def get(self, key: str) -> tuple[int, int]:
        now = time.monotonic()
        count, expires = self._counters.get(key, (0, 0.0))
        if expires <= now:
            return 0, 0
        return count, math.ceil(expires - now)

    async def count(self, key: str) -> int:
        return (await self.get(key))[0]

    async def incr(self, key: str, ttl: int) -> tuple[int, int]:
        async with self._lock:
            now = time.monotonic()
            self._prune(now)
            count, expires = self._counters.get(key, (0, 0.0))
            if expires <= now:
                count, expires = 0, now + ttl
            count += 1
            self._counters[key] = (count, expires)
            return count, math.ceil(expires - now)

    async def delete(self, key: str) -> None:
        self._counters.pop(key, None)

    async def close(self) -> None:
        self._counters.clear()


class _RedisCounters:
    def __init__(self, url: str) -> None:
        self._client: Any = aioredis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    async def get(self, key: str) -> tuple[int, int]:
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.get(key)
            pipe.ttl(key)
            raw, ttl = await pipe.execute()
        return (int(raw) if raw is not None else 0), max(int(ttl), 0)

    async def count(self, key: str) -> int:
        raw = await self._client.get(key)
        return int(raw) if raw is not None else 0

    async def incr(self, key: str, ttl: int) -> tuple[int, int]:
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, ttl, nx=True)  # the window starts with the first event
            pipe.ttl(key)
            count, _, remaining = await pipe.execute()
        return int(count), max(int(remaining), 1)

    async def delete(self, key: str) -> None:
        await self._client.delete(key)

    async def close(self) -> None:
        await self._client.aclose()


class CredentialThrottle:
    """Failed-attempt throttle per client key, and a request rate limit per landlord.

    `check(key)` raises `TooManyAttempts` once `max_failures` failures were recorded for
    `key` within `window_seconds` (so the 11th attempt after 10 failures is refused), and
    otherwise returns the failures counted so far; `record_failure(key)` counts one;
    `reset(key)` clears after a success (needed only when `check` counted some).
    `hit(landlord_id, limit_per_minute)` counts a request and raises `TooManyRequests`
    above the limit.
    """

    def __init__(
        self,
        redis_url: str | None = None,
        *,
        max_failures: int = 10,
        window_seconds: int = 300,
        namespace: str = "bostad:landlord-auth",
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self.namespace = namespace
        self._store: _MemoryCounters | _RedisCounters = (
            _RedisCounters(redis_url) if redis_url else _MemoryCounters()
        )

    def _failure_key(self, client_key: str) -> str:
        return f"{self.namespace}:fail:{_digest(client_key)}"

    async def check(self, client_key: str) -> int:
        """Raise `TooManyAttempts` when the key is throttled; else return its failures so far.

        Every landlord request asks this: one GET; the TTL is read only when refusing.
        """
        key = self._failure_key(client_key)
        count = await self._store.count(key)
        if count >= self.max_failures:
            _, ttl = await self._store.get(key)
            raise TooManyAttempts(retry_after=max(ttl, 1))
        return count

    async def record_failure(self, client_key: str) -> None:
        await self._store.incr(self._failure_key(client_key), self.window_seconds)

    async def reset(self, client_key: str) -> None:
        await self._store.delete(self._failure_key(client_key))

    async def hit(self, landlord_id: str, limit_per_minute: int = 600) -> None:
        minute = int(time.time() // 60)
        key = f"{self.namespace}:rate:{_digest(landlord_id)}:{minute}"
        count, _ = await self._store.incr(key, 120)
        if count > limit_per_minute:
            raise TooManyRequests(retry_after=max(60 - int(time.time() % 60), 1))

    async def close(self) -> None:
        await self._store.close()
