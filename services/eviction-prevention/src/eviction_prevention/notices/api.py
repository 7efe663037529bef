"""`/api/v1/notices`: the landlord contract (CONTRACTS.md), and staff reading a notice."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires, requires_any
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotFound
from bostad_common.openapi import LANDLORD_ONLY, LANDLORD_OR_STAFF
from eviction_prevention.actor import log_person_access
from eviction_prevention.notices import service
from eviction_prevention.notices.schemas import (
    NoticeAccepted,
    NoticeRead,
    NoticeStatus,
    NoticeSubmission,
)


class NoticeController(Controller):
    path = "/notices"
    tags = ("notices",)

    @post(
        "/",
        guards=[requires("landlord:notice.submit")],
        operation_id="submitNotice",
        security=LANDLORD_ONLY,
        responses={
            200: ResponseSpec(
                NoticeAccepted,
                description="This landlord already sent this external_id: the same notice",
                generate_examples=False,
            )
        },
        summary="Submit a notice (landlord systems)",
        description=(
            "202 with the new notice's id; 200 with the same body when this landlord "
            "already sent this external_id; 422 with field errors; 403 for a district "
            "the credential may not submit for."
        ),
        status_code=HTTP_202_ACCEPTED,
    )
    async def submit(
        self,
        data: JSONBody[NoticeSubmission],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> Response[NoticeAccepted]:
        now = utcnow()
        principal = actor.principal
        assert principal.landlord_id is not None  # the guard admits landlords only
        await service.check_submission(
            db_session, data, allowed_districts=principal.districts, now=now
        )
        result = await service.submit_notice(
            db_session,
            actor,
            service.IncomingNotice.from_submission(
                data, landlord_id=principal.landlord_id, channel="http"
            ),
            now=now,
        )
        return Response(
            NoticeAccepted(notice_id=result.notice.id),
            status_code=HTTP_202_ACCEPTED if result.created else HTTP_200_OK,
        )

    @get(
        "/{notice_id:str}",
        guards=[requires_any("landlord:notice.read_own", "eviction:case.read")],
        operation_id="getNotice",
        security=LANDLORD_OR_STAFF,
        summary="A notice's processing status (landlords: their own only)",
    )
    async def get_notice(
        self,
        notice_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> NoticeStatus | NoticeRead:
        notice = await service.get_notice(db_session, notice_id)
        principal = actor.principal
        status = await service.notice_status(db_session, notice)
        if principal.kind == "landlord":
            if notice.landlord_id != principal.landlord_id:
                raise NotFound("notice not found")
            return NoticeStatus(
                notice_id=notice.id,
                external_id=notice.external_id,
                status=status,  # type: ignore[arg-type]
            )
        await log_person_access(
            db_session,
            actor,
            personal_number=notice.personal_number,
            action="read",
            resource=f"notice:{notice.id}",
            district=notice.district,
        )
        return NoticeRead.of(notice, status)
