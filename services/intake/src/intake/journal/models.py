"""Day notes per application (journalanteckningar): append-only.

A correction is a new entry pointing at the one it corrects; nothing is
changed or removed (the migration adds triggers that refuse UPDATE and DELETE).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Column, Text
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class JournalEntry(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "application_journal_entries"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=64)
    written_at: datetime = Field(default_factory=utcnow, sa_column=instant_column(index=True))
    written_by: str = Field(max_length=200)
    text: str = Field(sa_column=Column(Text, nullable=False))
    corrects_entry_id: str | None = Field(
        default=None, foreign_key="application_journal_entries.id", max_length=64
    )
