"""Demo data (BOSTAD_DEMO_DATA=1): an application in every state, see demo_data.py."""

from __future__ import annotations

from bostad_common.service import ServiceContext


async def demo_data_hook(ctx: ServiceContext) -> None:
    if ctx.settings.demo_data:
        from intake.demo_data import load_demo_data

        await load_demo_data(ctx)
