"""Letters: compose, render to PDF and store; move them through printed -> sent or cancelled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.directory import get_profile
from bostad_common.db_types import insert_if_absent, new_id, utcnow
from notifications.letters.letterhead import Letterhead, Sender, letterhead_for
from notifications.letters.models import CANCELLED, PRINTED, SENT, TO_PRINT, Letter
from notifications.letters.pdf import render_pdf
from notifications.letters.render import compose_letter, letter_kind


class LetterStateError(ValueError):
    """A status change the letter's current status does not allow; names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


async def sender_for(session: AsyncSession, payload: BaseModel, head: Letterhead) -> Sender | None:
    """The case's own caseworker when the event names one and the directory knows them."""
    person = getattr(payload, "responsible_caseworker", None)
    if not person:
        return None
    profile = await get_profile(session, person)
    if profile is None or not profile.active or not profile.name:
        return None
    return Sender(name=profile.name, title="Socialsekreterare", phone=profile.phone or head.phone)


async def queue_letter(
    session: AsyncSession,
    *,
    event_id: str,
    kind: str,
    payload: BaseModel,
    today: date,
    letterheads: Mapping[str, Letterhead] | None = None,
) -> bool:
    """Compose the letter routing asked for, render its PDF, store it; False if already stored."""
    stored_kind = letter_kind(kind, payload)
    district = str(getattr(payload, "district"))  # noqa: B009
    head = letterhead_for(district, dict(letterheads or {}))
    composed = compose_letter(
        stored_kind,
        payload,
        today=today,
        sender=await sender_for(session, payload, head),
        letterhead=head,
    )
    recipient = composed.recipient
    return await insert_if_absent(
        session,
        Letter,
        {
            "id": new_id(),
            "district": district,
            "event_id": event_id,
            "case_id": composed.case_id,
            "reference_id": composed.reference_id,
            "reference": composed.reference,
            "kind": stored_kind,
            "title": composed.spec.title,
            "template": composed.spec.template,
            "status": TO_PRINT,
            "registered_post": composed.spec.registered_post,
            "recipient_name": recipient.name,
            "recipient_street": recipient.street,
            "recipient_postal_code": recipient.postal_code,
            "recipient_city": recipient.city,
            "recipient_apartment_number": recipient.apartment_number,
            "person_ref": getattr(payload, "person_ref", None),
            "visit_at": _aware(getattr(payload, "visit_at", None)),
            "sender_name": composed.sender.name,
            "body": composed.text,
            "pdf": render_pdf(composed),
            "created_at": utcnow(),
        },
        unique=("event_id",),
    )


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)  # events carry UTC; a naive time is taken as UTC


async def find_letters(
    session: AsyncSession,
    *,
    reference_id: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Sequence[Letter]:
    """Newest first (district-filtered by the session's principal)."""
    query = select(Letter)
    if reference_id is not None:
        query = query.where(Letter.reference_id == reference_id)
    if status is not None:
        query = query.where(Letter.status == status)
    if kind is not None:
        query = query.where(Letter.kind == kind)
    query = (
        query.order_by(Letter.created_at.desc(), Letter.id)  # type: ignore[attr-defined]
        .limit(limit)
        .offset(offset)
    )
    return (await session.execute(query)).scalars().all()


async def letters_of_case(session: AsyncSession, case_id: str) -> Sequence[Letter]:
    return await find_letters(session, reference_id=case_id, limit=200)


async def get_letter(session: AsyncSession, letter_id: str) -> Letter | None:
    return await session.get(Letter, letter_id)


def mark_printed(letter: Letter, by: str, now: datetime | None = None) -> None:
    if letter.status != TO_PRINT:
        raise LetterStateError("status", f"a letter that is {letter.status} cannot be printed")
    letter.status, letter.printed_by, letter.printed_at = PRINTED, by, now or utcnow()


def mark_sent(
    letter: Letter, by: str, registered_post_number: str | None, now: datetime | None = None
) -> None:
    if letter.status != PRINTED:
        raise LetterStateError("status", "only a printed letter can be sent")
    if letter.registered_post and not (registered_post_number or "").strip():
        raise LetterStateError(
            "registered_post_number", "this letter goes by registered post: give its number"
        )
    letter.status, letter.sent_by, letter.sent_at = SENT, by, now or utcnow()
    letter.registered_post_number = (registered_post_number or "").strip() or None


def mark_cancelled(letter: Letter, by: str, reason: str, now: datetime | None = None) -> None:
    if letter.status not in (TO_PRINT, PRINTED):
        raise LetterStateError("status", f"a letter that is {letter.status} cannot be cancelled")
    letter.status, letter.cancelled_by, letter.cancelled_at = CANCELLED, by, now or utcnow()
    letter.cancel_reason = reason
