"""`/api/v1/cases`: staff search for a person's cases and open a case themselves.

The worklist and the whole case are read in `case_file/api.py` (they read
every aggregate); a case's checklist, outreach and outcome are changed in
their own folders' `api.py`.

District isolation is the data layer's: the request's session is bound to the
caller, so a case of another district is simply not found (404). Access log:
search records one entry per case found; opening or joining a case one entry.
"""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotPermitted
from bostad_common.events.eviction import NoticeKind, Track
from bostad_common.http_errors import FieldErrors
from bostad_common.workdays import to_stockholm
from eviction_prevention.cases import rules, service
from eviction_prevention.cases.schemas import (
    CaseOpenedOrJoined,
    CasePage,
    CaseSearch,
    CaseStatus,
    CaseSummary,
    CommitmentRecord,
    DeadlinesRead,
    KnownBeforeRead,
    KnownBeforeRecord,
    ServedDateRecord,
    StaffCaseCreate,
    deadline_fields,
)
from eviction_prevention.districts import service as districts


class CaseController(Controller):
    path = "/cases"
    tags = ("cases",)

    @post(
        "/search",
        guards=[requires("eviction:case.read")],
        operation_id="searchCases",
        summary="Cases of a person (the personal number goes in the body, never the URL)",
        status_code=200,
    )
    async def search(
        self,
        data: JSONBody[CaseSearch],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> list[CaseSummary]:
        found = await service.search(
            db_session,
            personal_number=data.personal_number.canonical if data.personal_number else None,
            name=data.name,
            street=data.street,
            include_closed=data.include_closed,
        )
        for case in found:
            await service.log_case(db_session, actor, case, "read", purpose=data.purpose)
        return [CaseSummary.of(case) for case in found]

    @get(
        "/",
        guards=[requires("eviction:case.read")],
        operation_id="listCases",
        summary="Open or closed cases with filters, the total count and pagination",
    )
    async def list_cases(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        status: Annotated[CaseStatus | None, Parameter(description="open or closed")] = None,
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        track: Track | None = None,
        notice_kind: Annotated[
            NoticeKind | None, Parameter(description="any notice kind that joined the case")
        ] = None,
        assigned: Annotated[
            Literal["me", "unassigned"] | None,
            Parameter(description="me: my cases; unassigned: the team's cases nobody owns"),
        ] = None,
        offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    ) -> CasePage:
        total, page = await service.list_cases(
            db_session,
            service.CaseFilter(
                status=status,
                district=district,
                track=track,
                notice_kind=notice_kind,
                responsible=actor.principal.subject if assigned == "me" else None,
                unassigned=assigned == "unassigned",
            ),
            offset=offset,
            limit=limit,
        )
        for case in page:  # the list shows names: one read entry per case shown
            await service.log_case(db_session, actor, case, "read")
        return CasePage(
            total=total, offset=offset, limit=limit, items=[CaseSummary.of(c) for c in page]
        )

    @post(
        "/",
        guards=[requires("eviction:case.write")],
        operation_id="createCase",
        summary="Open a case from an application (ansökan) or a report (anmälan)",
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        data: JSONBody[StaffCaseCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        linked_notice_reasons: NamedDependency[service.LinkedNoticeReasons],
    ) -> CaseOpenedOrJoined:
        now = utcnow()
        # Before "unknown district": the same answer for a district that does not
        # exist and one the caller does not work in, so none is revealed (issue #8).
        if not actor.principal.in_district(data.district):
            raise NotPermitted("you do not work in this district")
        errors = rules.validate_dates(
            data.served_at, data.eviction_date, today=to_stockholm(now).date()
        )
        if data.notice_kind == "eviction_enforcement" and data.eviction_date is None:
            errors.append(
                {"field": "eviction_date", "message": "required for eviction_enforcement"}
            )
        if not await districts.is_known(db_session, data.district):
            errors.insert(0, {"field": "district", "message": "unknown district"})
        if errors:
            raise FieldErrors(errors)
        case, opened = await service.open_or_join(
            db_session,
            actor,
            service.CaseInput(
                district=data.district,
                personal_number=data.tenant.personal_number.canonical,
                tenant_name=data.tenant.name,
                tenant_phone=data.tenant.phone,
                street=data.address.street,
                postal_code=data.address.postal_code,
                city=data.address.city,
                apartment_number=data.address.apartment_number,
                children=data.household.children,
                kind=data.notice_kind,
                channel="staff",
                intake_type=rules.intake_type_for("staff", data.intake_type),
                served_at=data.served_at,
                eviction_date=data.eviction_date,
            ),
            now=now,
            linked_reasons=linked_notice_reasons,
        )
        await service.log_case(db_session, actor, case, "create" if opened else "update")
        return CaseOpenedOrJoined(case_id=case.id, opened=opened)

    @post(
        "/{case_id:str}/served-date",
        guards=[requires("eviction:case.write")],
        operation_id="recordServedDate",
        summary="Record the served date a notice left out; the three-week deadline follows",
        status_code=200,
    )
    async def record_served_date(
        self,
        case_id: FromPath[str],
        data: JSONBody[ServedDateRecord],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> DeadlinesRead:
        now = utcnow()
        today = to_stockholm(now).date()
        errors = rules.validate_dates(data.served_at, None, today=today)
        if errors:
            raise FieldErrors(errors)
        case = await service.get_case(db_session, case_id, for_update=True)
        await service.record_served_date(
            db_session, actor, case, data.kind, data.served_at, now=now
        )
        await service.log_case(db_session, actor, case, "update")
        return DeadlinesRead.model_validate(deadline_fields(case, today))

    @post(
        "/{case_id:str}/commitment",
        guards=[requires("eviction:case.write")],
        operation_id="recordCommitment",
        summary="Record the committee's written commitment to pay (skriftlig förbindelse)",
        status_code=200,
    )
    async def record_commitment(
        self,
        case_id: FromPath[str],
        data: JSONBody[CommitmentRecord],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> DeadlinesRead:
        today = to_stockholm(utcnow()).date()
        case = await service.get_case(db_session, case_id, for_update=True)
        await service.record_commitment(
            db_session,
            actor,
            case,
            committed_on=data.committed_on,
            amount_ore=data.amount.ore if data.amount is not None else None,
            note=data.note,
            today=today,
        )
        await service.log_case(db_session, actor, case, "update")
        return DeadlinesRead.model_validate(deadline_fields(case, today))

    @post(
        "/{case_id:str}/known-before",
        guards=[requires("eviction:case.write")],
        operation_id="recordKnownBefore",
        summary="Record whether the household was already known to social services",
        status_code=200,
    )
    async def record_known_before(
        self,
        case_id: FromPath[str],
        data: JSONBody[KnownBeforeRecord],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> KnownBeforeRead:
        case = await service.get_case(db_session, case_id, for_update=True)
        case.known_to_social_services = data.known
        await db_session.flush()
        await service.log_case(db_session, actor, case, "update")
        return KnownBeforeRead(known_to_social_services=case.known_to_social_services)
