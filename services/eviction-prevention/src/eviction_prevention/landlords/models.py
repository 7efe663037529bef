"""Landlord systems and their credentials.

A credential is a 256-bit random secret shown once; only its SHA-256 is kept.
A fast hash is enough here because the secret is random and high-entropy:
slow password hashes (bcrypt, argon2) defend low-entropy human passwords
against offline guessing, and no amount of guessing finds a 2^256 secret. The
fast, unsalted hash also makes the lookup one indexed equality per request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, String
from sqlmodel import Column, Field, SQLModel

from bostad_common.db_types import instant_column, new_id, utcnow


class Landlord(SQLModel, table=True):
    __tablename__: ClassVar[Any] = "landlords"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    revoked_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))


class LandlordDistrict(SQLModel, table=True):
    """The districts a landlord may submit notices for."""

    __tablename__: ClassVar[Any] = "landlord_districts"

    landlord_id: str = Field(
        sa_column=Column(
            String(64), ForeignKey("landlords.id", ondelete="CASCADE"), primary_key=True
        )
    )
    district: str = Field(
        sa_column=Column(String(64), ForeignKey("districts.code"), primary_key=True)
    )


class LandlordCredential(SQLModel, table=True):
    __tablename__: ClassVar[Any] = "landlord_credentials"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    landlord_id: str = Field(
        sa_column=Column(
            String(64), ForeignKey("landlords.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    secret_sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    revoked_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
