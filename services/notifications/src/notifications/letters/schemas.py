"""What the letters API returns. The list carries no personal data; one letter does."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from bostad_common.events.vocabulary import LetterKind
from notifications.letters.models import LetterStatus


class LetterSummary(BaseModel):
    id: str
    district: str
    case_id: str
    kind: LetterKind
    title: str  # Swedish name of the letter, e.g. "Brev inför hembesök"
    status: LetterStatus
    created_at: datetime


class LetterRecipientRead(BaseModel):
    name: str
    street: str
    postal_code: str
    city: str
    apartment_number: str | None


class LetterRead(LetterSummary):
    recipient: LetterRecipientRead
    visit_at: datetime | None
    body: str  # the rendered text, as it will be printed
