"""Landlord credential throttling against real Redis, and the in-process fallback."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from bostad_common.auth.landlord_rate_limit import (
    CredentialThrottle,
    TooManyAttempts,
    TooManyRequests,
)


# The Redis variant needs a Redis server; the in-process one runs anywhere.
@pytest.fixture(params=[pytest.param("redis", marks=pytest.mark.integration), "memory"])
async def make_throttle(request: pytest.FixtureRequest) -> AsyncIterator[object]:
    redis_url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    namespace = f"test:throttle:{uuid.uuid4().hex}"
    created: list[CredentialThrottle] = []

    def factory(**kwargs: int) -> CredentialThrottle:
        url = redis_url if request.param == "redis" else None
        throttle = CredentialThrottle(url, namespace=namespace, **kwargs)
        created.append(throttle)
        return throttle

    yield factory
    for throttle in created:
        await throttle.close()
    if request.param == "redis":
        client = aioredis.from_url(redis_url)
        keys = [key async for key in client.scan_iter(f"{namespace}:*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


async def test_eleventh_failed_attempt_of_a_prefix_is_refused(make_throttle) -> None:  # type: ignore[no-untyped-def]
    throttle = make_throttle()
    for n in range(10):  # from ten addresses: changing address buys no more guesses
        await throttle.refuse_failure("bpl_hsb_", f"203.0.113.{n}")
    with pytest.raises(TooManyAttempts) as info:
        await throttle.refuse_failure("bpl_hsb_", "203.0.113.99")
    assert 0 < info.value.retry_after <= 300
    # Another prefix from a fresh address is unaffected.
    await throttle.refuse_failure("bpl_sbf_", "203.0.113.100")


async def test_an_address_has_its_own_budget_across_prefixes(make_throttle) -> None:  # type: ignore[no-untyped-def]
    throttle = make_throttle(max_failures=3, max_failures_per_address=5)
    for n in range(5):
        await throttle.refuse_failure(f"bpl_{n:04d}", "198.51.100.7")
    with pytest.raises(TooManyAttempts):
        await throttle.refuse_failure("bpl_9999", "198.51.100.7")
    await throttle.refuse_failure("bpl_9999", "198.51.100.8")


async def test_the_window_expires(make_throttle) -> None:  # type: ignore[no-untyped-def]
    throttle = make_throttle(max_failures=2, window_seconds=1)
    for _ in range(2):
        await throttle.refuse_failure("k", "a")
    with pytest.raises(TooManyAttempts):
        await throttle.refuse_failure("k", "a")
    await asyncio.sleep(1.2)
    await throttle.refuse_failure("k", "a")


async def test_replicas_share_the_counter(make_throttle) -> None:  # type: ignore[no-untyped-def]
    first, second = make_throttle(max_failures=3), make_throttle(max_failures=3)
    await first.refuse_failure("k", "a")
    await second.refuse_failure("k", "a")
    await first.refuse_failure("k", "a")
    if first._storage.__class__.__name__ == "RedisStorage":
        with pytest.raises(TooManyAttempts):
            await second.refuse_failure("k", "a")
    else:
        await second.refuse_failure("k", "a")  # in-process stores are per process, as documented


async def test_per_landlord_request_rate(make_throttle) -> None:  # type: ignore[no-untyped-def]
    throttle = make_throttle()
    if time.time() % 60 > 58:  # don't straddle a minute boundary
        await asyncio.sleep(2.5)
    for _ in range(5):
        await throttle.hit("landlord-hsb", limit_per_minute=5)
    with pytest.raises(TooManyRequests) as info:
        await throttle.hit("landlord-hsb", limit_per_minute=5)
    assert 1 <= info.value.retry_after <= 60
    await throttle.hit("landlord-sbf", limit_per_minute=5)


@pytest.mark.integration
async def test_keys_do_not_contain_client_data(redis_url: str) -> None:
    namespace = f"test:throttle:{uuid.uuid4().hex}"
    throttle = CredentialThrottle(redis_url, namespace=namespace)
    client = aioredis.from_url(redis_url)
    try:
        await throttle.refuse_failure("llc_secret", "198.51.100.23")
        keys = [key.decode() async for key in client.scan_iter(f"{namespace}:*")]
        assert len(keys) == 2
        for key in keys:
            assert "198.51.100.23" not in key and "llc_secret" not in key
        await client.delete(*keys)
    finally:
        await throttle.close()
        await client.aclose()


async def test_an_unreachable_store_fails_open_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Redis gone: a verified landlord is not refused, a failure is not counted (no 500)."""
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    throttle = CredentialThrottle(f"redis://127.0.0.1:{port}/0", max_failures=1)
    try:
        for _ in range(3):
            await throttle.hit("landlord:1", limit_per_minute=1)
            await throttle.refuse_failure("bpl_abc", "10.0.0.1")
    finally:
        await throttle.close()
    warnings = [r for r in caplog.records if "rate-limit store unavailable" in r.getMessage()]
    assert len(warnings) == 6
