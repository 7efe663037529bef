"""Demo data (BOSTAD_DEMO_DATA=1): filled in below."""

from __future__ import annotations

from bostad_common.service import ServiceContext
from intake.config import IntakeSettings


async def demo_data_hook(ctx: ServiceContext) -> None:
    if IntakeSettings().demo_data or ctx.extras.get("demo_data"):
        from intake.demo_data import load_demo_data

        await load_demo_data(ctx)
