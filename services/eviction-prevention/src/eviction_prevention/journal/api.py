"""`/api/v1/cases/{case_id}/journal` and `/attachments`: day notes (append-only) and
documents such as the signed consent form. Every read and write is in the access log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.http_errors import FieldErrors
from bostad_common.request_guard import BODY_MEDIA_TYPES
from bostad_common.validation import safe_multiline_text, safe_text
from eviction_prevention.cases.service import get_case, log_case
from eviction_prevention.journal import service
from eviction_prevention.journal.rules import MAX_ATTACHMENT_BYTES
from eviction_prevention.journal.schemas import (
    AttachmentRead,
    AttachmentUpload,
    JournalEntryCreate,
    JournalEntryRead,
)


class JournalController(Controller):
    path = "/cases/{case_id:str}"
    tags = ("journal",)

    @get(
        "/journal",
        guards=[requires("eviction:case.read")],
        operation_id="readJournal",
        summary="The case journal, oldest first (corrections are entries of their own)",
    )
    async def read_journal(
        self,
        case_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> list[JournalEntryRead]:
        case = await get_case(db_session, case_id)
        await log_case(db_session, actor, case, "read")
        return [JournalEntryRead.of(e) for e in await service.entries(db_session, case.id)]

    @post(
        "/journal",
        guards=[requires("eviction:case.write")],
        operation_id="writeJournalEntry",
        summary="Add a day note; to correct one, add a note that names it (`corrects`)",
        status_code=HTTP_201_CREATED,
    )
    async def write(
        self,
        case_id: FromPath[str],
        data: JSONBody[JournalEntryCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> JournalEntryRead:
        case = await get_case(db_session, case_id)
        entry = await service.write_entry(
            db_session,
            actor,
            case,
            text=data.text,
            day=data.day,
            corrects=data.corrects,
            now=utcnow(),
        )
        await log_case(db_session, actor, case, "update")
        return JournalEntryRead.of(entry)

    @post(
        "/attachments",
        guards=[requires("eviction:case.write")],
        operation_id="addAttachment",
        summary="Attach a document (PDF, PNG or JPEG, at most 5 MB), e.g. the signed consent",
        status_code=HTTP_201_CREATED,
        request_max_body_size=MAX_ATTACHMENT_BYTES + 64 * 1024,
        opt={BODY_MEDIA_TYPES: ("multipart/form-data",)},
    )
    async def upload(
        self,
        case_id: FromPath[str],
        data: Annotated[AttachmentUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> AttachmentRead:
        case = await get_case(db_session, case_id)
        # Multipart fields bypass the request models: the same text rules, by hand.
        filename = _checked("file", safe_text, (data.file.filename or "bilaga")[-200:])
        description = (
            _checked("description", safe_multiline_text, data.description.strip()[:2000])
            if data.description and data.description.strip()
            else None
        )
        content = await data.file.read(MAX_ATTACHMENT_BYTES + 1)
        attachment = await service.add_attachment(
            db_session,
            actor,
            case,
            kind=data.kind,
            filename=filename,
            content_type=data.file.content_type or "",
            content=content,
            description=description,
            now=utcnow(),
        )
        await log_case(db_session, actor, case, "create")
        return AttachmentRead.of(attachment)

    @get(
        "/attachments",
        guards=[requires("eviction:case.read")],
        operation_id="listAttachments",
        summary="The case's attachments (without their content)",
    )
    async def list_attachments(
        self,
        case_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> list[AttachmentRead]:
        case = await get_case(db_session, case_id)
        await log_case(db_session, actor, case, "read")
        return [AttachmentRead.of(a) for a in await service.attachments(db_session, case.id)]

    @get(
        "/attachments/{attachment_id:str}",
        guards=[requires("eviction:case.read")],
        operation_id="downloadAttachment",
        summary="Download an attachment",
        media_type="application/octet-stream",
    )
    async def download(
        self,
        case_id: FromPath[str],
        attachment_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> Response[bytes]:
        case = await get_case(db_session, case_id)
        attachment = await service.get_attachment(db_session, case.id, attachment_id)
        await log_case(db_session, actor, case, "read")
        return Response(
            attachment.content,
            media_type=attachment.content_type,
            headers={
                # The id, not the uploaded name: a file name may carry a person's name.
                "Content-Disposition": f'attachment; filename="bilaga-{attachment.id}"',
                "X-Content-Type-Options": "nosniff",
            },
        )


def _checked(field: str, rule: Callable[[str], str], value: str) -> str:
    try:
        return rule(value)
    except ValueError as exc:
        raise FieldErrors([{"field": field, "message": str(exc)}]) from None
