"""open cohorts over a window: cohorts.window_from/window_to/area; cohort_people.area,
entered_day, left_day, left_because

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cohorts", sa.Column("window_from", sa.Date(), nullable=True))
    op.add_column("cohorts", sa.Column("window_to", sa.Date(), nullable=True))
    op.add_column(
        "cohorts", sa.Column("area", sa.String(length=40), nullable=False, server_default="")
    )
    op.add_column(
        "cohort_people",
        sa.Column("area", sa.String(length=80), nullable=False, server_default=""),
    )
    op.add_column("cohort_people", sa.Column("entered_day", sa.Integer(), nullable=True))
    op.add_column("cohort_people", sa.Column("left_day", sa.Integer(), nullable=True))
    op.add_column(
        "cohort_people",
        sa.Column("left_because", sa.String(length=20), nullable=False, server_default=""),
    )
    # A cohort stored before windows had everyone from its start to its end: a person entered
    # at their first event (NULL when they had none) and never left; the window stays unknown.
    op.execute(
        "UPDATE cohort_people SET entered_day = (SELECT MIN(e.start_day) FROM cohort_events e "
        "WHERE e.cohort_pk = cohort_people.cohort_pk AND e.person = cohort_people.person)"
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), not a batch copy: copying `cohorts` would drop
    # the old table, and with foreign keys on, that deletes every cohort's rows (ON DELETE CASCADE).
    for table, columns in (
        ("cohort_people", ("left_because", "left_day", "entered_day", "area")),
        ("cohorts", ("area", "window_to", "window_from")),
    ):
        for column in columns:
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
