"""Throttling for landlord credentials: failed attempts, and each landlord's request rate.

Issue #8 (finding 2): fifty wrong credentials from one address used to lock
every landlord behind that address out for five minutes, because the address
budget was checked before the credential. Now the credential is verified first
(a SHA-256 and an indexed lookup — cheap) and:

* a credential that verifies is never refused for anybody's failures; it has
  its own budget, the per-landlord request rate (`hit`);
* a credential that does not verify counts against two budgets kept apart —
  per credential prefix (10 per 5 min, whatever address it comes from, so
  changing address does not buy more guesses at one prefix) and per client
  address (50 per 5 min, whatever prefix) — and once either is spent, further
  failures answer 429 with `Retry-After` instead of 401.

Credentials are `bpl_` + 32 random bytes, so the budgets cannot make guessing
harder than the key space already does; they tell a misconfigured or hostile
client to slow down, and stop one client from spending another's budget.

Counters are fixed windows from the `limits` package: in Redis when a URL is
given (shared by every replica), in process memory otherwise (embedded default).
Identifiers are hashed before they are used as keys, so no IP address or
credential fragment lands in Redis.

When the counter store cannot be reached (Redis gone for a while), the throttle
fails open and says so in the log: a verified landlord's notice is accepted, a
failed credential still gets its 401. Refusing every notice (a 500 per request,
found by `tests/test_fault_drills.py`) would stop the notices that protect
people's homes for the sake of a counter; the credential check itself never
depends on Redis. Counting resumes when the store answers again.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.errors import StorageError

__all__ = ["CredentialThrottle", "TooManyAttempts", "TooManyRequests"]

log = logging.getLogger(__name__)


class TooManyAttempts(Exception):
    """Too many failed credential attempts; retry after `retry_after` s."""

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


def _storage(redis_url: str | None, namespace: str) -> Storage:
    if redis_url:
        # redis-py (already a dependency) rather than the package's default client.
        return RedisStorage(
            redis_url,
            implementation="redispy",
            wrap_exceptions=True,  # any client failure arrives as limits' StorageError
            key_prefix=namespace,
            socket_timeout=2,
            socket_connect_timeout=2,
        )
    return MemoryStorage()


def _store_unavailable(exc: StorageError) -> None:
    """Fail open (module docstring); the error's type only, never a key or address."""
    log.warning(
        "rate-limit store unavailable; request not counted",
        extra={"error_type": type(exc.storage_error).__name__},
    )


class CredentialThrottle:
    """Failure budgets per credential prefix and per address, and a rate per landlord.

    `refuse_failure(prefix, address)` is called after a credential did not verify:
    it counts the failure on both budgets, and raises `TooManyAttempts` when
    either was already spent (so after `max_failures` failures of one prefix the
    next one is refused). `hit(landlord_id, limit_per_minute)` counts a verified
    request and raises `TooManyRequests` above the limit.
    """

    def __init__(
        self,
        redis_url: str | None = None,
        *,
        max_failures: int = 10,
        max_failures_per_address: int | None = None,
        window_seconds: int = 300,
        namespace: str = "bostad:landlord-auth",
    ) -> None:
        self.max_failures = max_failures
        self.max_failures_per_address = max_failures_per_address or max_failures * 5
        self.window_seconds = window_seconds
        self.namespace = namespace
        self._storage = _storage(redis_url, namespace)
        self._limiter = FixedWindowRateLimiter(self._storage)
        self._per_prefix = RateLimitItemPerSecond(max_failures, window_seconds, "prefix")
        self._per_address = RateLimitItemPerSecond(
            self.max_failures_per_address, window_seconds, "address"
        )

    async def _retry_after(self, item: RateLimitItem, key: str) -> int:
        stats = await self._limiter.get_window_stats(item, key)
        return max(math.ceil(stats.reset_time - time.time()), 1)

    async def refuse_failure(self, prefix: str, address: str) -> None:
        """Count a failed credential; raise `TooManyAttempts` if a budget was already spent."""
        spent = None
        try:
            for item, key in (
                (self._per_prefix, _digest(prefix)),
                (self._per_address, _digest(address)),
            ):
                if not await self._limiter.hit(item, key) and spent is None:
                    spent = (item, key)
            if spent is not None:
                retry_after = await self._retry_after(*spent)
        except StorageError as exc:
            _store_unavailable(exc)
            return
        if spent is not None:
            raise TooManyAttempts(retry_after=retry_after)

    async def hit(self, landlord_id: str, limit_per_minute: int = 600) -> None:
        item = RateLimitItemPerMinute(limit_per_minute, 1, "rate")
        key = _digest(landlord_id)
        try:
            if await self._limiter.hit(item, key):
                return
            retry_after = await self._retry_after(item, key)
        except StorageError as exc:
            _store_unavailable(exc)
            return
        raise TooManyRequests(retry_after=retry_after)

    async def close(self) -> None:
        if isinstance(self._storage, MemoryStorage):
            await self._storage.reset()
            return
        # Never reset() Redis: the counters are shared with every other replica.
        client = getattr(getattr(self._storage, "bridge", None), "storage", None)
        if client is not None:
            await client.aclose()
