"""`/api/v1/applications/{id}/journal`: append-only day notes."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires, requires_any
from bostad_common.db_types import utcnow
from bostad_common.pagination import PageLimit, PageOffset
from intake.applications.access import load, log_application
from intake.journal import schemas, service
from intake.journal.models import JournalEntry

WRITERS = (
    "intake:application.write",
    "intake:assessment.write",
    "intake:investigation.approve",
    "intake:decision.write",
)


def entry_view(entry: JournalEntry, corrected_by: list[str]) -> schemas.JournalEntryRead:
    return schemas.JournalEntryRead(
        entry_id=entry.id,
        written_at=entry.written_at,
        written_by=entry.written_by,
        text=entry.text,
        corrects_entry_id=entry.corrects_entry_id,
        corrected_by=corrected_by,
    )


class JournalController(Controller):
    path = "/applications/{application_id:str}/journal"
    tags = ("journal",)

    @post(
        "/",
        guards=[requires_any(*WRITERS)],
        operation_id="writeJournalEntry",
        summary="Write a day note; a correction names the entry it corrects",
        status_code=HTTP_201_CREATED,
    )
    async def write(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.JournalEntryCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.JournalEntryRead:
        application, household = await load(db_session, application_id)
        entry = await service.write(
            db_session,
            actor,
            application,
            text=data.text,
            corrects_entry_id=data.corrects_entry_id,
            now=utcnow(),
        )
        await log_application(db_session, actor, application, household, "update")
        return entry_view(entry, [])

    @get(
        "/",
        guards=[requires("intake:application.read")],
        operation_id="readJournal",
        summary="The journal, oldest first, each entry with the entries that correct it",
    )
    async def read(
        self,
        application_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> schemas.JournalPage:
        application, household = await load(db_session, application_id)
        page, total, corrections = await service.entries(
            db_session, application.id, limit=limit, offset=offset
        )
        await log_application(db_session, actor, application, household, "read")
        return schemas.JournalPage(
            items=[entry_view(e, corrections.get(e.id, [])) for e in page],
            total=total,
            limit=limit,
            offset=offset,
        )
