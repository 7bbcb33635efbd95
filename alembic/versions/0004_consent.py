"""consent: journey_consents, one row per consent given; withdrawal stamps the row, never deletes it

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No foreign key to journeys: consent history outlives a journey's row (replace, delete).
    op.create_table(
        "journey_consents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("journey_key", sa.String(length=80), nullable=False),
        sa.Column("given_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("audiences", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
    )
    op.create_index("ix_journey_consents_journey_key", "journey_consents", ["journey_key"])


def downgrade() -> None:
    op.drop_index("ix_journey_consents_journey_key", table_name="journey_consents")
    op.drop_table("journey_consents")
