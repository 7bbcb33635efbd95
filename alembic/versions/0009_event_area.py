"""an imported event's area: events.area (ward or neighbourhood, free text, "" when not known)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events stored before areas have none: "" (not known), as a file without the column gives.
    op.add_column(
        "events", sa.Column("area", sa.String(length=80), nullable=False, server_default="")
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), not a batch copy, as 0007 does.
    op.execute('ALTER TABLE "events" DROP COLUMN "area"')
