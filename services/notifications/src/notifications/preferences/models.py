"""A person's choice of e-mail for a kind of notification.

`kind` is a notification kind (inbox/texts.py) or `*` for every kind without a
choice of its own. In-app is always immediate and cannot be switched off: the
inbox is where the work is. No row means immediate e-mail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Final, Literal

from sqlmodel import Field, SQLModel

from bostad_common.db_types import instant_column, utcnow

EmailMode = Literal["immediate", "daily_digest"]
IMMEDIATE: Final = "immediate"
DAILY_DIGEST: Final = "daily_digest"
EveryKind = Literal["*"]
EVERY_KIND: Final[EveryKind] = "*"


class NotificationPreference(SQLModel, table=True):
    __tablename__: ClassVar[Any] = "notification_preferences"

    person_id: str = Field(primary_key=True, max_length=255)
    kind: str = Field(primary_key=True, max_length=64)
    email: str = Field(default=IMMEDIATE, max_length=16)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
