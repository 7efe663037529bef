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


async def test_eleventh_failed_attempt_is_refused(make_throttle) -> None:  # type: ignore[no-untyped-def]
    throttle = make_throttle()
    key = "203.0.113.7|llc_hsb_"
    for _ in range(10):
        await throttle.check(key)
        await throttle.record_failure(key)
    with pytest.raises(TooManyAttempts) as info:
        await throttle.check(key)
    assert 0 < info.value.retry_after <= 300
    # Another client key is unaffected.
    await throttle.check("203.0.113.8|llc_hsb_")
    await throttle.check("203.0.113.7|llc_sbf_")
    # A success resets the key.
    await throttle.reset(key)
    await throttle.check(key)


async def test_check_reports_the_failures_so_far(make_throttle) -> None:  # type: ignore[no-untyped-def]
    throttle = make_throttle(max_failures=3)
    assert await throttle.check("k") == 0
    await throttle.record_failure("k")
    await throttle.record_failure("k")
    assert await throttle.check("k") == 2
    await throttle.reset("k")
    assert await throttle.check("k") == 0


async def test_the_window_expires(make_throttle) -> None:  # type: ignore[no-untyped-def]
    throttle = make_throttle(max_failures=2, window_seconds=1)
    for _ in range(2):
        await throttle.record_failure("k")
    with pytest.raises(TooManyAttempts):
        await throttle.check("k")
    await asyncio.sleep(1.2)
    await throttle.check("k")


async def test_replicas_share_the_counter(make_throttle) -> None:  # type: ignore[no-untyped-def]
    first, second = make_throttle(max_failures=3), make_throttle(max_failures=3)
    await first.record_failure("k")
    await second.record_failure("k")
    await first.record_failure("k")
    if first._store.__class__.__name__ == "_RedisCounters":
        with pytest.raises(TooManyAttempts):
            await second.check("k")
    else:
        await second.check("k")  # in-process stores are per process, as documented


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
        await throttle.record_failure("198.51.100.23|llc_secret")
        keys = [key.decode() async for key in client.scan_iter(f"{namespace}:*")]
        assert len(keys) == 1
        assert "198.51.100.23" not in keys[0] and "llc_secret" not in keys[0]
        await client.delete(*keys)
    finally:
        await throttle.close()
        await client.aclose()
