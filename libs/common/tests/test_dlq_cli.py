"""The operator's dead-letter commands, against a broker of their own."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest
from aiokafka import AIOKafkaConsumer

from bostad_common.events.topics import LANDLORD_NOTICES
from bostad_common.kafka_admin import ensure_topics
from bostad_common.messaging import send_to_dlq
from bostad_devkit.broker_process import free_port, start_broker, stop_process

pytestmark = pytest.mark.integration


async def run_cli(bootstrap: str, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bostad_common.messaging.dlq_cli",
        *args,
        env={**os.environ, "BOSTAD_KAFKA_BOOTSTRAP": bootstrap},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, stdout.decode()


async def test_list_shows_reasons_not_bodies_and_replay_puts_letters_back() -> None:
    from faststream.kafka import KafkaBroker

    port = free_port()
    broker_process = start_broker(port)
    bootstrap = f"127.0.0.1:{port}"
    try:
        await ensure_topics(bootstrap, names=[LANDLORD_NOTICES.name, LANDLORD_NOTICES.dlq])
        broker = KafkaBroker(bootstrap)
        await broker.start()
        try:
            await send_to_dlq(
                broker,
                topic=LANDLORD_NOTICES,
                value=b'{"tenant": {"name": "Tolvan Tolvansson"}}',
                key=b"landlord-1:EXT-1",
                headers={},
                error="unknown landlord",
                consumer="eviction-prevention.notices",
            )
        finally:
            await broker.stop()

        code, listed = await run_cli(bootstrap, "list", LANDLORD_NOTICES.name)
        assert code == 0
        [letter] = [json.loads(line) for line in listed.splitlines()]
        assert letter["error"] == "unknown landlord"
        assert letter["key"] == "landlord-1:EXT-1"
        assert "Tolvan" not in listed

        code, replayed = await run_cli(bootstrap, "replay", LANDLORD_NOTICES.name)
        assert code == 0 and json.loads(replayed)["replayed"] == 1
        code, again = await run_cli(bootstrap, "replay", LANDLORD_NOTICES.dlq)
        assert json.loads(again)["replayed"] == 0  # each letter goes back once

        consumer = AIOKafkaConsumer(
            LANDLORD_NOTICES.name, bootstrap_servers=bootstrap, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            batch = await consumer.getmany(timeout_ms=10_000)
            values = [m.value for messages in batch.values() for m in messages]
            assert values == [b'{"tenant": {"name": "Tolvan Tolvansson"}}']
        finally:
            await consumer.stop()
    finally:
        stop_process(broker_process)


async def test_unknown_topic_is_refused() -> None:
    code, _ = await run_cli("127.0.0.1:1", "list", "no.such.topic")
    assert code == 2


async def test_dead_letters_written_in_one_batch_are_all_listed() -> None:
    """Tansu reports a partition's end inside the last batch; none may be skipped."""
    from aiokafka import AIOKafkaProducer

    port = free_port()
    broker_process = start_broker(port)
    bootstrap = f"127.0.0.1:{port}"
    try:
        await ensure_topics(bootstrap, names=[LANDLORD_NOTICES.name, LANDLORD_NOTICES.dlq])
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=200)
        await producer.start()
        try:
            sent = [
                await producer.send(
                    LANDLORD_NOTICES.dlq,
                    b"{}",
                    key=f"landlord-1:EXT-{i}".encode(),
                    headers=[("error", b"unknown landlord")],
                )
                for i in range(5)
            ]
            await producer.flush()
            await asyncio.gather(*sent)
        finally:
            await producer.stop()

        code, listed = await run_cli(bootstrap, "list", LANDLORD_NOTICES.name)
        assert code == 0
        keys = sorted(json.loads(line)["key"] for line in listed.splitlines())
        assert keys == [f"landlord-1:EXT-{i}" for i in range(5)]
    finally:
        stop_process(broker_process)
