"""The journal: append-only day notes; a correction points at what it corrects."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.http_errors import FieldErrors
from intake.applications.models import Application
from intake.journal.models import JournalEntry


async def write(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    text: str,
    corrects_entry_id: str | None,
    now: datetime,
) -> JournalEntry:
    if corrects_entry_id is not None:
        corrected = await session.get(JournalEntry, corrects_entry_id)
        if corrected is None or corrected.application_id != application.id:
            raise FieldErrors(
                [
                    {
                        "field": "corrects_entry_id",
                        "message": "no such entry in this application's journal",
                    }
                ]
            )
    entry = JournalEntry(
        district=application.district,
        application_id=application.id,
        written_at=now,
        written_by=actor.name,
        text=text,
        corrects_entry_id=corrects_entry_id,
    )
    session.add(entry)
    await session.flush()
    return entry


async def entries(
    session: AsyncSession, application_id: str, *, limit: int, offset: int
) -> tuple[list[JournalEntry], int, dict[str, list[str]]]:
    """A page of entries, oldest first, with which later entries correct each."""
    total = (
        await session.execute(
            select(func.count())
            .select_from(JournalEntry)
            .where(JournalEntry.application_id == application_id)
        )
    ).scalar_one()
    page = list(
        (
            await session.execute(
                select(JournalEntry)
                .where(JournalEntry.application_id == application_id)
                .order_by(JournalEntry.written_at, JournalEntry.id)
                .limit(limit)
                .offset(offset)
            )
        ).scalars()
    )
    corrections: dict[str, list[str]] = {}
    rows = await session.execute(
        select(JournalEntry.corrects_entry_id, JournalEntry.id).where(
            JournalEntry.application_id == application_id,
            JournalEntry.corrects_entry_id.is_not(None),  # type: ignore[union-attr]
        )
    )
    for corrected, correcting in rows:
        corrections.setdefault(corrected, []).append(correcting)
    return page, total, corrections
