"""Request body and read models of the landlord administration (`/api/v1/admin/landlords`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bostad_common.validation import SafeText


class LandlordCreate(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True, extra="forbid")

    name: Annotated[
        SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    districts: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,64}$")]],
        Field(min_length=1, max_length=50),
    ]


class LandlordRead(BaseModel):
    """A registered landlord; its credentials are never shown again after they are issued."""

    landlord_id: str
    name: str
    districts: list[str]
    created_at: datetime
    revoked_at: datetime | None
    active_credentials: int


class LandlordCredentialIssued(BaseModel):
    """The credential in clear text: in this answer only (only its hash is stored)."""

    landlord_id: str
    credential: str


class LandlordRevoked(BaseModel):
    landlord_id: str
    revoked_at: datetime | None
