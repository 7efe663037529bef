"""`/api/v1/cases/{case_id}/...`: outreach — contact attempts, assignments, visits,
meetings, consent and letters."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.openapi import error_response
from eviction_prevention.cases.service import get_case, log_case
from eviction_prevention.outreach import service
from eviction_prevention.outreach.schemas import (
    AssignmentCreate,
    AssignmentMade,
    ConsentCreate,
    ConsentRecorded,
    ConsentWithdrawn,
    ContactAttemptCreate,
    ContactAttemptRecorded,
    LetterCreate,
    LetterRequested,
    MeetingBooked,
    MeetingCreate,
    VisitCreate,
    VisitRecorded,
)


class OutreachController(Controller):
    path = "/cases/{case_id:str}"
    tags = ("outreach",)
    guards = (requires("eviction:outreach.write"),)

    @post(
        "/contact-attempts",
        operation_id="recordContactAttempt",
        responses={409: error_response("The case is closed")},
        summary="Record an attempt to reach the household (phone, letter, home visit)",
        status_code=HTTP_201_CREATED,
    )
    async def contact(
        self,
        case_id: FromPath[str],
        data: JSONBody[ContactAttemptCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> ContactAttemptRecorded:
        now = utcnow()
        case = await get_case(db_session, case_id)
        attempt = await service.record_contact(
            db_session,
            actor,
            case,
            method=data.method,
            result=data.result,
            attempted_at=data.attempted_at or now,
            note=data.note,
            now=now,
        )
        await log_case(db_session, actor, case, "update")
        return ContactAttemptRecorded(contact_attempt_id=attempt.id)

    @post(
        "/outreach-assignments",
        operation_id="assignOutreach",
        responses={409: error_response("The case is closed")},
        summary="Book housing support to visit within 48 hours (two staff on a new assignment)",
        status_code=HTTP_201_CREATED,
    )
    async def assign(
        self,
        case_id: FromPath[str],
        data: JSONBody[AssignmentCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> AssignmentMade:
        case = await get_case(db_session, case_id, for_update=True)
        assignment = await service.assign_outreach(
            db_session, actor, case, staff=data.staff, now=utcnow()
        )
        await log_case(db_session, actor, case, "update")
        return AssignmentMade(
            assignment_id=assignment.id,
            staff=assignment.staff,
            assigned_at=assignment.assigned_at,
            due_at=assignment.due_at,
        )

    @post(
        "/outreach-assignments/{assignment_id:str}/visits",
        operation_id="recordVisit",
        responses={409: error_response("The case is closed")},
        summary="Record a home visit (met, not home — note left, home appears abandoned)",
        status_code=HTTP_201_CREATED,
    )
    async def visit(
        self,
        case_id: FromPath[str],
        assignment_id: FromPath[str],
        data: JSONBody[VisitCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> VisitRecorded:
        now = utcnow()
        case = await get_case(db_session, case_id)
        visit = await service.record_visit(
            db_session,
            actor,
            case,
            assignment_id=assignment_id,
            visited_at=data.visited_at or now,
            staff=data.staff,
            outcome=data.outcome,
            note=data.note,
            now=now,
        )
        await log_case(db_session, actor, case, "update")
        return VisitRecorded(visit_id=visit.id, outcome=visit.outcome)  # type: ignore[arg-type]

    @post(
        "/meetings",
        operation_id="bookMeeting",
        responses={409: error_response("The case is closed")},
        summary="Book a meeting or a three-party meeting (tenant, landlord, social services)",
        status_code=HTTP_201_CREATED,
    )
    async def meeting(
        self,
        case_id: FromPath[str],
        data: JSONBody[MeetingCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> MeetingBooked:
        case = await get_case(db_session, case_id)
        meeting = await service.book_meeting(
            db_session,
            actor,
            case,
            kind=data.kind,
            scheduled_at=data.scheduled_at,
            note=data.note,
            now=utcnow(),
        )
        await log_case(db_session, actor, case, "update")
        return MeetingBooked(meeting_id=meeting.id)

    @post(
        "/consents",
        operation_id="recordConsent",
        responses={409: error_response("The case is closed")},
        summary="Record the household's consent (landlord, Kronofogden, financial assistance)",
        status_code=HTTP_201_CREATED,
    )
    async def consent(
        self,
        case_id: FromPath[str],
        data: JSONBody[ConsentCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> ConsentRecorded:
        now = utcnow()
        case = await get_case(db_session, case_id)
        consent = await service.record_consent(
            db_session,
            actor,
            case,
            scopes=list(data.scopes),
            given_at=data.given_at or now,
            now=now,
        )
        await log_case(db_session, actor, case, "update")
        return ConsentRecorded(consent_id=consent.id, scopes=consent.scopes)  # type: ignore[arg-type]

    @post(
        "/consents/{consent_id:str}/withdraw",
        operation_id="withdrawConsent",
        summary="Record that the household withdrew a consent",
        status_code=200,
    )
    async def withdraw(
        self,
        case_id: FromPath[str],
        consent_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> ConsentWithdrawn:
        case = await get_case(db_session, case_id)
        consent = await service.withdraw_consent(db_session, case, consent_id, now=utcnow())
        await log_case(db_session, actor, case, "update")
        return ConsentWithdrawn(consent_id=consent.id, withdrawn_at=consent.withdrawn_at)

    @post(
        "/letters",
        operation_id="requestLetter",
        responses={409: error_response("The case is closed")},
        summary="Send a letter: information letter, letter before a home visit, consent form",
        status_code=HTTP_201_CREATED,
    )
    async def letter(
        self,
        case_id: FromPath[str],
        data: JSONBody[LetterCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> LetterRequested:
        case = await get_case(db_session, case_id)
        request = await service.request_letter(
            db_session, actor, case, letter=data.letter, visit_at=data.visit_at, now=utcnow()
        )
        await log_case(db_session, actor, case, "update")
        return LetterRequested(letter_request_id=request.id, letter=request.letter)  # type: ignore[arg-type]
