"""`/api/v1/cases`: staff search for a person's cases and open a case themselves.

The worklist and the whole case are read in `case_file/api.py` (they read
every aggregate); a case's checklist, outreach and outcome are changed in
their own folders' `api.py`.

District isolation is the data layer's: the request's session is bound to the
caller, so a case of another district is simply not found (404). Access log:
search records one entry per case found; opening or joining a case one entry.
"""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotPermitted
from bostad_common.http_errors import FieldErrors
from bostad_common.workdays import to_stockholm
from eviction_prevention.cases import rules, service
from eviction_prevention.cases.schemas import (
    CaseOpenedOrJoined,
    CaseSearch,
    CaseSummary,
    StaffCaseCreate,
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
        found = await service.search_by_personal_number(db_session, data.personal_number.canonical)
        for case in found:
            await service.log_case(db_session, actor, case, "read")
        return [CaseSummary.of(case) for case in found]

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
