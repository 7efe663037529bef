"""Districts (stadsdelar / municipalities) the platform serves: reference data.

A notice for a district not in this table is refused (422). The initial
migration seeds the demo districts; operators add more with
`python -m eviction_prevention.cli district add CODE NAME`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON
from sqlmodel import Column, Field, SQLModel


class District(SQLModel, table=True):
    """A district and what its letters need: who sends them, how to reach the office,
    where to pay, and the legal references the municipality cites (issue #9)."""

    __tablename__: ClassVar[Any] = "districts"

    code: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    active: bool = True
    bankgiro: str | None = Field(default=None, max_length=12)  # NNN-NNNN or NNNN-NNNN
    office_name: str | None = Field(default=None, max_length=200)  # the letters' sender
    office_street: str | None = Field(default=None, max_length=200)
    office_postal_code: str | None = Field(default=None, max_length=10)
    office_city: str | None = Field(default=None, max_length=100)
    office_phone: str | None = Field(default=None, max_length=30)
    office_email: str | None = Field(default=None, max_length=200)
    legal_references: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
