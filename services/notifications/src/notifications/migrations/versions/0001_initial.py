"""Initial tables: inbox notifications and read receipts, deliveries, letters,
and the infrastructure tables (outbox, messaging inbox, append-only access log).

Written for both PostgreSQL and SQLite (the embedded default). Timestamps are
`timestamptz` on PostgreSQL; the models' UtcDateTime type normalises SQLite's
naive values to UTC on read.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bostad_common.auth.access_log import append_only_trigger_sql, drop_append_only_trigger_sql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _instant(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    # --- infrastructure (bostad_common) -------------------------------------------
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        _instant("created_at"),
        _instant("published_at", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outbox_published_at_created_at", "outbox", ["published_at", "created_at"])

    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        _instant("processed_at"),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )

    op.create_table(
        "access_log",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        _instant("at"),
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
    op.create_index("ix_access_log_actor", "access_log", ["actor"])
    op.create_index("ix_access_log_at", "access_log", ["at"])
    op.create_index("ix_access_log_district", "access_log", ["district"])
    op.create_index("ix_access_log_person_ref", "access_log", ["person_ref"])
    for statement in append_only_trigger_sql(op.get_bind().dialect.name):
        op.execute(statement)

    # --- in-app inbox ---------------------------------------------------------------
    op.create_table(
        "inbox_notifications",
        sa.Column("district", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("recipient_role", sa.String(length=64), nullable=True),
        sa.Column("recipient_user", sa.String(length=255), nullable=True),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        _instant("created_at"),
        _instant("read_at", nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "recipient", name="uq_inbox_notifications_event_recipient"),
    )
    op.create_index("ix_inbox_notifications_district", "inbox_notifications", ["district"])
    op.create_index("ix_inbox_notifications_case_id", "inbox_notifications", ["case_id"])
    op.create_index(
        "ix_inbox_notifications_role",
        "inbox_notifications",
        ["district", "recipient_role", "created_at"],
    )
    op.create_index(
        "ix_inbox_notifications_user", "inbox_notifications", ["recipient_user", "created_at"]
    )

    op.create_table(
        "inbox_read_receipts",
        sa.Column("district", sa.String(length=64), nullable=False),
        sa.Column("notification_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        _instant("read_at"),
        sa.ForeignKeyConstraint(
            ["notification_id"], ["inbox_notifications.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("notification_id", "user_id"),
    )
    op.create_index("ix_inbox_read_receipts_district", "inbox_read_receipts", ["district"])

    # --- deliveries -----------------------------------------------------------------
    op.create_table(
        "deliveries",
        sa.Column("district", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("recipient_role", sa.String(length=64), nullable=True),
        sa.Column("recipient_user", sa.String(length=255), nullable=True),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        _instant("created_at"),
        _instant("next_attempt_at"),
        _instant("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "channel", "recipient", name="uq_deliveries_event_channel"),
    )
    op.create_index("ix_deliveries_district", "deliveries", ["district"])
    op.create_index("ix_deliveries_due", "deliveries", ["status", "next_attempt_at"])

    # --- letters --------------------------------------------------------------------
    op.create_table(
        "letters",
        sa.Column("district", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("template", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("recipient_street", sa.String(length=200), nullable=False),
        sa.Column("recipient_postal_code", sa.String(length=10), nullable=False),
        sa.Column("recipient_city", sa.String(length=100), nullable=False),
        sa.Column("recipient_apartment_number", sa.String(length=20), nullable=True),
        _instant("visit_at", nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        _instant("created_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", name="uq_letters_event_id"),
    )
    op.create_index("ix_letters_district", "letters", ["district"])
    op.create_index("ix_letters_case_id", "letters", ["case_id"])
    op.create_index("ix_letters_created_at", "letters", ["created_at"])


def downgrade() -> None:
    op.drop_table("letters")
    op.drop_table("deliveries")
    op.drop_table("inbox_read_receipts")
    op.drop_table("inbox_notifications")
    for statement in drop_append_only_trigger_sql(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("access_log")
    op.drop_table("inbox")
    op.drop_table("outbox")
