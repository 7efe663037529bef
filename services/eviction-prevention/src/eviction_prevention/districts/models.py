"""Districts (stadsdelar / municipalities) the platform serves: reference data.

A notice for a district not in this table is refused (422). The initial
migration seeds the demo districts; operators add more with
`python -m eviction_prevention.cli district add CODE NAME`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlmodel import Field, SQLModel


class District(SQLModel, table=True):
    __tablename__: ClassVar[Any] = "districts"

    code: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    active: bool = True
