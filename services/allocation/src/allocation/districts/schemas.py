"""Typed request and response models of the district settings API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, confloat, conint
from pydantic_core import PydanticCustomError

from allocation.districts.rules import (
    DEFAULT_WARNING_DAYS,
    FACTORS,
    MAX_WARNING_DAY,
    MAX_WEIGHT,
    MIN_WARNING_DAY,
    is_plain_number,
)


def _a_number(value: object) -> object:
    """`true` or "10" is a client's mistake, not a weight of 1 or 10 (422 naming the field).

    A validator, not `strict=True`: Litestar validates bodies with `strict=False`,
    which overrides a field's strictness.
    """
    if not is_plain_number(value):
        raise PydanticCustomError("not_a_number", "must be a number")
    return value


# con*() rather than Field(): Litestar's OpenAPI shows the bounds of list items and
# map values only this way.
Weight = Annotated[confloat(ge=0, le=MAX_WEIGHT, allow_inf_nan=False), BeforeValidator(_a_number)]
WarningDay = Annotated[conint(ge=MIN_WARNING_DAY, le=MAX_WARNING_DAY), BeforeValidator(_a_number)]


class DistrictConfigUpdate(BaseModel):
    """Unknown factors are named by `rules.weight_errors` (422); a factor left out keeps
    its default."""

    weights: dict[str, Weight] = Field(
        default={},
        description=f"Weight 0..{MAX_WEIGHT:g} per ranking factor, one of: {', '.join(FACTORS)}",
    )
    unit_managers: list[str] = Field(default=[], max_length=20)
    decision_maker: str | None = Field(default=None, max_length=200)
    warning_days: list[WarningDay] = Field(
        default=list(DEFAULT_WARNING_DAYS),
        max_length=10,
        description="Days after the decision on which a waiting clock warns",
    )
    nomination_days: int = Field(default=3, ge=0, le=30)


class DistrictConfigRead(BaseModel):
    district: str
    weights: dict[str, float]
    unit_managers: list[str]
    decision_maker: str | None
    warning_days: list[int]
    nomination_days: int
    updated_by: str | None
    updated_at: datetime | None
