"""Letters become sendable: PDF, short reference, sender, printed -> sent / cancelled.

`case_id` becomes optional (a rent warning is about a lease, the no-queue
letter about an application); `queued_for_print` is now `to_print`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW = (
    ("reference_id", sa.String(length=64), False, ""),
    ("reference", sa.String(length=16), False, ""),
    ("title", sa.String(length=100), False, ""),
    ("sender_name", sa.String(length=200), False, ""),
)


def _instant(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        batch.alter_column("case_id", existing_type=sa.String(length=64), nullable=True)
        for name, type_, nullable, default in _NEW:
            batch.add_column(sa.Column(name, type_, nullable=nullable, server_default=default))
        batch.add_column(
            sa.Column("registered_post", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))
        batch.add_column(_instant("printed_at"))
        batch.add_column(sa.Column("printed_by", sa.String(length=255), nullable=True))
        batch.add_column(_instant("sent_at"))
        batch.add_column(sa.Column("sent_by", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("registered_post_number", sa.String(length=40), nullable=True))
        batch.add_column(_instant("cancelled_at"))
        batch.add_column(sa.Column("cancelled_by", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("cancel_reason", sa.String(length=200), nullable=True))
    op.create_index("ix_letters_reference_id", "letters", ["reference_id"])
    op.execute("UPDATE letters SET reference_id = case_id WHERE reference_id = ''")
    op.execute("UPDATE letters SET status = 'to_print' WHERE status = 'queued_for_print'")


def downgrade() -> None:
    op.execute("UPDATE letters SET status = 'queued_for_print' WHERE status = 'to_print'")
    op.drop_index("ix_letters_reference_id", table_name="letters")
    with op.batch_alter_table("letters") as batch:
        for name in (
            "cancel_reason",
            "cancelled_by",
            "cancelled_at",
            "registered_post_number",
            "sent_by",
            "sent_at",
            "printed_by",
            "printed_at",
            "pdf",
            "registered_post",
            *(n for n, *_ in _NEW),
        ):
            batch.drop_column(name)
        batch.alter_column("case_id", existing_type=sa.String(length=64), nullable=False)
