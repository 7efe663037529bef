"""Background task: take the dunning steps due today in every district, every interval.

Idempotent (one step per arrears episode), so running it hourly only makes
sure the step is taken the day it falls due, also after a restart.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import select

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.service import ServiceContext
from bostad_common.workdays import now_stockholm
from tenancy.arrears.service import run_dunning
from tenancy.config import tenancy_settings
from tenancy.districts.models import DistrictConfig

log = logging.getLogger(__name__)


async def dunning_once(ctx: ServiceContext) -> int:
    today = now_stockholm().date()
    async with unit_of_work(ctx.sessions) as session:
        codes = list((await session.execute(select(DistrictConfig.code))).scalars())
    total = 0
    for code in codes:  # one transaction per district: one district's failure stops no other
        async with unit_of_work(ctx.sessions) as session:
            bind_principal(session, SYSTEM)
            result = await run_dunning(session, district=code, as_of=today)
        total += result.steps_taken
    if total:
        log.info("dunning steps taken", extra={"count": total})
    return total


async def dunning_watchdog(ctx: ServiceContext) -> None:
    interval = tenancy_settings(ctx).dunning_check_interval_seconds
    if interval <= 0:  # switched off (tests that run the ladder on their own dates)
        return
    while True:
        await dunning_once(ctx)
        await asyncio.sleep(interval)
