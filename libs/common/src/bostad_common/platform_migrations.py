"""Alembic operations for the tables every service owns: outbox, inbox, access log.

A service's first migration calls `create_platform_tables()` so the five
databases get identical infrastructure tables (and the access log its
append-only triggers) without five copies of the same DDL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bostad_common.auth.access_log import append_only_trigger_sql, drop_append_only_trigger_sql


def create_platform_tables() -> None:
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
    for statement in append_only_trigger_sql(op.get_bind().dialect.name):
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


def drop_platform_tables() -> None:
    op.drop_index("ix_outbox_published_at_created_at", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")
    for statement in drop_append_only_trigger_sql(op.get_bind().dialect.name):
        op.execute(statement)
    for column in ("actor", "at", "district", "person_ref"):
        op.drop_index(f"ix_access_log_{column}", table_name="access_log")
    op.drop_table("access_log")
