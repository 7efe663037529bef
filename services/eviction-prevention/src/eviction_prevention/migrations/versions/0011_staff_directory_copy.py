"""A copy of the staff directory, kept from notifications' announcements

Outreach is booked only for people the directory knows as active housing
support in the case's district (issue #13). Same tables as notifications'
directory (bostad_common.auth.directory); filled by `StaffMemberChanged`.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 13:11:36.701071
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bostad_common.db_types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_members",
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("created_at", bostad_common.db_types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bostad_common.db_types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "staff_memberships",
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("group_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["staff_members.person_id"]),
        sa.PrimaryKeyConstraint("person_id", "district", "group_code"),
    )
    op.create_index("ix_staff_memberships_group", "staff_memberships", ["district", "group_code"])


def downgrade() -> None:
    op.drop_index("ix_staff_memberships_group", table_name="staff_memberships")
    op.drop_table("staff_memberships")
    op.drop_table("staff_members")
