"""Platform tables v2: the consumers' idempotency table `inbox` becomes `processed_event`.

"Inbox" was confusable with notifications' inbox of messages to people. The
rows are kept: a renamed table, not a new one, so no event is applied twice.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from bostad_common.platform_migrations import (
    rename_inbox_to_processed_event_v2,
    rename_processed_event_to_inbox_v2,
)

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    rename_inbox_to_processed_event_v2()


def downgrade() -> None:
    rename_processed_event_to_inbox_v2()
