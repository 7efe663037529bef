"""Letters to tenants and applicants: rendered, stored as text and PDF, printed, sent.

The addressee's name and address are personal data: stored because the letter
must reach them, returned only by the guarded, district-scoped, access-logged
letters API, and never logged or put on a topic.

Status: to_print -> printed -> sent, or cancelled (from to_print or printed).
Each step records who and when; a letter that goes by registered post
(`registered_post`) cannot be marked sent without the registered-post number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Final, Literal

from sqlalchemy import LargeBinary, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

# A letter's state: queued to print, printed, posted, or cancelled before posting.
LetterStatus = Literal["to_print", "printed", "sent", "cancelled"]
TO_PRINT: Final[LetterStatus] = "to_print"
PRINTED: Final[LetterStatus] = "printed"
SENT: Final[LetterStatus] = "sent"
CANCELLED: Final[LetterStatus] = "cancelled"
# Kept for readers of the first version.
QUEUED_FOR_PRINT: Final[LetterStatus] = TO_PRINT


class Letter(DistrictOwned, SQLModel, table=True):
    __tablename__: ClassVar[Any] = "letters"
    __table_args__ = (UniqueConstraint("event_id", name="uq_letters_event_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)  # unique: one letter per event (or staff request)
    case_id: str | None = Field(default=None, max_length=64, index=True)
    reference_id: str = Field(default="", max_length=64, index=True)  # case, lease or decision
    reference: str = Field(default="", max_length=16)  # short, e.g. KLMN-PQRS
    kind: str = Field(max_length=32)
    title: str = Field(default="", max_length=100)
    template: str = Field(max_length=100)
    status: str = Field(default=TO_PRINT, max_length=32)
    registered_post: bool = False
    recipient_name: str = Field(max_length=200)
    recipient_street: str = Field(max_length=200)
    recipient_postal_code: str = Field(max_length=10)
    recipient_city: str = Field(max_length=100)
    recipient_apartment_number: str | None = Field(default=None, max_length=20)
    # The addressee's pseudonym, for the access log (None on letters from before issue #8).
    person_ref: str | None = Field(default=None, max_length=34)
    visit_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    sender_name: str = Field(default="", max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    pdf: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column(index=True))
    printed_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    printed_by: str | None = Field(default=None, max_length=255)
    sent_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    sent_by: str | None = Field(default=None, max_length=255)
    registered_post_number: str | None = Field(default=None, max_length=40)
    cancelled_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    cancelled_by: str | None = Field(default=None, max_length=255)
    cancel_reason: str | None = Field(default=None, max_length=200)
