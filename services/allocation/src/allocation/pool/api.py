"""`/api/v1/pool`: the households waiting, unordered (seed 000: "Ingen kö finns").

Every household shown gets an access-log `read` entry.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.actor import log_household_access
from allocation.pool import service
from allocation.pool.models import Household
from allocation.pool.schemas import AreaWishRead, HouseholdPage, HouseholdRead
from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.events.vocabulary import HousingType
from bostad_common.pagination import PageLimit, PageOffset


def household_read(h: Household) -> HouseholdRead:
    needs = h.needs
    return HouseholdRead(
        household_id=h.id,
        district=h.district,
        decision_id=h.decision_id,
        housing_type=h.housing_type,
        decided_on=h.decided_on,
        is_bistandsbeslut=h.is_bistandsbeslut,
        includes_housing_support=h.includes_housing_support,
        status=h.status,
        joined_at=h.joined_at,
        left_on=h.left_on,
        left_reason=h.left_reason,
        household_size=int(needs.get("household_size") or 1),
        adults=int(needs.get("adults") or 1),
        children=h.children,
        rooms_needed=needs.get("rooms_needed"),
        accessibility_needs=list(needs.get("accessibility_needs") or []),
        area_wishes=[AreaWishRead(**w) for w in needs.get("area_wishes") or []],
        emergency_cost_per_night_ore=needs.get("emergency_cost_per_night_ore"),
        investments_ore=int(needs.get("investments_ore") or 0),
        nominating_unit=h.nominating_unit,
    )


class PoolController(Controller):
    path = "/pool"
    tags = ("pool",)
    guards = (requires("allocation:vacancy.read"),)

    @get(
        "/",
        operation_id="listPool",
        summary="Households in the pool (unordered: there is no queue)",
    )
    async def list_pool(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        status: Annotated[str | None, Parameter(max_length=16)] = "waiting",
        housing_type: FromQuery[HousingType | None] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> HouseholdPage:
        rows, total = await service.list_households(
            db_session,
            district=district,
            status=status,
            housing_type=housing_type,
            limit=limit,
            offset=offset,
        )
        for household in rows:
            await log_household_access(
                db_session,
                actor,
                personal_number=household.personal_number,
                action="read",
                resource=f"household:{household.id}",
                district=household.district,
            )
        return HouseholdPage(
            total=total, limit=limit, offset=offset, items=[household_read(h) for h in rows]
        )

    @get(
        "/{household_id:str}",
        operation_id="getPoolHousehold",
        summary="One household's needs and status",
    )
    async def get_household(
        self,
        household_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> HouseholdRead:
        household = await service.get_household(db_session, household_id)
        await log_household_access(
            db_session,
            actor,
            personal_number=household.personal_number,
            action="read",
            resource=f"household:{household.id}",
            district=household.district,
        )
        return household_read(household)
