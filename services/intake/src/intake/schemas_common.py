"""Small building blocks of the request and response models, defined once."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
DistrictCode = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
]


class Body(BaseModel):
    """Request bodies: unknown fields refused, rejected input never echoed."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="forbid", str_max_length=4000)


class View(BaseModel):
    """Response models."""

    model_config = ConfigDict(from_attributes=True)
