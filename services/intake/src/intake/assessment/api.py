"""The housing officer's step: meetings, more information, landlord judgement, lobbying."""

from __future__ import annotations

from litestar import Controller, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from intake.applications.access import load, log_application
from intake.applications.api import status_changed
from intake.applications.schemas import StatusChanged
from intake.applications.views import judgement_view, meeting_view, request_view
from intake.assessment import schemas, service

ASSESS = "intake:assessment.write"


class AssessmentController(Controller):
    path = "/applications/{application_id:str}"
    tags = ("housing officer",)
    guards = [requires(ASSESS)]  # noqa: RUF012 - Litestar's API

    @post(
        "/meetings",
        operation_id="bookMeeting",
        summary="Book a meeting with the applicant",
        status_code=HTTP_201_CREATED,
    )
    async def book_meeting(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.MeetingBook],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.MeetingRead:
        application, household = await load(db_session, application_id, for_update=True)
        meeting = await service.book_meeting(
            db_session, actor, application, scheduled_at=data.scheduled_at, now=utcnow()
        )
        await log_application(db_session, actor, application, household, "update")
        return meeting_view(meeting)

    @post(
        "/meetings/{meeting_id:str}/held",
        operation_id="recordMeetingHeld",
        summary="Record that the meeting was held, with notes",
        status_code=200,
    )
    async def meeting_held(
        self,
        application_id: FromPath[str],
        meeting_id: FromPath[str],
        data: JSONBody[schemas.MeetingHeld],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.MeetingRead:
        application, household = await load(db_session, application_id, for_update=True)
        meeting = await service.record_meeting_held(
            db_session, actor, application, meeting_id, notes=data.notes, now=utcnow()
        )
        await log_application(db_session, actor, application, household, "update")
        return meeting_view(meeting)

    @post(
        "/information-requests",
        operation_id="requestInformation",
        summary="Ask for more information: the application waits, saying on what and since when",
        status_code=HTTP_201_CREATED,
    )
    async def request_information(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.InformationRequestCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.InformationRequestRead:
        application, household = await load(db_session, application_id, for_update=True)
        request = await service.request_information(
            db_session, actor, application, what=data.what, now=utcnow()
        )
        await log_application(db_session, actor, application, household, "update")
        return request_view(request)

    @post(
        "/information-received",
        operation_id="informationReceived",
        summary="The information asked for has come in; the housing officer goes on",
        status_code=200,
    )
    async def information_received(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.InformationReceived],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> StatusChanged:
        application, household = await load(db_session, application_id, for_update=True)
        await service.receive_information(
            db_session, actor, application, note=data.note, now=utcnow()
        )
        await log_application(db_session, actor, application, household, "update")
        return status_changed(application)

    @put(
        "/landlord-judgement",
        operation_id="judgeLandlordAcceptance",
        summary="Judge the chance of acceptance by landlords, with the reason",
        status_code=200,
    )
    async def judge(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.LandlordJudgementSet],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.LandlordJudgementRead:
        application, household = await load(db_session, application_id, for_update=True)
        row = await service.judge_landlord_acceptance(
            db_session,
            actor,
            application,
            acceptance=data.acceptance,
            reason=data.reason,
            now=utcnow(),
        )
        await log_application(db_session, actor, application, household, "update")
        return judgement_view(row)

    @put(
        "/lobbying",
        operation_id="setLobbying",
        summary="May this household be used in talks with landlords? Only with recorded consent",
        status_code=200,
    )
    async def lobbying(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.LobbyingSet],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.LandlordJudgementRead:
        application, household = await load(db_session, application_id, for_update=True)
        row = await service.set_lobbying(
            db_session,
            actor,
            application,
            allowed=data.allowed,
            consent_given_at=data.consent_given_at,
            now=utcnow(),
        )
        await log_application(db_session, actor, application, household, "update")
        return judgement_view(row)

    @post(
        "/assessment/complete",
        operation_id="completeAssessment",
        summary="The housing officer has met the applicant and judged; send on for decision",
        status_code=200,
    )
    async def complete(
        self,
        application_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> StatusChanged:
        application, household = await load(db_session, application_id, for_update=True)
        await service.complete(db_session, actor, application, now=utcnow())
        await log_application(db_session, actor, application, household, "update")
        return status_changed(application)
