"""The first schema: the program, its cycles, people with profile history, enrollments.

Revision ID: 0001
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

ROLE_CHECK = "role IN ('mentee', 'mentor')"


def upgrade() -> None:
    op.create_table(
        "program",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("society", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        # One program per file: the row that says whose program this is.
        sa.CheckConstraint("id = 1", name="ck_program_single"),
    )
    op.create_table(
        "cycles",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on > starts_on", name="ck_cycles_dates"),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("email_key", sa.String(320), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("email_key", name="uq_people_email_key"),
    )
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", name="fk_profiles_person_id_people"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("survey", sa.String(10), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column(
            "cycle_id",
            sa.String(40),
            sa.ForeignKey("cycles.id", name="fk_profiles_cycle_id_cycles"),
            nullable=True,
        ),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("person_id", "version", name="uq_profiles_person_id_version"),
        sa.CheckConstraint("survey IN ('mentee', 'mentor')", name="ck_profiles_survey"),
    )
    op.create_table(
        "enrollments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "cycle_id",
            sa.String(40),
            sa.ForeignKey("cycles.id", name="fk_enrollments_cycle_id_cycles"),
            nullable=False,
        ),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", name="fk_enrollments_person_id_people"),
            nullable=False,
        ),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", name="fk_enrollments_profile_id_profiles"),
            nullable=False,
        ),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("source_place", sa.Text, nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        # One role per person per cycle (a mentee this cycle may mentor in the next one).
        sa.UniqueConstraint("cycle_id", "person_id", name="uq_enrollments_cycle_id_person_id"),
        sa.CheckConstraint(ROLE_CHECK, name="ck_enrollments_role"),
    )
    op.create_index("ix_enrollments_person_id", "enrollments", ["person_id"])
