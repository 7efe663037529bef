"""Column types and statements for service tables: aware UTC instants, ids, idempotent inserts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC instant on every database.

    PostgreSQL keeps the offset (timestamptz); SQLite, the embedded default, hands
    back naive values. Normalising here means code only ever sees aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def instant_column(*, nullable: bool = False, index: bool = False) -> Any:
    return Column(UtcDateTime(), nullable=nullable, index=index)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


async def insert_if_absent(
    session: AsyncSession, model: type[Any], values: dict[str, Any], unique: Sequence[str]
) -> bool:
    """INSERT ... ON CONFLICT (unique) DO NOTHING; True if a row was inserted.

    Race-free on both databases: two deliveries of the same event never both
    insert, and neither fails.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(model).values(**values)
    elif dialect == "sqlite":
        statement = sqlite.insert(model).values(**values)
    else:  # pragma: no cover - the platform runs on PostgreSQL and SQLite only
        raise RuntimeError(f"unsupported database {dialect}")
    result = await session.execute(statement.on_conflict_do_nothing(index_elements=list(unique)))
    return bool(getattr(result, "rowcount", 0))
