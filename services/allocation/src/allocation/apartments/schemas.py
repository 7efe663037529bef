"""Typed request and response models of the apartment register and vacancies."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from allocation.apartments.models import ApartmentStatus, VacancySource, VacancyStatus
from bostad_common.events.vocabulary import HousingType


class ApartmentCreate(BaseModel):
    district: str = Field(max_length=64)
    landlord_id: str = Field(min_length=1, max_length=64)
    street: str = Field(min_length=1, max_length=200)
    postal_code: str = Field(pattern=r"^\d{3} ?\d{2}$")
    city: str = Field(min_length=1, max_length=100)
    apartment_number: str | None = Field(default=None, max_length=20)
    area: str = Field(min_length=1, max_length=100)
    rooms: int = Field(ge=1, le=20)
    size_m2: int = Field(ge=5, le=1000)
    floor: int = Field(ge=-2, le=100)
    has_lift: bool = False
    wheelchair_accessible: bool = False
    rent_ore: int = Field(ge=0)
    housing_type: HousingType


class ApartmentRead(BaseModel):
    apartment_id: str
    district: str
    landlord_id: str
    street: str
    postal_code: str
    city: str
    apartment_number: str | None
    area: str
    rooms: int
    size_m2: int
    floor: int
    has_lift: bool
    wheelchair_accessible: bool
    rent_ore: int
    housing_type: str
    status: ApartmentStatus


class VacancyCreate(BaseModel):
    apartment_id: str = Field(min_length=1, max_length=64)
    available_from: date
    source: VacancySource = "new_contract"


class VacancyRead(BaseModel):
    vacancy_id: str
    district: str
    apartment_id: str
    source: VacancySource
    available_from: date
    status: VacancyStatus
    created_at: datetime
    created_by: str
