"""Pairs with their score, reasons and status, and the coordinator's pins and forbids.

Also records, per cycle, when it was last matched and, per enrollment, why the last match
left the person unpaired, so ``program status`` can say why.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def _people_in_cycle(table: str) -> list[sa.ForeignKeyConstraint]:
    # Both people must be enrolled in the pair's cycle: the foreign keys say so.
    return [
        sa.ForeignKeyConstraint(
            ["cycle_id", column],
            ["enrollments.cycle_id", "enrollments.person_id"],
            name=f"fk_{table}_{column}_enrollments",
        )
        for column in ("mentee_id", "mentor_id")
    ]


def upgrade() -> None:
    op.add_column("cycles", sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("enrollments", sa.Column("unmatched_reason", sa.Text, nullable=True))
    op.create_table(
        "pairs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "cycle_id",
            sa.String(40),
            sa.ForeignKey("cycles.id", name="fk_pairs_cycle_id_cycles"),
            nullable=False,
        ),
        sa.Column("mentee_id", sa.Integer, nullable=False),
        sa.Column("mentor_id", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("points", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.Text, nullable=True),
        *_people_in_cycle("pairs"),
        sa.CheckConstraint("status IN ('proposed', 'confirmed', 'ended')", name="ck_pairs_status"),
        sa.CheckConstraint("mentee_id <> mentor_id", name="ck_pairs_two_people"),
    )
    # A mentee has at most one pair going in a cycle; ended pairs stay as history.
    op.create_index(
        "uq_pairs_cycle_id_mentee_id_going",
        "pairs",
        ["cycle_id", "mentee_id"],
        unique=True,
        sqlite_where=sa.text("status <> 'ended'"),
        postgresql_where=sa.text("status <> 'ended'"),
    )
    op.create_index("ix_pairs_mentee_id", "pairs", ["mentee_id"])
    op.create_index("ix_pairs_mentor_id", "pairs", ["mentor_id"])
    op.create_table(
        "overrides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "cycle_id",
            sa.String(40),
            sa.ForeignKey("cycles.id", name="fk_overrides_cycle_id_cycles"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("mentee_id", sa.Integer, nullable=False),
        sa.Column("mentor_id", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *_people_in_cycle("overrides"),
        sa.UniqueConstraint(
            "cycle_id", "mentee_id", "mentor_id", name="uq_overrides_cycle_id_mentee_id_mentor_id"
        ),
        sa.CheckConstraint("kind IN ('pin', 'forbid')", name="ck_overrides_kind"),
    )
    # A mentee is pinned to at most one mentor in a cycle.
    op.create_index(
        "uq_overrides_cycle_id_mentee_id_pin",
        "overrides",
        ["cycle_id", "mentee_id"],
        unique=True,
        sqlite_where=sa.text("kind = 'pin'"),
        postgresql_where=sa.text("kind = 'pin'"),
    )
