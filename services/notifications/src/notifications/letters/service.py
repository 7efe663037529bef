"""Letters: queue a rendered letter for print; read letters for staff."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.db_types import insert_if_absent, new_id, utcnow
from bostad_common.events.eviction import LetterRequestedV1
from notifications.letters.models import QUEUED_FOR_PRINT, Letter
from notifications.letters.render import TEMPLATES, render_letter


async def queue_letter(
    session: AsyncSession, *, event_id: str, kind: str, payload: BaseModel, today: date
) -> bool:
    """Render the letter the routing asked for and store it; False if already stored."""
    if kind != "letter":
        return False  # TODO(step 4): the rent warning and the no-queue letter
    assert isinstance(payload, LetterRequestedV1)
    request = payload
    body = render_letter(request, today=today)
    recipient = request.recipient
    return await insert_if_absent(
        session,
        Letter,
        {
            "id": new_id(),
            "district": request.district,
            "event_id": event_id,
            "case_id": request.case_id,
            "kind": request.letter,
            "template": TEMPLATES[request.letter],
            "status": QUEUED_FOR_PRINT,
            "recipient_name": recipient.name,
            "recipient_street": recipient.street,
            "recipient_postal_code": recipient.postal_code,
            "recipient_city": recipient.city,
            "recipient_apartment_number": recipient.apartment_number,
            "visit_at": _aware(request.visit_at),
            "body": body,
            "created_at": utcnow(),
        },
        unique=("event_id",),
    )


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)  # events carry UTC; a naive time is taken as UTC


async def letters_of_case(session: AsyncSession, case_id: str) -> Sequence[Letter]:
    """The case's letters, newest first (district-filtered by the session's principal)."""
    query = (
        select(Letter)
        .where(Letter.case_id == case_id)
        .order_by(Letter.created_at.desc(), Letter.id)  # type: ignore[attr-defined]
    )
    return (await session.execute(query)).scalars().all()


async def get_letter(session: AsyncSession, letter_id: str) -> Letter | None:
    return await session.get(Letter, letter_id)
