"""What the letters API takes and returns. The list carries no personal data; one letter does."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from notifications.letters.catalogue import NotificationLetterKind
from notifications.letters.models import LetterStatus


class LetterSummary(BaseModel):
    id: str
    district: str
    case_id: str | None
    reference_id: str  # the case, lease or application the letter is about
    reference: str  # short reference printed on the letter, e.g. KLMN-PQRS
    kind: NotificationLetterKind
    title: str  # Swedish name of the letter, e.g. "Brev inför hembesök"
    status: LetterStatus
    registered_post: bool
    created_at: datetime
    printed_at: datetime | None
    printed_by: str | None
    sent_at: datetime | None
    sent_by: str | None
    registered_post_number: str | None
    cancelled_at: datetime | None
    cancelled_by: str | None


class LetterRecipientRead(BaseModel):
    name: str
    street: str
    postal_code: str
    city: str
    apartment_number: str | None


class LetterRead(LetterSummary):
    recipient: LetterRecipientRead
    visit_at: datetime | None
    sender_name: str
    cancel_reason: str | None
    body: str  # the letter's text, as printed in the PDF


class MarkSent(BaseModel):
    registered_post_number: str | None = Field(default=None, max_length=40)


class MarkCancelled(BaseModel):
    reason: str = Field(min_length=1, max_length=200)
