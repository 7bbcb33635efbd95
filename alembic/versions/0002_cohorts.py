"""synthetic cohorts: cohorts, cohort_people, cohort_agencies, cohort_events, cohort_truth,
cohort_cycles

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _cohort_fk() -> sa.Column:
    return sa.Column(
        "cohort_pk", sa.Integer(), sa.ForeignKey("cohorts.pk", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "cohorts",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=120), nullable=False, unique=True),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("coordinated_from", sa.Date(), nullable=True),
        sa.Column("coordinated_share", sa.Float(), nullable=False),
        sa.Column("provenance", sa.String(length=20), nullable=False),
    )
    op.create_table(
        "cohort_people",
        _cohort_fk(),
        sa.Column("person", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("pseudonym", sa.String(length=40), nullable=False),
        sa.Column("age_band", sa.String(length=20), nullable=False),
        sa.Column("gender", sa.String(length=20), nullable=False),
        sa.Column("needs", sa.String(length=120), nullable=False),
        sa.Column("coordinated_day", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("cohort_pk", "person"),
    )
    op.create_table(
        "cohort_agencies",
        _cohort_fk(),
        sa.Column("agency", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=120), nullable=False),
        sa.Column("provider_type", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("cohort_pk", "agency"),
    )
    op.create_table(
        "cohort_events",
        _cohort_fk(),
        sa.Column("person", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("event", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("agency", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("start_day", sa.Integer(), nullable=False),
        sa.Column("end_day", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("cohort_pk", "person", "event"),
    )
    for table in ("cohort_truth", "cohort_cycles"):
        op.create_table(
            table,
            _cohort_fk(),
            sa.Column("row", sa.Integer(), nullable=False, autoincrement=False),
            sa.Column("person", sa.Integer(), nullable=False),
            sa.Column("rule", sa.String(length=40), nullable=False),
            sa.Column("start_day", sa.Integer(), nullable=False),
            sa.Column("end_day", sa.Integer(), nullable=False),
            sa.Column("iterations", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("cohort_pk", "row"),
        )


def downgrade() -> None:
    for table in (
        "cohort_cycles",
        "cohort_truth",
        "cohort_events",
        "cohort_agencies",
        "cohort_people",
        "cohorts",
    ):
        op.drop_table(table)
