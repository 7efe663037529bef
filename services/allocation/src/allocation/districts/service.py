"""Reading and changing a district's allocation settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from allocation.districts import rules
from allocation.districts.models import DistrictAllocationConfig
from allocation.districts.schemas import DistrictConfigUpdate
from bostad_common.auth.actor import Actor
from bostad_common.http_errors import FieldErrors


@dataclass(frozen=True)
class EffectiveConfig:
    district: str
    weights: dict[str, float]
    unit_managers: tuple[str, ...]
    decision_maker: str | None
    warning_days: tuple[int, ...]
    nomination_days: int
    updated_by: str | None = None
    updated_at: datetime | None = None


async def config_of(session: AsyncSession, district: str) -> EffectiveConfig:
    row = await session.get(DistrictAllocationConfig, district)
    if row is None:
        return EffectiveConfig(
            district=district,
            weights=dict(rules.DEFAULT_WEIGHTS),
            unit_managers=(),
            decision_maker=None,
            warning_days=rules.DEFAULT_WARNING_DAYS,
            nomination_days=rules.DEFAULT_NOMINATION_DAYS,
        )
    return EffectiveConfig(
        district=district,
        weights=rules.effective_weights(row.weights),
        unit_managers=tuple(row.unit_managers),
        decision_maker=row.decision_maker,
        warning_days=tuple(sorted(set(row.warning_days))),
        nomination_days=row.nomination_days,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


async def update_config(
    session: AsyncSession, actor: Actor, district: str, data: DistrictConfigUpdate, *, now: datetime
) -> EffectiveConfig:
    errors = rules.weight_errors(data.weights) + rules.warning_day_errors(data.warning_days)
    if data.decision_maker is not None and not data.decision_maker.strip():
        errors.append({"field": "decision_maker", "message": "a staff user id, or null"})
    if errors:
        raise FieldErrors(errors)
    row = await session.get(DistrictAllocationConfig, district)
    if row is None:
        row = DistrictAllocationConfig(district=district, updated_by=actor.name)
        session.add(row)
    row.weights = {name: float(value) for name, value in data.weights.items()}
    row.unit_managers = list(dict.fromkeys(data.unit_managers))
    row.decision_maker = data.decision_maker
    row.warning_days = sorted(set(data.warning_days))
    row.nomination_days = data.nomination_days
    row.updated_by, row.updated_at = actor.name, now
    await session.flush()
    return await config_of(session, district)
