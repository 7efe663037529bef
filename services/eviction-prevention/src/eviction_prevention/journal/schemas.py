"""Request and read models of the case journal and attachments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from litestar.datastructures import UploadFile
from pydantic import BaseModel, StringConstraints

from bostad_common.validation import PlausibleDate, SafeMultilineText
from eviction_prevention.journal.models import Attachment, JournalEntry
from eviction_prevention.journal.rules import AttachmentKind
from eviction_prevention.schemas import StaffBody

EntryText = Annotated[
    SafeMultilineText, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)
]


class JournalEntryCreate(StaffBody):
    text: EntryText
    day: PlausibleDate | None = None  # default: today
    corrects: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None


class JournalEntryRead(BaseModel):
    entry_id: str
    day: date
    text: str
    corrects_entry_id: str | None
    written_by: str
    written_at: datetime

    @classmethod
    def of(cls, entry: JournalEntry) -> JournalEntryRead:
        return cls(
            entry_id=entry.id,
            day=entry.day,
            text=entry.text,
            corrects_entry_id=entry.corrects_entry_id,
            written_by=entry.written_by,
            written_at=entry.written_at,
        )


@dataclass
class AttachmentUpload:
    """multipart/form-data: the file, what it is, and an optional description."""

    file: UploadFile
    kind: AttachmentKind = "other"
    description: str | None = None


class AttachmentRead(BaseModel):
    attachment_id: str
    kind: AttachmentKind
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    description: str | None
    uploaded_by: str
    uploaded_at: datetime

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentRead:
        return cls(
            attachment_id=attachment.id,
            kind=attachment.kind,  # type: ignore[arg-type]
            filename=attachment.filename,
            content_type=attachment.content_type,
            size_bytes=attachment.size_bytes,
            sha256=attachment.sha256,
            description=attachment.description,
            uploaded_by=attachment.uploaded_by,
            uploaded_at=attachment.uploaded_at,
        )
