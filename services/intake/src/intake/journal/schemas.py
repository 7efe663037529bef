from __future__ import annotations

from datetime import datetime

from intake.schemas_common import Body, Text, View


class JournalEntryCreate(Body):
    text: Text
    corrects_entry_id: str | None = None


class JournalEntryRead(View):
    entry_id: str
    written_at: datetime
    written_by: str
    text: str
    corrects_entry_id: str | None
    corrected_by: list[str]


class JournalPage(View):
    items: list[JournalEntryRead]
    total: int
    limit: int
    offset: int
