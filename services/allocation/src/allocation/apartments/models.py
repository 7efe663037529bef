"""The apartment register and its vacancies (DOMAIN.md §2).

A vacancy arises from a new contract from a landlord (registered by hand), or
from tenancy: a tenant moved out, the apartment was inspected, renovated and
is ready. A takeover (the tenant takes over the first-hand lease, seed 002)
takes the apartment out of the register's pool for good.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal, get_args

from sqlalchemy import Index, text
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

# available: ours to offer; let: a lease is signed; vacated: moved out, not ready
# yet; left_pool: taken over by the tenant, no longer ours.
ApartmentStatus = Literal["available", "let", "vacated", "left_pool"]
APARTMENT_STATUSES: tuple[str, ...] = get_args(ApartmentStatus)
# open: waiting for a round; in_round: a round is running; allocated: an offer
# was accepted; filled: the lease is signed; withdrawn: no longer to be let.
VacancyStatus = Literal["open", "in_round", "allocated", "filled", "withdrawn"]
VACANCY_STATUSES: tuple[str, ...] = get_args(VacancyStatus)
ACTIVE_VACANCY_STATUSES = ("open", "in_round", "allocated")
# new_contract: registered by hand from a landlord; relocation / ready: from tenancy.
VacancySource = Literal["new_contract", "relocation", "ready"]


class Apartment(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "apartments"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    landlord_id: str = Field(max_length=64)
    street: str = Field(max_length=200)
    postal_code: str = Field(max_length=10)
    city: str = Field(max_length=100)
    apartment_number: str | None = Field(default=None, max_length=20)
    area: str = Field(max_length=100)  # the part of the district, e.g. "Åkeshov"
    rooms: int
    size_m2: int
    floor: int
    has_lift: bool = False
    wheelchair_accessible: bool = False
    rent_ore: int
    housing_type: str = Field(max_length=32)
    status: str = Field(default="available", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    created_by: str = Field(max_length=200)


class Vacancy(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "vacancies"
    __table_args__ = (
        # One vacancy at a time per apartment.
        Index(
            "uq_vacancies_active_apartment",
            "apartment_id",
            unique=True,
            postgresql_where=text("status IN ('open', 'in_round', 'allocated')"),
            sqlite_where=text("status IN ('open', 'in_round', 'allocated')"),
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    apartment_id: str = Field(foreign_key="apartments.id", index=True, max_length=64)
    source: str = Field(max_length=16)  # a VacancySource
    available_from: date
    status: str = Field(default="open", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    created_by: str = Field(max_length=200)
