"""Known districts."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.http_errors import FieldErrors
from eviction_prevention.districts.models import District

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

# The initial migration seeds bromma, skarholmen and four more Stockholm districts.


async def is_known(session: AsyncSession, code: str) -> bool:
    district = await session.get(District, code)
    return district is not None and district.active


async def known_codes(session: AsyncSession) -> set[str]:
    result = await session.execute(select(District.code).where(District.active.is_(True)))  # type: ignore[attr-defined]
    return set(result.scalars())


async def add_district(
    session: AsyncSession, code: str, name: str, details: dict[str, Any] | None = None
) -> District:
    """Add a district, or update and reactivate it. `details` are the checked fields of
    `schemas.DistrictDetails` besides the name (bankgiro, office, legal references)."""
    if not _CODE.match(code):
        raise FieldErrors([{"field": "code", "message": "lowercase letters, digits, _ and -"}])
    if not name.strip() or len(name) > 200:
        raise FieldErrors([{"field": "name", "message": "1..200 characters"}])
    district = await session.get(District, code)
    if district is None:
        district = District(code=code, name=name)
        session.add(district)
    else:
        district.name, district.active = name, True
    for field, value in (details or {}).items():
        setattr(district, field, value)
    await session.flush()
    return district


async def all_districts(session: AsyncSession) -> list[District]:
    result = await session.execute(select(District).order_by(District.code))
    return list(result.scalars())
