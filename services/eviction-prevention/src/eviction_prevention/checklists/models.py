"""A case's checklist items, copied from the catalogue when the case opens."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class ChecklistItem(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "checklist_items"
    __table_args__ = (UniqueConstraint("case_id", "code", name="uq_checklist_items_case_code"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(
        sa_column=Column(String(64), ForeignKey("cases.id"), nullable=False, index=True)
    )
    code: str = Field(max_length=64)
    label: str = Field(max_length=300)
    unit: str = Field(max_length=32)
    mandatory: bool
    position: int
    added_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    done_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    done_by: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # "Not applicable" with a reason settles an item as well as doing it.
    not_applicable_at: datetime | None = Field(
        default=None, sa_column=instant_column(nullable=True)
    )
    not_applicable_by: str | None = Field(default=None, max_length=200)
    not_applicable_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ChecklistItemChange(DistrictOwned, table=True):
    """Every tick, "not applicable" and undo of a case's item: who, when and why."""

    __tablename__: ClassVar[Any] = "checklist_item_changes"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(
        sa_column=Column(String(64), ForeignKey("cases.id"), nullable=False, index=True)
    )
    code: str = Field(max_length=64)
    action: str = Field(max_length=16)  # done | not_applicable | undone
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    changed_by: str = Field(max_length=200)
    changed_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
