"""`/api/v1/apartments` and `/api/v1/vacancies`: the register and its vacancies."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.apartments import service
from allocation.apartments.models import Apartment, Vacancy
from allocation.apartments.schemas import ApartmentCreate, ApartmentRead, VacancyCreate, VacancyRead
from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotPermitted
from bostad_common.pagination import PageLimit, PageOffset

DistrictFilter = Annotated[str | None, Parameter(max_length=64)]
StatusFilter = Annotated[str | None, Parameter(max_length=16)]


def apartment_read(a: Apartment) -> ApartmentRead:
    return ApartmentRead(
        apartment_id=a.id,
        district=a.district,
        landlord_id=a.landlord_id,
        street=a.street,
        postal_code=a.postal_code,
        city=a.city,
        apartment_number=a.apartment_number,
        area=a.area,
        rooms=a.rooms,
        size_m2=a.size_m2,
        floor=a.floor,
        has_lift=a.has_lift,
        wheelchair_accessible=a.wheelchair_accessible,
        rent_ore=a.rent_ore,
        housing_type=a.housing_type,
        status=a.status,
    )


def vacancy_read(v: Vacancy) -> VacancyRead:
    return VacancyRead(
        vacancy_id=v.id,
        district=v.district,
        apartment_id=v.apartment_id,
        source=v.source,
        available_from=v.available_from,
        status=v.status,
        created_at=v.created_at,
        created_by=v.created_by,
    )


class ApartmentController(Controller):
    path = "/apartments"
    tags = ("apartments",)

    @post(
        "/",
        guards=[requires("allocation:vacancy.write")],
        operation_id="registerApartment",
        summary="Add an apartment to the register",
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        data: JSONBody[ApartmentCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> ApartmentRead:
        if not actor.principal.in_district(data.district):
            raise NotPermitted("you do not work in this district")
        return apartment_read(
            await service.register_apartment(db_session, actor.name, data, now=utcnow())
        )

    @get(
        "/",
        guards=[requires("allocation:vacancy.read")],
        operation_id="listApartments",
        summary="The apartment register, filtered by district and status",
    )
    async def list_apartments(
        self,
        db_session: NamedDependency[AsyncSession],
        district: DistrictFilter = None,
        status: StatusFilter = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> list[ApartmentRead]:
        rows = await service.list_apartments(
            db_session, district=district, status=status, limit=limit, offset=offset
        )
        return [apartment_read(a) for a in rows]

    @get(
        "/{apartment_id:str}",
        guards=[requires("allocation:vacancy.read")],
        operation_id="getApartment",
        summary="One apartment",
    )
    async def get_apartment(
        self, apartment_id: FromPath[str], db_session: NamedDependency[AsyncSession]
    ) -> ApartmentRead:
        return apartment_read(await service.get_apartment(db_session, apartment_id))


class VacancyController(Controller):
    path = "/vacancies"
    tags = ("vacancies",)

    @post(
        "/",
        guards=[requires("allocation:vacancy.write")],
        operation_id="registerVacancy",
        summary="Register a vacancy by hand (a new contract from a landlord)",
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        data: JSONBody[VacancyCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> VacancyRead:
        vacancy = await service.open_vacancy(
            db_session,
            actor.name,
            apartment_id=data.apartment_id,
            available_from=data.available_from,
            source=data.source,
            now=utcnow(),
        )
        return vacancy_read(vacancy)

    @get(
        "/",
        guards=[requires("allocation:vacancy.read")],
        operation_id="listVacancies",
        summary="Vacancies, filtered by district and status",
    )
    async def list_vacancies(
        self,
        db_session: NamedDependency[AsyncSession],
        district: DistrictFilter = None,
        status: StatusFilter = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> list[VacancyRead]:
        rows = await service.list_vacancies(
            db_session, district=district, status=status, limit=limit, offset=offset
        )
        return [vacancy_read(v) for v in rows]

    @get(
        "/{vacancy_id:str}",
        guards=[requires("allocation:vacancy.read")],
        operation_id="getVacancy",
        summary="One vacancy",
    )
    async def get_vacancy(
        self, vacancy_id: FromPath[str], db_session: NamedDependency[AsyncSession]
    ) -> VacancyRead:
        return vacancy_read(await service.get_vacancy(db_session, vacancy_id))
