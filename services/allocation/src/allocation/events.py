"""Publishing this service's events: into the outbox, in the use case's transaction."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.events import make_event
from bostad_common.messaging import add_to_outbox

EVENT_SOURCE = "/bostad/allocation"


async def publish(
    session: AsyncSession, payload: BaseModel, *, subject: str, district: str
) -> None:
    """Subject is the aggregate id (the Kafka key), so one round's events stay in order."""
    await add_to_outbox(
        session, make_event(payload, source=EVENT_SOURCE, subject=subject, district=district)
    )
