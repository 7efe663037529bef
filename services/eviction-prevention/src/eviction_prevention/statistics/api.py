"""`/api/v1/statistics`: per district and year, JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.domain_errors import NotPermitted
from bostad_common.http_errors import FieldErrors
from eviction_prevention.districts import service as districts
from eviction_prevention.statistics import service
from eviction_prevention.statistics.schemas import StatisticsRead, YearStatistics

MAX_YEARS = 30

District = Annotated[str, Parameter(max_length=64, description="District code, e.g. bromma")]
Year = Annotated[int, Parameter(ge=1990, le=2100, description="Calendar year (Swedish time)")]
ToYear = Annotated[
    int | None, Parameter(ge=1990, le=2100, description="Last year of a range (inclusive)")
]


async def _rows(
    session: AsyncSession,
    actor: Actor,
    district: str,
    year: int,
    to_year: int | None,
) -> list[dict[str, Any]]:
    last = to_year if to_year is not None else year
    if last < year or last - year >= MAX_YEARS:
        raise FieldErrors(
            [{"field": "to_year", "message": f"from year to at most {MAX_YEARS} years"}]
        )
    # Permission first: an unknown district and another one answer alike (issue #8).
    if not actor.principal.in_district(district):
        raise NotPermitted("you do not work in this district")
    if not await districts.is_known(session, district):
        raise FieldErrors([{"field": "district", "message": "unknown district"}])
    return [
        await service.year_statistics(session, district=district, year=y)
        for y in range(year, last + 1)
    ]


def _csv(rows: list[dict[str, Any]], district: str) -> Response[str]:
    return Response(
        service.to_csv(rows),
        media_type="text/csv",  # Litestar adds "; charset=utf-8" to text types itself
        headers={"Content-Disposition": f'attachment; filename="statistics-{district}.csv"'},
    )


class StatisticsController(Controller):
    path = "/statistics"
    tags = ("statistics",)
    guards = (requires("eviction:statistics.read"),)

    @get(
        "/",
        operation_id="statistics",
        summary="Notices, outreach, evictions, children affected and outcomes per year",
        description="JSON by default; `format=csv` gives the same rows as `/statistics.csv`.",
        media_type=MediaType.JSON,
    )
    async def statistics(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: District,
        year: Year,
        to_year: ToYear = None,
        format: FromQuery[Literal["json", "csv"]] = "json",
    ) -> Response[StatisticsRead]:
        rows = await _rows(db_session, actor, district, year, to_year)
        if format == "csv":
            return _csv(rows, district)  # type: ignore[return-value]
        return Response(
            StatisticsRead(
                district=district, rows=[YearStatistics.model_validate(row) for row in rows]
            )
        )


class StatisticsCsvController(Controller):
    path = "/statistics.csv"
    tags = ("statistics",)
    guards = (requires("eviction:statistics.read"),)

    @get("/", operation_id="statisticsCsv", summary="The same statistics as CSV")
    async def statistics_csv(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: District,
        year: Year,
        to_year: ToYear = None,
    ) -> Response[str]:
        return _csv(await _rows(db_session, actor, district, year, to_year), district)
