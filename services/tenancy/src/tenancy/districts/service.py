"""District configuration look-ups."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tenancy.districts.models import DistrictConfig


def normalise_bankgiro(number: str) -> str:
    return number.replace("-", "").strip().lstrip("0") or "0"


async def get(session: AsyncSession, code: str) -> DistrictConfig | None:
    return await session.get(DistrictConfig, code)


async def by_bankgiro(session: AsyncSession) -> dict[str, DistrictConfig]:
    rows = (await session.execute(select(DistrictConfig))).scalars().all()
    return {normalise_bankgiro(row.bankgiro): row for row in rows}


def format_bankgiro(number: str) -> str:
    """As printed on the avi: 7 digits "NNN-NNNN", 8 digits "NNNN-NNNN"."""
    return f"{number[:-4]}-{number[-4:]}" if len(number) >= 7 else number
