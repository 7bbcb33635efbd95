"""history: journey_versions, and journeys.deleted_at for soft deletes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No foreign key to journeys: a journey's history outlives its row (replace, delete).
    op.create_table(
        "journey_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("journey_key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.UniqueConstraint("journey_key", "version", name="uq_journey_versions_key_version"),
    )
    with op.batch_alter_table("journeys") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35+): rebuilding the table would delete every journey's events through
    # the foreign keys' ON DELETE CASCADE.
    op.drop_column("journeys", "deleted_at")
    op.drop_table("journey_versions")
