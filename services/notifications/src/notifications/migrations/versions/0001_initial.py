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

from bostad_common.platform_migrations import create_platform_tables_v1, drop_platform_tables_v1

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _instant(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    # --- infrastructure: outbox, inbox, access log (bostad_common) ----------------
    create_platform_tables_v1()

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
    drop_platform_tables_v1()
