"""`/api/v1/decisions` (the clocks) and `/api/v1/ivo-reports` (reports, summary)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from litestar import Controller, MediaType, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.actor import PURPOSE_IVO_REPORTING, log_household_access
from allocation.clock import rules, service
from allocation.clock.models import DecisionClock
from allocation.clock.schemas import (
    ClockRead,
    CouncilSummaryRead,
    CouncilSummaryRow,
    InterruptionCreate,
    IvoNotesUpdate,
    IvoReportRead,
    IvoReportsRead,
)
from allocation.csv_export import csv_response
from allocation.offers import service as offers
from allocation.periods import InvalidPeriod, Period, parse_period, report_due_on
from allocation.pool.models import Household
from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotPermitted
from bostad_common.http_errors import FieldErrors
from bostad_common.pagination import PageLimit, PageOffset
from bostad_common.workdays import to_stockholm

District = Annotated[str, Parameter(max_length=64, description="District code, e.g. bromma")]
PeriodText = Annotated[str, Parameter(max_length=8, description="A quarter, e.g. 2027-Q1")]


def clock_read(clock: DecisionClock, today: date) -> ClockRead:
    running = clock.status in service.RUNNING
    mark = rules.three_months_on(clock.clock_start)
    until = today if running else (clock.ended_on or clock.executed_on or today)
    return ClockRead(
        decision_id=clock.decision_id,
        household_id=clock.household_id,
        district=clock.district,
        housing_type=clock.housing_type,
        decided_on=clock.decided_on,
        clock_start=clock.clock_start,
        status=clock.status,
        days_waited=rules.days_waited(clock.clock_start, until),
        three_months_on=mark,
        overdue=running and today > mark,
        executed_on=clock.executed_on,
        ended_on=clock.ended_on,
    )


async def _log_clock(
    session: AsyncSession, actor: Actor, clock: DecisionClock, action: str
) -> None:
    household = await session.get(Household, clock.household_id)
    if household is not None:
        await log_household_access(
            session,
            actor,
            personal_number=household.personal_number,
            action=action,
            resource=f"decision:{clock.decision_id}",  # type: ignore[arg-type]
            district=clock.district,
            purpose=PURPOSE_IVO_REPORTING,
        )


def _quarter(text: str) -> Period:
    try:
        period = parse_period(text)
    except InvalidPeriod as exc:
        raise FieldErrors([{"field": "period", "message": str(exc)}]) from None
    if "-Q" not in period.label:
        raise FieldErrors(
            [{"field": "period", "message": "IVO reports are per quarter, e.g. 2027-Q1"}]
        )
    return period


def _visible(actor: Actor, district: str) -> None:
    if not actor.principal.in_district(district):
        raise NotPermitted("you do not work in this district")


class DecisionClockController(Controller):
    path = "/decisions"
    tags = ("clock",)

    @get(
        "/",
        guards=[requires("allocation:report.read")],
        operation_id="listDecisionClocks",
        summary="The three-month clock of each granted biståndsbeslut",
    )
    async def list_clocks(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        status: Annotated[str | None, Parameter(max_length=16)] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> list[ClockRead]:
        query = select(DecisionClock)
        if district is not None:
            query = query.where(DecisionClock.district == district)
        if status is not None:
            query = query.where(DecisionClock.status == status)
        query = (
            query.order_by(DecisionClock.clock_start, DecisionClock.decision_id)
            .limit(limit)
            .offset(offset)
        )  # type: ignore[arg-type]
        clocks = (await db_session.execute(query)).scalars().all()
        today = to_stockholm(utcnow()).date()
        for clock in clocks:
            await _log_clock(db_session, actor, clock, "read")
        return [clock_read(c, today) for c in clocks]

    @post(
        "/{decision_id:str}/interruptions",
        guards=[requires("allocation:proposal.write")],
        operation_id="interruptExecution",
        summary="Execution interrupted: the clock runs again",
        status_code=HTTP_201_CREATED,
    )
    async def interrupt(
        self,
        decision_id: FromPath[str],
        data: JSONBody[InterruptionCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> ClockRead:
        now = utcnow()
        clock = await service.get_clock(db_session, decision_id)
        await service.interrupt(
            db_session,
            clock,
            started_on=data.started_on,
            reason=data.reason,
            by=actor.name,
            now=now,
        )
        household = await db_session.get(Household, clock.household_id)
        if household is not None and household.status == "housed":
            household.status, household.left_on, household.left_reason = "waiting", None, None
        await _log_clock(db_session, actor, clock, "update")
        return clock_read(clock, to_stockholm(now).date())

    @put(
        "/{decision_id:str}/ivo-notes",
        guards=[requires("allocation:proposal.write")],
        operation_id="putIvoNotes",
        summary="Why delayed, the consequences, what was offered meanwhile",
    )
    async def notes(
        self,
        decision_id: FromPath[str],
        data: JSONBody[IvoNotesUpdate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> ClockRead:
        now = utcnow()
        clock = await service.get_clock(db_session, decision_id)
        clock.delay_reason, clock.consequences = data.delay_reason, data.consequences
        clock.offered_meanwhile, clock.updated_at = data.offered_meanwhile, now
        await _log_clock(db_session, actor, clock, "update")
        return clock_read(clock, to_stockholm(now).date())


CSV_COLUMNS = tuple(name for name in IvoReportRead.model_fields if name != "missing_texts")


async def _reports(
    session: AsyncSession, actor: Actor, district: str, period: Period, pseudonym_key: Any
) -> list[service.IvoReport]:
    _visible(actor, district)
    return await service.ivo_reports(
        session,
        district=district,
        period=period,
        as_of=to_stockholm(utcnow()).date(),
        pseudonym_key=pseudonym_key,
        offered_summaries=await offers.offered_summaries(session, district),
    )


class IvoReportController(Controller):
    path = "/ivo-reports"
    tags = ("ivo",)
    guards = (requires("allocation:report.read"),)

    @get(
        "/",
        operation_id="ivoReports",
        media_type=MediaType.JSON,
        summary="IVO individual reports of a quarter: new, repeated and closing (JSON or CSV)",
    )
    async def reports(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: District,
        period: PeriodText,
        format: FromQuery[Literal["json", "csv"]] = "json",
    ) -> Response[IvoReportsRead]:
        quarter = _quarter(period)
        reports = await _reports(db_session, actor, district, quarter, actor.pseudonym_key)
        for report in reports:
            clock = await db_session.get(DecisionClock, report.decision_id)
            if clock is not None:
                await _log_clock(db_session, actor, clock, "export")
        if format == "csv":
            return csv_response(
                [asdict(r) for r in reports], CSV_COLUMNS, f"ivo-{district}-{quarter.label}.csv"
            )  # type: ignore[return-value]
        return Response(
            IvoReportsRead(
                district=district,
                period=quarter.label,
                due_on=report_due_on(quarter),
                reports=[IvoReportRead(**asdict(r)) for r in reports],
            )
        )

    @get(
        "/summary",
        operation_id="ivoCouncilSummary",
        summary="The council's (nämndens) summary of the quarter's reports, by housing type",
    )
    async def summary(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: District,
        period: PeriodText,
    ) -> CouncilSummaryRead:
        quarter = _quarter(period)
        reports = await _reports(db_session, actor, district, quarter, actor.pseudonym_key)
        rows = []
        for housing_type in sorted({r.housing_type for r in reports}):
            mine = [r for r in reports if r.housing_type == housing_type]
            waits = [r.days_waited for r in mine]
            rows.append(
                CouncilSummaryRow(
                    housing_type=housing_type,
                    new_reports=sum(r.kind == "new" for r in mine),
                    repeated_reports=sum(r.kind == "repeated" for r in mine),
                    closing_reports=sum(r.kind == "closing" for r in mine),
                    longest_wait_days=max(waits),
                    average_wait_days=round(sum(waits) / len(waits), 1),
                )
            )
        return CouncilSummaryRead(
            district=district,
            period=quarter.label,
            new_reports=sum(r.kind == "new" for r in reports),
            repeated_reports=sum(r.kind == "repeated" for r in reports),
            closing_reports=sum(r.kind == "closing" for r in reports),
            by_housing_type=rows,
        )
