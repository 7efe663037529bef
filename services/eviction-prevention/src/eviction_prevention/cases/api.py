"""`/api/v1/cases`: the staff case API.

District isolation is the data layer's: the request's session is bound to the
caller, so a case of another district is simply not found (404).

Access log: every read or change of a case records one entry (purpose "case
handling"); the worklist records one `read` entry per case it shows, because
it shows the person's name — the log then answers "who saw this person"
without exceptions. Search records one entry per case found.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.http_errors import FieldErrors
from bostad_common.workdays import to_stockholm
from eviction_prevention.actor import Actor, log_person_access
from eviction_prevention.cases import rules, schemas, service
from eviction_prevention.cases.models import Case
from eviction_prevention.checklists import service as checklists
from eviction_prevention.districts import service as districts
from eviction_prevention.errors import NotPermitted
from eviction_prevention.notices.api import notice_view
from eviction_prevention.notices.rules import validate_dates
from eviction_prevention.notices.service import notice_status
from eviction_prevention.outcomes import service as outcomes
from eviction_prevention.outreach import service as outreach
from eviction_prevention.outreach.models import OutreachAssignment

WORKLIST_MAX = 200


async def log_case(session: AsyncSession, actor: Actor, case: Case, action: str) -> None:
    await log_person_access(
        session,
        actor,
        personal_number=case.personal_number,
        action=action,
        resource=f"case:{case.id}",
        district=case.district,
    )


async def case_detail(session: AsyncSession, case: Case) -> dict[str, Any]:
    now = utcnow()
    notices = []
    for notice in await service.notices_of(session, case.id):
        notices.append(notice_view(notice, await notice_status(session, notice)))
    history = await outreach.history(session, case.id)
    pending: list[OutreachAssignment] = [
        a for a in history["assignments"] if a.first_visit_at is None
    ]
    deadlines = rules.case_deadlines(
        redemption_deadline=case.redemption_deadline,
        eviction_date=case.eviction_date,
        outreach_due_at=min((a.due_at for a in pending), default=None),
    )
    return schemas.case_detail(
        case,
        notices=notices,
        checklist=await checklists.items_of(session, case.id),
        outreach=history,
        interventions=await outcomes.interventions_of(session, case.id),
        deadlines=deadlines,
        now=now,
    )


class CaseController(Controller):
    path = "/cases"
    tags = ("cases",)

    @get(
        "/worklist",
        guards=[requires("eviction:case.read")],
        operation_id="caseWorklist",
        summary="Open cases, nearest legal deadline first, with overdue flags",
    )
    async def worklist(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=WORKLIST_MAX)] = 50,
    ) -> list[dict[str, Any]]:
        now = utcnow()
        entries = await service.worklist(db_session, now=now, district=district, limit=limit)
        items = []
        for entry in entries:
            overdue = {d.name: d.is_overdue(now) for d in entry.deadlines if d.legal}
            items.append(
                {
                    **schemas.case_summary(entry.case),
                    "next_legal_deadline": (
                        None
                        if entry.next_deadline is None
                        else {
                            "name": entry.next_deadline.name,
                            "due_at": entry.next_deadline.due_at,
                        }
                    ),
                    "deadlines": schemas.deadline_views(entry.deadlines, now),
                    "overdue": {
                        "redemption_period": overdue.get("redemption_period", False),
                        "eviction_date": overdue.get("eviction_date", False),
                        "outreach_visit": entry.outreach_overdue,
                        "any": any(overdue.values()) or entry.outreach_overdue,
                    },
                }
            )
            await log_case(db_session, actor, entry.case, "read")
        return items

    @post(
        "/search",
        guards=[requires("eviction:case.read")],
        operation_id="searchCases",
        summary="Cases of a person (the personal number goes in the body, never the URL)",
        status_code=200,
    )
    async def search(
        self,
        data: JSONBody[schemas.CaseSearch],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> list[dict[str, Any]]:
        found = await service.search_by_personal_number(db_session, data.personal_number.canonical)
        for case in found:
            await log_case(db_session, actor, case, "read")
        return [schemas.case_summary(case) for case in found]

    @post(
        "/",
        guards=[requires("eviction:case.write")],
        operation_id="createCase",
        summary="Open a case from an application (ansökan) or a report (anmälan)",
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        data: JSONBody[schemas.StaffCaseCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> dict[str, Any]:
        now = utcnow()
        # Before "unknown district": the same answer for a district that does not
        # exist and one the caller does not work in, so none is revealed (issue #8).
        if not actor.principal.in_district(data.district):
            raise NotPermitted("you do not work in this district")
        errors = validate_dates(data.served_at, data.eviction_date, today=to_stockholm(now).date())
        if data.reason_code == "eviction_enforcement" and data.eviction_date is None:
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
                kind=data.reason_code,
                channel="staff",
                intake_type=rules.intake_type_for("staff", data.intake_type),
                served_at=data.served_at,
                eviction_date=data.eviction_date,
            ),
            now=now,
        )
        await log_case(db_session, actor, case, "create" if opened else "update")
        return {"case_id": case.id, "opened": opened}

    @get(
        "/{case_id:str}",
        guards=[requires("eviction:case.read")],
        operation_id="getCase",
        summary="A case with its notices, checklist, outreach, interventions and outcome",
    )
    async def get_case(
        self,
        case_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> dict[str, Any]:
        case = await service.get_case(db_session, case_id)
        detail = await case_detail(db_session, case)
        await log_case(db_session, actor, case, "read")
        return detail

    @post(
        "/{case_id:str}/checklist/{code:str}/done",
        guards=[requires("eviction:case.write")],
        operation_id="completeChecklistItem",
        summary="Mark a checklist item done (who and when are recorded)",
        status_code=200,
    )
    async def complete_item(
        self,
        case_id: FromPath[str],
        code: FromPath[str],
        data: JSONBody[schemas.ChecklistDone],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> dict[str, Any]:
        case = await service.get_case(db_session, case_id)
        item = await checklists.complete_item(
            db_session,
            actor,
            case_id=case.id,
            code=code,
            note=data.note,
            now=utcnow(),
            case_status=case.status,
        )
        await log_case(db_session, actor, case, "update")
        return schemas.checklist_view(item)

    @post(
        "/{case_id:str}/interventions",
        guards=[requires("eviction:case.write")],
        operation_id="addIntervention",
        summary="Record an intervention (financial assistance, payment plan, ...)",
        status_code=HTTP_201_CREATED,
    )
    async def add_intervention(
        self,
        case_id: FromPath[str],
        data: JSONBody[schemas.InterventionCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> dict[str, Any]:
        case = await service.get_case(db_session, case_id, for_update=True)
        intervention = await outcomes.add_intervention(
            db_session, actor, case, kind=data.kind, note=data.note, now=utcnow()
        )
        await log_case(db_session, actor, case, "update")
        return {"intervention_id": intervention.id, "kind": intervention.kind}

    @post(
        "/{case_id:str}/close",
        guards=[requires("eviction:case.close")],
        operation_id="closeCase",
        summary="Close the case with an outcome and its reason code",
        status_code=200,
    )
    async def close(
        self,
        case_id: FromPath[str],
        data: JSONBody[schemas.CloseCase],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> dict[str, Any]:
        case = await service.get_case(db_session, case_id, for_update=True)
        await outcomes.close_case(
            db_session,
            actor,
            case,
            outcome=data.outcome,
            reason_code=data.reason_code,
            children_affected=data.children_affected,
            reason_text=data.reason_text,
            open_items_reason=data.open_items_reason,
            now=utcnow(),
        )
        await log_case(db_session, actor, case, "update")
        return {
            "case_id": case.id,
            "status": case.status,
            "outcome": case.outcome,
            "reason_code": case.outcome_reason_code,
        }
