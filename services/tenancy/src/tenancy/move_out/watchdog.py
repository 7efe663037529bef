"""Background task: publish `MoveOutStepOverdue` for steps past their deadline (once each)."""

from __future__ import annotations

import asyncio
import logging

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import ServiceContext
from bostad_common.workdays import now_stockholm
from tenancy.config import tenancy_settings
from tenancy.move_out.service import flag_overdue

log = logging.getLogger(__name__)


async def overdue_once(ctx: ServiceContext) -> int:
    async with unit_of_work(ctx.sessions) as session:
        bind_principal(session, SYSTEM)
        flagged = await flag_overdue(session, today=now_stockholm().date(), now=utcnow())
    if flagged:
        log.info("move-out steps overdue", extra={"count": flagged})
    return flagged


async def move_out_watchdog(ctx: ServiceContext) -> None:
    interval = tenancy_settings(ctx).move_out_check_interval_seconds
    if interval <= 0:
        return
    while True:
        await overdue_once(ctx)
        await asyncio.sleep(interval)
