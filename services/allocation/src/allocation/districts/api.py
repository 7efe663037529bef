"""`/api/v1/districts/{district}/allocation-config`: weights, unit managers, decision-maker."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.districts import service
from allocation.districts.schemas import DistrictConfigRead, DistrictConfigUpdate
from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotFound


def _read(config: service.EffectiveConfig) -> DistrictConfigRead:
    return DistrictConfigRead(
        district=config.district,
        weights=config.weights,
        unit_managers=list(config.unit_managers),
        decision_maker=config.decision_maker,
        warning_days=list(config.warning_days),
        nomination_days=config.nomination_days,
        updated_by=config.updated_by,
        updated_at=config.updated_at,
    )


def _visible(actor: Actor, district: str) -> None:
    if not actor.principal.in_district(district):
        raise NotFound("district not found")


class DistrictConfigController(Controller):
    path = "/districts/{district:str}/allocation-config"
    tags = ("districts",)

    @get(
        "/",
        guards=[requires("allocation:vacancy.read")],
        operation_id="getAllocationConfig",
        summary="The district's ranking weights (defaults where unset), unit managers, "
        "decision-maker and clock warnings",
    )
    async def get_config(
        self,
        district: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> DistrictConfigRead:
        _visible(actor, district)
        return _read(await service.config_of(db_session, district))

    @put(
        "/",
        guards=[requires("allocation:settings.write")],
        operation_id="putAllocationConfig",
        summary="Set the district's allocation settings (weights: finite numbers ≥ 0)",
    )
    async def put_config(
        self,
        district: FromPath[str],
        data: JSONBody[DistrictConfigUpdate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> DistrictConfigRead:
        _visible(actor, district)
        return _read(await service.update_config(db_session, actor, district, data, now=utcnow()))
