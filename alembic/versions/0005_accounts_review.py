"""accounts and co-review: users, journey_shares, app_secrets, review_items; annotation periods

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(length=80), nullable=False, unique=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("session_token", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
    )
    # No foreign keys to journeys or users: shares and proposals are looked up by key and name,
    # and proposals outlive a journey's row (replace, soft delete).
    op.create_table(
        "journey_shares",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("journey_key", sa.String(length=80), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("shared_by", sa.String(length=200), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("journey_key", "username", name="uq_journey_shares"),
    )
    op.create_index("ix_journey_shares_journey_key", "journey_shares", ["journey_key"])
    op.create_index("ix_journey_shares_username", "journey_shares", ["username"])
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(length=80), primary_key=True),
        sa.Column("value", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("journey_key", sa.String(length=80), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("author_role", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
    )
    op.create_index("ix_review_items_journey_key", "review_items", ["journey_key"])
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(sa.Column("start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("end", sa.Date(), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35+), never by rebuilding a table other rows point at (see 0003).
    op.drop_column("annotations", "end")
    op.drop_column("annotations", "start")
    op.drop_index("ix_review_items_journey_key", table_name="review_items")
    op.drop_table("review_items")
    op.drop_table("app_secrets")
    op.drop_index("ix_journey_shares_username", table_name="journey_shares")
    op.drop_index("ix_journey_shares_journey_key", table_name="journey_shares")
    op.drop_table("journey_shares")
    op.drop_table("users")
