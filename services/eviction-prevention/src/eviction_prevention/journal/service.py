"""Journal entries and attachments of a case. Functions flush, never commit."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import NotFound
from bostad_common.http_errors import FieldErrors
from bostad_common.workdays import to_stockholm
from eviction_prevention.cases.models import Case
from eviction_prevention.journal import rules
from eviction_prevention.journal.models import Attachment, JournalEntry


async def entries(session: AsyncSession, case_id: str) -> list[JournalEntry]:
    result = await session.execute(
        select(JournalEntry)
        .where(JournalEntry.case_id == case_id)
        .order_by(JournalEntry.written_at)  # type: ignore[arg-type]
    )
    return list(result.scalars())


async def write_entry(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    text: str,
    day: date | None,
    corrects: str | None,
    now: datetime,
) -> JournalEntry:
    """Add a day note; a correction names the entry it corrects (which stays as it was)."""
    today = to_stockholm(now).date()
    if day is not None and day > today:
        raise FieldErrors([{"field": "day", "message": "must not be in the future"}])
    if corrects is not None:
        corrected = (
            await session.execute(
                select(JournalEntry.id).where(
                    JournalEntry.id == corrects, JournalEntry.case_id == case.id
                )
            )
        ).scalar_one_or_none()
        if corrected is None:
            raise FieldErrors([{"field": "corrects", "message": "no such entry on this case"}])
    entry = JournalEntry(
        case_id=case.id,
        district=case.district,
        day=day or today,
        text=text,
        corrects_entry_id=corrects,
        written_by=actor.name,
        written_at=now,
    )
    session.add(entry)
    await session.flush()
    return entry


async def add_attachment(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    kind: str,
    filename: str,
    content_type: str,
    content: bytes,
    description: str | None,
    now: datetime,
) -> Attachment:
    errors = rules.check_attachment(content_type, content)
    if errors:
        raise FieldErrors(errors)
    attachment = Attachment(
        case_id=case.id,
        district=case.district,
        kind=kind,
        filename=filename,
        content_type=content_type.split(";")[0].strip().lower(),
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        description=description,
        uploaded_by=actor.name,
        uploaded_at=now,
        content=content,
    )
    session.add(attachment)
    await session.flush()
    return attachment


async def attachments(session: AsyncSession, case_id: str) -> list[Attachment]:
    result = await session.execute(
        select(Attachment)
        .options(defer(Attachment.content))  # type: ignore[arg-type]
        .where(Attachment.case_id == case_id)
        .order_by(Attachment.uploaded_at)  # type: ignore[arg-type]
    )
    return list(result.scalars())


async def get_attachment(session: AsyncSession, case_id: str, attachment_id: str) -> Attachment:
    attachment = (
        await session.execute(
            select(Attachment).where(Attachment.id == attachment_id, Attachment.case_id == case_id)
        )
    ).scalar_one_or_none()
    if attachment is None:
        raise NotFound("attachment not found")
    return attachment
