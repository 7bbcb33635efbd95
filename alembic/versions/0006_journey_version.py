"""journeys.version: the history version a journey is at, for compare-and-set saves

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "journeys", sa.Column("version", sa.Integer(), nullable=False, server_default="0")
    )
    # A journey is at its newest history version (0 when it was stored before history was kept).
    op.execute(
        "UPDATE journeys SET version = COALESCE((SELECT MAX(v.version) FROM journey_versions v "
        "WHERE v.journey_key = journeys.key), 0)"
    )


def downgrade() -> None:
    # In place (SQLite 3.35+): rebuilding the journeys table would delete every journey's
    # events through the foreign keys' ON DELETE CASCADE.
    op.drop_column("journeys", "version")
