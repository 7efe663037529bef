"""Publishing intake's events: through the outbox, in the use case's own transaction.

Every event about one application is keyed by the application id, so a
consumer sees an application's events in order (registered, approved,
granted, ended).
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.events import make_event
from bostad_common.messaging import add_to_outbox

EVENT_SOURCE = "/bostad/intake"


async def publish(
    session: AsyncSession, payload: BaseModel, *, application_id: str, district: str
) -> None:
    await add_to_outbox(
        session,
        make_event(payload, source=EVENT_SOURCE, subject=application_id, district=district),
    )
