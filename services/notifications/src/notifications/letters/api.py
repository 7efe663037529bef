"""`/api/v1/letters`: rendered letters waiting for print, for the staff of the district.

A letter holds the addressee's name and address, so reading one is reading
case data: it needs `eviction:case.read` (the roles that handle the case) and
each read is written to the access log. The list returns no personal data
but is logged too (it reveals that a case has letters).
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.access_log import record_access
from bostad_common.auth.middleware import principal_of, requires, staff_only
from notifications.directory.provisioning import provision_caller
from notifications.letters.models import Letter
from notifications.letters.render import TITLES
from notifications.letters.schemas import LetterRead, LetterRecipientRead, LetterSummary
from notifications.letters.service import get_letter, letters_of_case

# No letters permission in the matrix yet; a letter is part of the case it belongs to.
LETTER_READ: Final = "eviction:case.read"
PURPOSE: Final = "letters to the tenant (eviction prevention)"


def _summary(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "district": letter.district,
        "case_id": letter.case_id,
        "kind": letter.kind,
        "title": TITLES.get(letter.kind, letter.kind),
        "status": letter.status,
        "created_at": letter.created_at,
    }


class LetterController(Controller):
    path = "/api/v1/letters"
    guards = [staff_only, requires(LETTER_READ)]  # noqa: RUF012 - Litestar's API
    tags = ["letters"]  # noqa: RUF012

    @get("/", operation_id="listLetters", summary="A case's letters, newest first")
    async def list_letters(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        case_id: FromQuery[str],
    ) -> list[LetterSummary]:
        principal = principal_of(request)
        await provision_caller(db_session, request)
        letters = await letters_of_case(db_session, case_id)
        for district in sorted({letter.district for letter in letters}):
            await record_access(
                db_session,
                principal,
                person_ref=None,
                action="read",
                resource=f"letters:case:{case_id}"[:255],
                purpose=PURPOSE,
                district=district,
            )
        return [LetterSummary(**_summary(letter)) for letter in letters]

    @get("/{letter_id:str}", operation_id="getLetter", summary="One letter with its text")
    async def get_one(
        self,
        request: Request,
        db_session: NamedDependency[AsyncSession],
        letter_id: FromPath[str],
    ) -> LetterRead:
        await provision_caller(db_session, request)
        letter = await get_letter(db_session, letter_id)
        if letter is None:
            raise NotFoundException(detail="letter not found")
        await record_access(
            db_session,
            principal_of(request),
            person_ref=None,
            action="read",
            resource=f"letter:{letter.id}",
            purpose=PURPOSE,
            district=letter.district,
        )
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
            body=letter.body,
        )
