"""Names that say what they hold (issue 7): a case's `reason_code` is the kind of
the notice that opened it, its `outcome_reason_code` the reason it closed; the
children-and-youth unit is `children_and_youth_unit`, as in tokens and
notifications.

Plain `ALTER TABLE ... RENAME COLUMN` runs on PostgreSQL and on SQLite (3.25+)
alike and keeps the partial unique index on open cases (a batch copy of the
table on SQLite would have to rebuild it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE cases RENAME COLUMN reason_code TO notice_kind")
    op.execute("ALTER TABLE cases RENAME COLUMN outcome_reason_code TO closing_reason")
    op.execute(
        "UPDATE checklist_items SET unit = 'children_and_youth_unit' WHERE unit = 'children_unit'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE checklist_items SET unit = 'children_unit' WHERE unit = 'children_and_youth_unit'"
    )
    op.execute("ALTER TABLE cases RENAME COLUMN closing_reason TO outcome_reason_code")
    op.execute("ALTER TABLE cases RENAME COLUMN notice_kind TO reason_code")
