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

District = Annotated[
    str | None,
    Parameter(
        max_length=64,
        description="District code, e.g. bromma; left out: each of your districts and a "
        "municipality total",
    ),
]
CsvDialect = Annotated[
    Literal["plain", "sv"],
    Parameter(description="sv: semicolons, decimal comma, Swedish headers, UTF-8 with BOM"),
]
Year = Annotated[int, Parameter(ge=1990, le=2100, description="Calendar year (Swedish time)")]
ToYear = Annotated[
    int | None, Parameter(ge=1990, le=2100, description="Last year of a range (inclusive)")
]


async def _rows(
    session: AsyncSession,
    actor: Actor,
    district: str | None,
    year: int,
    to_year: int | None,
) -> list[dict[str, Any]]:
    last = to_year if to_year is not None else year
    if last < year or last - year >= MAX_YEARS:
        raise FieldErrors(
            [{"field": "to_year", "message": f"from year to at most {MAX_YEARS} years"}]
        )
    if district is None:
        wanted = sorted(actor.principal.districts)
    else:
        # Permission first: an unknown district and another one answer alike (issue #8).
        if not actor.principal.in_district(district):
            raise NotPermitted("you do not work in this district")
        if not await districts.is_known(session, district):
            raise FieldErrors([{"field": "district", "message": "unknown district"}])
        wanted = [district]
    rows: list[dict[str, Any]] = []
    for y in range(year, last + 1):
        year_rows = [await service.year_statistics(session, district=d, year=y) for d in wanted]
        rows.extend(year_rows)
        if district is None and year_rows:
            rows.append(service.municipality_total(year_rows))
    return rows


def _csv(rows: list[dict[str, Any]], district: str | None, dialect: str) -> Response[str]:
    name = district or service.MUNICIPALITY_TOTAL
    suffix = "-sv" if dialect == "sv" else ""
    return Response(
        service.to_csv(rows, dialect),
        media_type="text/csv",  # Litestar adds "; charset=utf-8" to text types itself
        headers={"Content-Disposition": f'attachment; filename="statistics-{name}{suffix}.csv"'},
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
        year: Year,
        district: District = None,
        to_year: ToYear = None,
        format: FromQuery[Literal["json", "csv"]] = "json",
        dialect: CsvDialect = "plain",
    ) -> Response[StatisticsRead]:
        rows = await _rows(db_session, actor, district, year, to_year)
        if format == "csv":
            return _csv(rows, district, dialect)  # type: ignore[return-value]
        return Response(
            StatisticsRead(
                district=district or service.MUNICIPALITY_TOTAL,
                rows=[YearStatistics.model_validate(row) for row in rows],
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
        year: Year,
        district: District = None,
        to_year: ToYear = None,
        dialect: CsvDialect = "plain",
    ) -> Response[str]:
        rows = await _rows(db_session, actor, district, year, to_year)
        return _csv(rows, district, dialect)
