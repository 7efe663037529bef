"""`/api/v1/overview`: the unit manager's overview per district (counts, no names)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotPermitted
from eviction_prevention.overview import service
from eviction_prevention.overview.schemas import DistrictOverview


class OverviewController(Controller):
    path = "/overview"
    tags = ("overview",)
    # Reading every case's figures and comparing caseworkers' caseloads is a manager's work.
    guards = (requires("eviction:case.read_all"), requires("eviction:statistics.read"))

    @get(
        "/",
        operation_id="unitManagerOverview",
        summary="Open cases by track and age, near deadlines, overdue outreach, caseloads",
    )
    async def overview(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
    ) -> list[DistrictOverview]:
        mine = sorted(actor.principal.districts)
        # Another district answers 403, known or not, as everywhere else (issue #8).
        if district is not None and not actor.principal.in_district(district):
            raise NotPermitted("you do not work in this district")
        districts = [district] if district is not None else mine
        figures = await service.overview(db_session, now=utcnow(), districts=districts)
        return [DistrictOverview.of(f) for f in figures]
