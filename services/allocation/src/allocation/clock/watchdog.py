"""Background task: clock warnings (`DecisionNotExecutedWarning`) and `IvoReportDue` per period."""

from __future__ import annotations

import asyncio
import logging
from datetime import date

from allocation.clock import service
from allocation.config import allocation_settings
from allocation.periods import quarter_of
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import ServiceContext
from bostad_common.workdays import to_stockholm

log = logging.getLogger(__name__)


async def check_once(ctx: ServiceContext, *, today: date | None = None) -> tuple[int, int]:
    """One pass; returns (warnings sent, periods announced)."""
    today = today or to_stockholm(utcnow()).date()
    async with unit_of_work(ctx.sessions) as session:
        bind_principal(session, SYSTEM)
        warnings = await service.send_due_warnings(session, today=today)
    async with unit_of_work(ctx.sessions) as session:
        bind_principal(session, SYSTEM)
        announced = await service.announce_finished_periods(
            session,
            period=quarter_of(today).previous(),
            as_of=today,
            pseudonym_key=ctx.settings.pseudonym_key,
        )
    if warnings or announced:
        log.info("clock checked", extra={"warnings": warnings, "periods": announced})
    return warnings, announced


async def clock_watchdog(ctx: ServiceContext) -> None:
    interval = allocation_settings(ctx).clock_check_interval_seconds
    while True:
        await check_once(ctx)
        await asyncio.sleep(interval)
