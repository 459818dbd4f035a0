"""The program file's tables as they are after the newest migration, for queries.

The migrations in ``migrations/versions/`` make the schema; this module describes the result
(a test checks that the two agree, on SQLite and on PostgreSQL). People are rows of their
own, found by email in any case; everything a person said in a survey is kept:

* ``program``: one row, the program's name and society;
* ``cycles``: ``2027-spring`` with its dates and when it was last matched;
* ``people``: one per email (``email_key`` is the lower-cased address), with the name last
  given; ``profiles`` keeps every version of what they said, a new row when their name,
  email spelling or survey answers change;
* ``enrollments``: a person in a cycle as mentee or mentor, with that survey's answers (JSON)
  and where they came from (file and row);
* ``pairs``: mentee and mentor of a cycle, score, reasons, status ``proposed``, ``confirmed``
  or ``ended``; ended pairs stay, as the history that keeps two people from being paired
  again, and a pair's ``id`` never changes once confirmed;
* ``overrides``: the coordinator's pins and forbids, per cycle;
* ``fit_checks``, ``check_ins`` and ``evaluations`` (revision ``0003``): what the pair said
  after matching, each keyed by ``pairs.id``; a fit check and an evaluation per person of the
  pair (``role``), a check-in per meeting (``met_on``). Only proposed pairs are ever deleted
  (a re-match replaces them), so nothing keyed by a confirmed pair is lost; a pair that does
  not work out is ended, not deleted.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeDecorator

#: The name of the table holding the schema revision (``alembic_version`` is often taken in
#: a shared PostgreSQL database, and a table named after us says whose it is).
VERSION_TABLE = "mentorguide_schema"


class Timestamp(TypeDecorator[datetime]):
    """A moment in UTC: SQLite stores it as text without a zone, PostgreSQL as timestamptz;
    both read back as an aware UTC ``datetime``."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a timestamp needs a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

program = Table(
    "program",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("society", String(200), nullable=True),
    Column("created_at", Timestamp, nullable=False),
    CheckConstraint("id = 1", name="ck_program_single"),
)

cycles = Table(
    "cycles",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("matched_at", Timestamp, nullable=True),
    CheckConstraint("ends_on > starts_on", name="ck_cycles_dates"),
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False),
    Column("email_key", String(320), nullable=False),
    Column("name", String(200), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    UniqueConstraint("email_key", name="uq_people_email_key"),
)

profiles = Table(
    "profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "person_id",
        Integer,
        ForeignKey("people.id", name="fk_profiles_person_id_people"),
        nullable=False,
    ),
    Column("version", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("survey", String(10), nullable=False),
    Column("answers", Text, nullable=False),
    Column(
        "cycle_id",
        String(40),
        ForeignKey("cycles.id", name="fk_profiles_cycle_id_cycles"),
        nullable=True,
    ),
    Column("source", Text, nullable=False),
    Column("recorded_at", Timestamp, nullable=False),
    UniqueConstraint("person_id", "version", name="uq_profiles_person_id_version"),
    CheckConstraint("survey IN ('mentee', 'mentor')", name="ck_profiles_survey"),
)

enrollments = Table(
    "enrollments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "cycle_id",
        String(40),
        ForeignKey("cycles.id", name="fk_enrollments_cycle_id_cycles"),
        nullable=False,
    ),
    Column(
        "person_id",
        Integer,
        ForeignKey("people.id", name="fk_enrollments_person_id_people"),
        nullable=False,
    ),
    Column("role", String(10), nullable=False),
    Column(
        "profile_id",
        Integer,
        ForeignKey("profiles.id", name="fk_enrollments_profile_id_profiles"),
        nullable=False,
    ),
    Column("answers", Text, nullable=False),
    Column("source_file", Text, nullable=False),
    Column("source_place", Text, nullable=False),
    Column("enrolled_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("unmatched_reason", Text, nullable=True),
    UniqueConstraint("cycle_id", "person_id", name="uq_enrollments_cycle_id_person_id"),
    CheckConstraint("role IN ('mentee', 'mentor')", name="ck_enrollments_role"),
    Index("ix_enrollments_person_id", "person_id"),
)


def _people_in_cycle(table: str) -> list[ForeignKeyConstraint]:
    return [
        ForeignKeyConstraint(
            ["cycle_id", column],
            ["enrollments.cycle_id", "enrollments.person_id"],
            name=f"fk_{table}_{column}_enrollments",
        )
        for column in ("mentee_id", "mentor_id")
    ]


pairs = Table(
    "pairs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "cycle_id",
        String(40),
        ForeignKey("cycles.id", name="fk_pairs_cycle_id_cycles"),
        nullable=False,
    ),
    Column("mentee_id", Integer, nullable=False),
    Column("mentor_id", Integer, nullable=False),
    Column("score", Float, nullable=True),
    Column("reasons", Text, nullable=False),
    Column("points", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("proposed_at", Timestamp, nullable=False),
    Column("confirmed_at", Timestamp, nullable=True),
    Column("ended_at", Timestamp, nullable=True),
    Column("end_reason", Text, nullable=True),
    *_people_in_cycle("pairs"),
    CheckConstraint("status IN ('proposed', 'confirmed', 'ended')", name="ck_pairs_status"),
    CheckConstraint("mentee_id <> mentor_id", name="ck_pairs_two_people"),
    Index(
        "uq_pairs_cycle_id_mentee_id_going",
        "cycle_id",
        "mentee_id",
        unique=True,
        sqlite_where=text("status <> 'ended'"),
        postgresql_where=text("status <> 'ended'"),
    ),
    Index("ix_pairs_mentee_id", "mentee_id"),
    Index("ix_pairs_mentor_id", "mentor_id"),
)

overrides = Table(
    "overrides",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "cycle_id",
        String(40),
        ForeignKey("cycles.id", name="fk_overrides_cycle_id_cycles"),
        nullable=False,
    ),
    Column("kind", String(10), nullable=False),
    Column("mentee_id", Integer, nullable=False),
    Column("mentor_id", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", Timestamp, nullable=False),
    *_people_in_cycle("overrides"),
    UniqueConstraint(
        "cycle_id", "mentee_id", "mentor_id", name="uq_overrides_cycle_id_mentee_id_mentor_id"
    ),
    CheckConstraint("kind IN ('pin', 'forbid')", name="ck_overrides_kind"),
    Index(
        "uq_overrides_cycle_id_mentee_id_pin",
        "cycle_id",
        "mentee_id",
        unique=True,
        sqlite_where=text("kind = 'pin'"),
        postgresql_where=text("kind = 'pin'"),
    ),
)


def _pair_column(table: str) -> Column[int]:
    return Column(
        "pair_id",
        Integer,
        ForeignKey("pairs.id", name=f"fk_{table}_pair_id_pairs"),
        nullable=False,
    )


def _source_columns() -> list[Column[Any]]:
    return [
        Column("source_file", Text, nullable=False),
        Column("source_place", Text, nullable=False),
        Column("recorded_at", Timestamp, nullable=False),
    ]


fit_checks = Table(
    "fit_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    _pair_column("fit_checks"),
    Column("role", String(10), nullable=False),
    Column("met_on", Date, nullable=True),
    Column("wants_to_continue", Boolean, nullable=False),
    Column("what_worked", Text, nullable=False),
    Column("concern", Text, nullable=False),
    *_source_columns(),
    UniqueConstraint("pair_id", "role", name="uq_fit_checks_pair_id_role"),
    CheckConstraint("role IN ('mentee', 'mentor')", name="ck_fit_checks_role"),
)

check_ins = Table(
    "check_ins",
    metadata,
    Column("id", Integer, primary_key=True),
    _pair_column("check_ins"),
    Column("met_on", Date, nullable=False),
    Column("stage", String(20), nullable=False),
    Column("short_term_progress", Text, nullable=False),
    Column("long_term_progress", Text, nullable=False),
    Column("milestones", Text, nullable=False),
    Column("next_meeting", Date, nullable=True),
    Column("for_coordinator", Text, nullable=False),
    *_source_columns(),
    UniqueConstraint("pair_id", "met_on", name="uq_check_ins_pair_id_met_on"),
)

evaluations = Table(
    "evaluations",
    metadata,
    Column("id", Integer, primary_key=True),
    _pair_column("evaluations"),
    Column("role", String(10), nullable=False),
    Column("goals_reached", String(10), nullable=False),
    Column("goals_detail", Text, nullable=False),
    Column("what_worked", Text, nullable=False),
    Column("what_to_change", Text, nullable=False),
    Column("mentor_next_cycle", String(10), nullable=False),
    *_source_columns(),
    UniqueConstraint("pair_id", "role", name="uq_evaluations_pair_id_role"),
    CheckConstraint("role IN ('mentee', 'mentor')", name="ck_evaluations_role"),
)
