"""The landlord-notice subscriber's wiring, with FastStream's in-memory TestKafkaBroker.

No broker, no PostgreSQL: the app is built on its embedded default (SQLite in a
temporary var/), so this runs in `pytest -m "not integration"`. End to end over
the real broker: test_kafka.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from faststream.kafka import TestKafkaBroker
from sqlalchemy import select

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import migrate, unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.events.topics import LANDLORD_NOTICES
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_devkit.eviction_kit import notice_body
from eviction_prevention.app import DEFINITION
from eviction_prevention.landlords import service as landlords
from eviction_prevention.notices.handlers import GROUP_ID
from eviction_prevention.notices.models import Notice


async def test_a_landlord_notice_on_kafka_becomes_a_notice(tmp_path: Path) -> None:
    settings = Settings(environment="test", var_dir=tmp_path, kafka_bootstrap="127.0.0.1:1")
    ctx = create_app(DEFINITION, settings=settings).state.ctx
    try:
        await migrate(ctx.engine, DEFINITION.migrations_dir)
        wired = [s for s in ctx.broker.subscribers if LANDLORD_NOTICES.name in s.topic_names]
        assert [s.group_id for s in wired] == [GROUP_ID]

        async with unit_of_work(ctx.sessions) as session:
            bind_principal(session, SYSTEM)
            landlord, _ = await landlords.register_landlord(
                session, name="HSB Test", district_codes=["bromma"], now=utcnow()
            )
        body = {**notice_body(), "landlord_id": landlord.id}
        async with TestKafkaBroker(ctx.broker) as broker:
            await broker.publish(
                json.dumps(body).encode(),
                topic=LANDLORD_NOTICES.name,
                key=f"{landlord.id}:{body['external_id']}".encode(),
            )

        async with unit_of_work(ctx.sessions) as session:
            bind_principal(session, SYSTEM)
            notices = (await session.execute(select(Notice))).scalars().all()
        assert [(n.landlord_id, n.external_id, n.channel) for n in notices] == [
            (landlord.id, body["external_id"], "kafka")
        ]
    finally:
        await ctx.engine.dispose()
