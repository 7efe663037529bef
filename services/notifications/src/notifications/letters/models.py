"""Letters to tenants, rendered and waiting for print and post.

The addressee's name and address are personal data: stored because the letter
must reach them, returned only by the guarded, district-scoped, access-logged
letters API, and never logged or put on a topic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Final, Literal

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

# A letter's state; printing and posting happen outside the platform for now.
LetterStatus = Literal["queued_for_print"]
QUEUED_FOR_PRINT: Final[LetterStatus] = "queued_for_print"


class Letter(DistrictOwned, SQLModel, table=True):
    __tablename__: ClassVar[Any] = "letters"
    __table_args__ = (UniqueConstraint("event_id", name="uq_letters_event_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)  # unique: one letter per LetterRequested
    case_id: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=32)  # information_letter | home_visit_letter | consent_form
    template: str = Field(max_length=100)
    status: str = Field(default=QUEUED_FOR_PRINT, max_length=32)
    recipient_name: str = Field(max_length=200)
    recipient_street: str = Field(max_length=200)
    recipient_postal_code: str = Field(max_length=10)
    recipient_city: str = Field(max_length=100)
    recipient_apartment_number: str | None = Field(default=None, max_length=20)
    # The addressee's pseudonym, for the access log (None on letters from before issue #8).
    person_ref: str | None = Field(default=None, max_length=34)
    visit_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column(index=True))
