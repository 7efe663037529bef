"""Background task: emit `OutreachOverdue` for visits not made within 48 hours."""

from __future__ import annotations

import asyncio
import logging

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import ServiceContext
from eviction_prevention.config import eviction_settings
from eviction_prevention.outreach.service import flag_overdue_assignments

log = logging.getLogger(__name__)


async def check_once(ctx: ServiceContext) -> int:
    """One round; returns how many assignments were flagged."""
    total = 0
    while True:
        async with unit_of_work(ctx.sessions) as session:
            bind_principal(session, SYSTEM)
            flagged = await flag_overdue_assignments(session, now=utcnow())
        total += flagged
        if flagged < 100:  # the last batch was not full: nothing more is waiting
            break
    if total:
        log.info("outreach overdue flagged", extra={"count": total})
    return total


async def outreach_watchdog(ctx: ServiceContext) -> None:
    interval = eviction_settings(ctx).outreach_check_interval_seconds
    while True:
        await check_once(ctx)
        await asyncio.sleep(interval)
