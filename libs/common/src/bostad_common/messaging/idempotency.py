"""Idempotent consumers: which events a consumer has already applied.

Table `processed_event` (called `inbox` before revision 0002; renamed so it is
not confused with notifications' inbox of messages to people).

The row is inserted in the same transaction as the consumer's effect, so the
effect and "done" commit together. A redelivered event finds its row and
changes nothing. Two deliveries racing each other collide on the primary key;
the loser's transaction fails and its retry sees the event as already done.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import Column, DateTime
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel


class ProcessedEvent(SQLModel, table=True):
    """One event one consumer group has applied; written with the effect it had."""

    __tablename__: ClassVar[Any] = "processed_event"

    consumer: str = Field(primary_key=True, description="The consumer group that applied it")
    event_id: str = Field(primary_key=True)
    processed_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC),
        sa_column=Column(DateTime(timezone=True), nullable=False),
    )


async def first_delivery(session: AsyncSession, consumer: str, event_id: str) -> bool:
    """True the first time `consumer` sees `event_id` (and records it); False afterwards.

    The record is part of the caller's transaction: if the caller rolls back,
    the event counts as not yet processed.
    """
    if await session.get(ProcessedEvent, (consumer, event_id)) is not None:
        return False
    session.add(ProcessedEvent(consumer=consumer, event_id=event_id))
    await session.flush()  # a concurrent duplicate fails here, before the effect is applied
    return True
