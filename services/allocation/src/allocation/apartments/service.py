"""Use cases of the apartment register and vacancies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.apartments.models import ACTIVE_VACANCY_STATUSES, Apartment, Vacancy
from allocation.apartments.schemas import ApartmentCreate
from allocation.rounds.models import OPEN_ROUND_STATUSES, Round
from bostad_common.domain_errors import Conflict, NotFound
from bostad_common.http_errors import FieldErrors


async def register_apartment(
    session: AsyncSession, by: str, data: ApartmentCreate, *, now: datetime
) -> Apartment:
    apartment = Apartment(**data.model_dump(), created_by=by, created_at=now)
    apartment.postal_code = data.postal_code.replace(" ", "")
    session.add(apartment)
    await session.flush()
    return apartment


async def get_apartment(session: AsyncSession, apartment_id: str) -> Apartment:
    apartment = await session.get(Apartment, apartment_id)
    if apartment is None:
        raise NotFound("apartment not found")
    return apartment


async def list_apartments(
    session: AsyncSession, *, district: str | None, status: str | None, limit: int, offset: int
) -> Sequence[Apartment]:
    query = select(Apartment)
    if district is not None:
        query = query.where(Apartment.district == district)
    if status is not None:
        query = query.where(Apartment.status == status)
    return (
        (await session.execute(query.order_by(Apartment.id).limit(limit).offset(offset)))
        .scalars()
        .all()
    )


async def open_vacancy(
    session: AsyncSession,
    by: str,
    *,
    apartment_id: str,
    available_from: date,
    source: str,
    now: datetime,
) -> Vacancy:
    apartment = await session.get(Apartment, apartment_id)
    if apartment is None:
        raise FieldErrors(
            [{"field": "apartment_id", "message": "no such apartment in the register"}]
        )
    if apartment.status == "left_pool":
        raise Conflict("the apartment was taken over by its tenant and is no longer ours to let")
    if apartment.status == "let":
        raise Conflict("the apartment is let; it becomes vacant when tenancy reports it vacated")
    vacancy = Vacancy(
        apartment_id=apartment.id,
        district=apartment.district,
        source=source,
        available_from=available_from,
        created_by=by,
        created_at=now,
    )
    session.add(vacancy)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("the apartment already has an open vacancy") from None
    apartment.status = "available"
    await session.flush()
    return vacancy


async def active_vacancy_of(session: AsyncSession, apartment_id: str) -> Vacancy | None:
    result = await session.execute(
        select(Vacancy).where(
            Vacancy.apartment_id == apartment_id, Vacancy.status.in_(ACTIVE_VACANCY_STATUSES)
        )  # type: ignore[attr-defined]
    )
    return result.scalars().first()


async def take_out_of_pool(session: AsyncSession, apartment_id: str) -> Apartment | None:
    """A takeover (seed 002): the tenant holds the first-hand lease now; no vacancy, no round."""
    apartment = await session.get(Apartment, apartment_id)
    if apartment is None:
        return None
    apartment.status = "left_pool"
    vacancy = await active_vacancy_of(session, apartment_id)
    if vacancy is not None:
        vacancy.status = "withdrawn"
        for rnd in (
            await session.execute(
                select(Round).where(
                    Round.vacancy_id == vacancy.id, Round.status.in_(OPEN_ROUND_STATUSES)
                )
            )  # type: ignore[attr-defined]
        ).scalars():
            rnd.status = "cancelled"
    await session.flush()
    return apartment


async def get_vacancy(session: AsyncSession, vacancy_id: str) -> Vacancy:
    vacancy = await session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound("vacancy not found")
    return vacancy


async def list_vacancies(
    session: AsyncSession, *, district: str | None, status: str | None, limit: int, offset: int
) -> Sequence[Vacancy]:
    query = select(Vacancy)
    if district is not None:
        query = query.where(Vacancy.district == district)
    if status is not None:
        query = query.where(Vacancy.status == status)
    return (
        (
            await session.execute(
                query.order_by(Vacancy.created_at.desc()).limit(limit).offset(offset)
            )  # type: ignore[attr-defined]
        )
        .scalars()
        .all()
    )
