"""`/api/v1/letters`: letters to tenants and applicants, for the staff of the district.

A letter holds the addressee's name and address, so reading one is reading a
person's data: it needs `notifications:letter.read`, each read (list, text,
PDF) is written to the access log, and status changes
(`notifications:letter.write`) record who and when.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.access_log import record_access
from bostad_common.auth.middleware import principal_of, requires, staff_only
from bostad_common.db_types import new_id
from bostad_common.http_errors import FieldErrors
from bostad_common.pagination import PageLimit, PageOffset
from notifications.config import notification_settings
from notifications.directory.provisioning import provision_caller
from notifications.formatting import stockholm_today
from notifications.letters.models import Letter
from notifications.letters.render import LetterDataMissing
from notifications.letters.schemas import (
    LetterRead,
    LetterRecipientRead,
    LetterStatus,
    LetterSummary,
    MarkCancelled,
    MarkSent,
)
from notifications.letters.service import (
    LetterStateError,
    find_letters,
    get_letter,
    mark_cancelled,
    mark_printed,
    mark_sent,
    queue_letter,
)
from notifications.letters.termination import TerminationLetterRequest

LETTER_READ: Final = "notifications:letter.read"
LETTER_WRITE: Final = "notifications:letter.write"
PURPOSE: Final = "letters to tenants and applicants"


def _summary(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "district": letter.district,
        "case_id": letter.case_id,
        "reference_id": letter.reference_id,
        "reference": letter.reference,
        "kind": letter.kind,
        "title": letter.title,
        "status": letter.status,
        "registered_post": letter.registered_post,
        "created_at": letter.created_at,
        "printed_at": letter.printed_at,
        "printed_by": letter.printed_by,
        "sent_at": letter.sent_at,
        "sent_by": letter.sent_by,
        "registered_post_number": letter.registered_post_number,
        "cancelled_at": letter.cancelled_at,
        "cancelled_by": letter.cancelled_by,
    }


def _read(letter: Letter) -> LetterRead:
    return LetterRead(
        **_summary(letter),
        recipient=LetterRecipientRead(
            name=letter.recipient_name,
            street=letter.recipient_street,
            postal_code=letter.recipient_postal_code,
            city=letter.recipient_city,
            apartment_number=letter.recipient_apartment_number,
        ),
        visit_at=letter.visit_at,
        sender_name=letter.sender_name,
        cancel_reason=letter.cancel_reason,
        body=letter.body,
    )


async def _one(session: AsyncSession, request: Request, letter_id: str, action: str) -> Letter:
    await provision_caller(session, request)
    letter = await get_letter(session, letter_id)
    if letter is None:
        raise NotFoundException(detail="letter not found")
    await record_access(
        session,
        principal_of(request),
        person_ref=letter.person_ref,
        action=action,  # type: ignore[arg-type]
        resource=f"letter:{letter.id}",
        purpose=PURPOSE,
        district=letter.district,
    )
    return letter


class LetterController(Controller):
    path = "/api/v1/letters"
    guards = [staff_only, requires(LETTER_READ)]  # noqa: RUF012 - Litestar's API
    tags = ["letters"]  # noqa: RUF012

    @get("/", operation_id="listLetters", summary="Letters, newest first, with filters")
    async def list_letters(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        case_id: FromQuery[str | None] = None,
        reference_id: FromQuery[str | None] = None,
        status: FromQuery[LetterStatus | None] = None,
        kind: FromQuery[str | None] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> list[LetterSummary]:
        principal = principal_of(request)
        await provision_caller(db_session, request)
        letters = await find_letters(
            db_session,
            reference_id=reference_id or case_id,
            status=status,
            kind=kind,
            limit=limit,
            offset=offset,
        )
        # One entry per person shown (a case is one household, so usually one).
        seen = sorted({(letter.district, letter.person_ref or "") for letter in letters})
        for district, person in seen:
            await record_access(
                db_session,
                principal,
                person_ref=person or None,
                action="read",
                resource=f"letters:{reference_id or case_id or 'list'}"[:255],
                purpose=PURPOSE,
                district=district,
            )
        return [LetterSummary(**_summary(letter)) for letter in letters]

    @get("/{letter_id:str}", operation_id="getLetter", summary="One letter with its text")
    async def get_one(
        self, request: Request, db_session: NamedDependency[AsyncSession], letter_id: FromPath[str]
    ) -> LetterRead:
        return _read(await _one(db_session, request, letter_id, "read"))

    @get(
        "/{letter_id:str}/pdf",
        operation_id="downloadLetterPdf",
        summary="The letter as an A4 PDF for a window envelope",
        media_type="application/pdf",
    )
    async def get_pdf(
        self, request: Request, db_session: NamedDependency[AsyncSession], letter_id: FromPath[str]
    ) -> Response[bytes]:
        letter = await _one(db_session, request, letter_id, "read")
        if letter.pdf is None:
            raise NotFoundException(detail="letter has no PDF")
        return Response(
            content=letter.pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="brev-{letter.reference}.pdf"',
                "Cache-Control": "no-store",
            },
        )

    @post(
        "/{letter_id:str}/printed",
        operation_id="markLetterPrinted",
        summary="Record that the letter was printed",
        guards=[requires(LETTER_WRITE)],
        status_code=200,
    )
    async def printed(
        self, request: Request, db_session: NamedDependency[AsyncSession], letter_id: FromPath[str]
    ) -> LetterRead:
        letter = await _one(db_session, request, letter_id, "update")
        _change(lambda: mark_printed(letter, principal_of(request).subject))
        return _read(letter)

    @post(
        "/{letter_id:str}/sent",
        operation_id="markLetterSent",
        summary="Record that the letter was posted (registered-post number where it applies)",
        guards=[requires(LETTER_WRITE)],
        status_code=200,
    )
    async def sent(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        letter_id: FromPath[str],
        data: JSONBody[MarkSent],
    ) -> LetterRead:
        letter = await _one(db_session, request, letter_id, "update")
        _change(
            lambda: mark_sent(letter, principal_of(request).subject, data.registered_post_number)
        )
        return _read(letter)

    @post(
        "/{letter_id:str}/cancelled",
        operation_id="cancelLetter",
        summary="Cancel a letter that is not yet sent",
        guards=[requires(LETTER_WRITE)],
        status_code=200,
    )
    async def cancelled(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        letter_id: FromPath[str],
        data: JSONBody[MarkCancelled],
    ) -> LetterRead:
        letter = await _one(db_session, request, letter_id, "update")
        _change(lambda: mark_cancelled(letter, principal_of(request).subject, data.reason))
        return _read(letter)

    @post(
        "/termination",
        operation_id="createTerminationLetter",
        summary="Write the termination letter for registered post (seed 003)",
        guards=[requires(LETTER_WRITE), requires("tenancy:lease.write")],
        status_code=201,
    )
    async def termination(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        data: JSONBody[TerminationLetterRequest],
    ) -> LetterRead:
        principal = principal_of(request)
        if not principal.in_district(data.district):
            raise PermissionDeniedException(detail="not permitted for this district")
        await provision_caller(db_session, request)
        request_id = new_id()
        try:
            await queue_letter(
                db_session,
                event_id=request_id,
                kind="termination_letter",
                payload=data,
                today=stockholm_today(),
                letterheads=notification_settings(request.app.state.ctx).letterheads,
            )
        except LetterDataMissing as exc:
            raise FieldErrors([{"field": "body", "message": str(exc)}]) from None
        letters = await find_letters(
            db_session, reference_id=data.lease_id, kind="termination_letter"
        )
        letter = next(item for item in letters if item.event_id == request_id)
        await record_access(
            db_session,
            principal,
            person_ref=letter.person_ref,
            action="create",
            resource=f"letter:{letter.id}",
            purpose=PURPOSE,
            district=letter.district,
        )
        return _read(letter)


def _change(apply: Any) -> None:
    try:
        apply()
    except LetterStateError as exc:
        raise FieldErrors([{"field": exc.field, "message": str(exc)}]) from None
