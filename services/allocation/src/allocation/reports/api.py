"""`/api/v1/reports/outcomes` (seed 002) and `/api/v1/reports/equity`: aggregates."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.csv_export import csv_response
from allocation.periods import InvalidPeriod, Period, parse_period
from allocation.reports import service
from allocation.reports.schemas import EquityCell, EquityRead, OutcomeFiguresRead
from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.domain_errors import NotPermitted
from bostad_common.http_errors import FieldErrors

District = Annotated[str, Parameter(max_length=64, description="District code, e.g. bromma")]
PeriodText = Annotated[
    str, Parameter(max_length=8, description="A quarter (2027-Q1) or a year (2027)")
]


def _period(actor: Actor, district: str, text: str) -> Period:
    if not actor.principal.in_district(district):
        raise NotPermitted("you do not work in this district")
    try:
        return parse_period(text)
    except InvalidPeriod as exc:
        raise FieldErrors([{"field": "period", "message": str(exc)}]) from None


class ReportController(Controller):
    path = "/reports"
    tags = ("reports",)
    guards = (requires("allocation:report.read"),)

    @get(
        "/outcomes",
        operation_id="outcomeFigures",
        media_type=MediaType.JSON,
        summary="Seed 002's outcome figures for a district and period (JSON or CSV)",
    )
    async def outcomes(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: District,
        period: PeriodText,
        format: FromQuery[Literal["json", "csv"]] = "json",
    ) -> Response[OutcomeFiguresRead]:
        figures = await service.outcome_figures(
            db_session, district=district, period=_period(actor, district, period)
        )
        if format == "csv":
            return csv_response(
                [figures.model_dump()],
                tuple(OutcomeFiguresRead.model_fields),  # type: ignore[return-value]
                f"outcomes-{district}-{figures.period}.csv",
            )
        return Response(figures)

    @get(
        "/equity",
        operation_id="equityView",
        media_type=MediaType.JSON,
        summary="Offers and allocations by household group beside the pool (cells < 5 suppressed)",
    )
    async def equity(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: District,
        period: PeriodText,
        format: FromQuery[Literal["json", "csv"]] = "json",
    ) -> Response[EquityRead]:
        view = await service.equity(
            db_session, district=district, period=_period(actor, district, period)
        )
        if format == "csv":
            return csv_response(
                [c.model_dump() for c in view.cells],
                tuple(EquityCell.model_fields),  # type: ignore[return-value]
                f"equity-{district}-{view.period}.csv",
            )
        return Response(view)
