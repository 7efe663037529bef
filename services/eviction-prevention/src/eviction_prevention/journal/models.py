"""The case journal (day notes, journalanteckningar) and the case's attachments.

The journal is append-only: an entry is never changed or removed; a
correction is a new entry that names the entry it corrects (as a paper
journal is corrected by a dated addition, never by erasing). The mapper
refuses updates and deletes, so no code path can rewrite the record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, LargeBinary, String, Text, event
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


def _case_fk() -> Any:
    return Column(String(64), ForeignKey("cases.id"), nullable=False, index=True)


class JournalEntry(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "journal_entries"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(sa_column=_case_fk())
    day: date  # the day the note is about (Swedish calendar)
    text: str = Field(sa_column=Column(Text, nullable=False))
    corrects_entry_id: str | None = Field(
        default=None,
        sa_column=Column(String(64), ForeignKey("journal_entries.id"), nullable=True),
    )
    written_by: str = Field(max_length=200)
    written_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class Attachment(DistrictOwned, table=True):
    """A document on the case, e.g. the signed consent form; the bytes stay in the
    database with the case (same backups, same district isolation)."""

    __tablename__: ClassVar[Any] = "case_attachments"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(sa_column=_case_fk())
    kind: str = Field(max_length=32)  # journal.rules.AttachmentKind
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    uploaded_by: str = Field(max_length=200)
    uploaded_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    # Lists leave this out (`defer`); only a download reads it.
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


def _refuse(_mapper: Any, _connection: Any, target: Any) -> None:
    raise PermissionError(f"{type(target).__name__} rows are append-only")


for _model in (JournalEntry, Attachment):
    event.listen(_model, "before_update", _refuse)
    event.listen(_model, "before_delete", _refuse)
