"""What happens after matching: fit checks, check-ins and end-of-cycle evaluations.

Each is keyed by the pair (``pairs.id``, which never changes once confirmed). A fit check and
an evaluation are one per person of the pair (``role``); a check-in is one per meeting
(``met_on``). Collecting the same answer again replaces it.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def _source() -> list[sa.Column[object]]:
    # Where the answer came from (file and row), as enrollments record it.
    return [
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("source_place", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "fit_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "pair_id",
            sa.Integer,
            sa.ForeignKey("pairs.id", name="fk_fit_checks_pair_id_pairs"),
            nullable=False,
        ),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("met_on", sa.Date, nullable=True),
        sa.Column("wants_to_continue", sa.Boolean(), nullable=False),
        sa.Column("what_worked", sa.Text, nullable=False),
        sa.Column("concern", sa.Text, nullable=False),
        *_source(),
        sa.UniqueConstraint("pair_id", "role", name="uq_fit_checks_pair_id_role"),
        sa.CheckConstraint("role IN ('mentee', 'mentor')", name="ck_fit_checks_role"),
    )
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "pair_id",
            sa.Integer,
            sa.ForeignKey("pairs.id", name="fk_check_ins_pair_id_pairs"),
            nullable=False,
        ),
        sa.Column("met_on", sa.Date, nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("short_term_progress", sa.Text, nullable=False),
        sa.Column("long_term_progress", sa.Text, nullable=False),
        sa.Column("milestones", sa.Text, nullable=False),
        sa.Column("next_meeting", sa.Date, nullable=True),
        sa.Column("for_coordinator", sa.Text, nullable=False),
        *_source(),
        sa.UniqueConstraint("pair_id", "met_on", name="uq_check_ins_pair_id_met_on"),
    )
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "pair_id",
            sa.Integer,
            sa.ForeignKey("pairs.id", name="fk_evaluations_pair_id_pairs"),
            nullable=False,
        ),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("goals_reached", sa.String(10), nullable=False),
        sa.Column("goals_detail", sa.Text, nullable=False),
        sa.Column("what_worked", sa.Text, nullable=False),
        sa.Column("what_to_change", sa.Text, nullable=False),
        sa.Column("mentor_next_cycle", sa.String(10), nullable=False),
        *_source(),
        sa.UniqueConstraint("pair_id", "role", name="uq_evaluations_pair_id_role"),
        sa.CheckConstraint("role IN ('mentee', 'mentor')", name="ck_evaluations_role"),
    )
