"""Alembic operations for the tables every service owns: outbox, processed events,
access log.

Each function here is a *frozen step*: the revisions that call it have run on
real databases, so its DDL is part of their history and is never edited. A change
to a platform table is a new function with the next version suffix, called from a
new revision in every service; `tests/test_migrations_match_models.py` fails until
every service has one.

* v1 (each service's revision 0001): `access_log` with its append-only triggers,
  `inbox`, `outbox`.
* v2 (revision 0002): `inbox` becomes `processed_event` (the idempotency record of
  the consumers; "inbox" was easily confused with notifications' user inbox).
"""

from __future__ import annotations

from typing import Any, Final

import sqlalchemy as sa
from alembic import op

# ---------------------------------------------------------------- v1 (frozen)

_APPEND_ONLY_TRIGGERS_V1: Final[dict[str, tuple[str, ...]]] = {
    "postgresql": (
        """
        CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """,
        "DROP TRIGGER IF EXISTS access_log_no_update_delete ON access_log",
        """
        CREATE TRIGGER access_log_no_update_delete
        BEFORE UPDATE OR DELETE ON access_log
        FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
        """,
        "DROP TRIGGER IF EXISTS access_log_no_truncate ON access_log",
        """
        CREATE TRIGGER access_log_no_truncate
        BEFORE TRUNCATE ON access_log
        FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()
        """,
    ),
    "sqlite": (
        """
        CREATE TRIGGER IF NOT EXISTS access_log_no_update
        BEFORE UPDATE ON access_log
        BEGIN SELECT RAISE(ABORT, 'access_log is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS access_log_no_delete
        BEFORE DELETE ON access_log
        BEGIN SELECT RAISE(ABORT, 'access_log is append-only: DELETE refused'); END
        """,
    ),
}

_DROP_APPEND_ONLY_TRIGGERS_V1: Final[dict[str, tuple[str, ...]]] = {
    "postgresql": (
        "DROP TRIGGER IF EXISTS access_log_no_update_delete ON access_log",
        "DROP TRIGGER IF EXISTS access_log_no_truncate ON access_log",
        "DROP FUNCTION IF EXISTS access_log_append_only()",
    ),
    "sqlite": (
        "DROP TRIGGER IF EXISTS access_log_no_update",
        "DROP TRIGGER IF EXISTS access_log_no_delete",
    ),
}


def _dialect_name(dialect: Any) -> str:
    return dialect if isinstance(dialect, str) else dialect.name


def append_only_trigger_sql_v1(dialect: Any) -> list[str]:
    """The statements that make `access_log` refuse UPDATE and DELETE (and TRUNCATE on PG)."""
    name = _dialect_name(dialect)
    if name not in _APPEND_ONLY_TRIGGERS_V1:
        raise ValueError(f"no append-only trigger for dialect {name!r}")
    return list(_APPEND_ONLY_TRIGGERS_V1[name])


def drop_append_only_trigger_sql_v1(dialect: Any) -> list[str]:
    """The reverse of `append_only_trigger_sql_v1`."""
    name = _dialect_name(dialect)
    if name not in _DROP_APPEND_ONLY_TRIGGERS_V1:
        raise ValueError(f"no append-only trigger for dialect {name!r}")
    return list(_DROP_APPEND_ONLY_TRIGGERS_V1[name])


def create_platform_tables_v1() -> None:
    op.create_table(
        "access_log",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("actor_roles", sa.String(length=500), nullable=False),
        sa.Column("district", sa.String(length=64), nullable=True),
        sa.Column("person_ref", sa.String(length=34), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("resource", sa.String(length=255), nullable=False),
        sa.Column("purpose", sa.String(length=255), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("hash"),
    )
    for column in ("actor", "at", "district", "person_ref"):
        op.create_index(f"ix_access_log_{column}", "access_log", [column])
    for statement in append_only_trigger_sql_v1(op.get_bind().dialect):
        op.execute(statement)

    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outbox_published_at_created_at", "outbox", ["published_at", "created_at"])


def drop_platform_tables_v1() -> None:
    op.drop_index("ix_outbox_published_at_created_at", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")
    for statement in drop_append_only_trigger_sql_v1(op.get_bind().dialect):
        op.execute(statement)
    for column in ("actor", "at", "district", "person_ref"):
        op.drop_index(f"ix_access_log_{column}", table_name="access_log")
    op.drop_table("access_log")


# ---------------------------------------------------------------- v2 (frozen)


def _rename_primary_key(old: str, new: str) -> None:
    # PostgreSQL names the key after the table it was created with; SQLite's is unnamed.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'ALTER TABLE "{new}" RENAME CONSTRAINT "{old}_pkey" TO "{new}_pkey"')


def rename_inbox_to_processed_event_v2() -> None:
    op.rename_table("inbox", "processed_event")
    _rename_primary_key("inbox", "processed_event")


def rename_processed_event_to_inbox_v2() -> None:
    """The downgrade of `rename_inbox_to_processed_event_v2`."""
    op.rename_table("processed_event", "inbox")
    _rename_primary_key("processed_event", "inbox")
