"""People, the history of what they told the program, and their enrollment in cycles.

A person is their email, in any case: ``Ana.Diaz@Example.org`` and ``ana.diaz@example.org``
are one person, in every cycle. What they said (name, the email's spelling, their survey
answers) is a *profile*; when a new survey says something different, a new profile version
is added and the old one kept, so nothing a person told the program is overwritten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, select, update

from ..content.fields import EMAIL_PATTERN
from ..matching.responses import Responses
from ..matching.responses import Value as Answer
from ..matching.spec import ROLES, Role
from . import tables
from .cycles import get_cycle
from .errors import ProgramError
from .file import Reading, Writing, name_problem, now

#: Answers that are not something the person said: the participant id is the
#: coordinator's label for one response, new each cycle, so it makes no new profile.
NOT_PROFILE = frozenset({"id"})
#: Rows per ``IN (...)`` list, well under SQLite's limit on bound parameters.
CHUNK = 500

_EMAIL = re.compile(EMAIL_PATTERN)


@dataclass(frozen=True)
class SurveyRecord:
    """One person's checked survey response, ready to enroll."""

    email: str
    name: str
    answers: Mapping[str, Answer]
    """Every other field of the survey, by field id."""
    place: str = ""
    """Where in its file the response is, for messages and the record: ``row 7``."""


def survey_records(responses: Responses) -> list[SurveyRecord]:
    """The checked responses of one survey file (as ``survey collect`` and ``match`` read
    them), as records to enroll: email and name apart, every other field an answer."""
    records = []
    for index, place in enumerate(responses.places):
        answers = responses.record(index)
        email, name = answers.pop("email"), answers.pop("name")
        records.append(SurveyRecord(str(email or ""), str(name or ""), answers, place))
    return records


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Profile:
    """One version of what a person told the program."""

    version: int
    name: str
    email: str
    survey: Role
    answers: dict[str, Answer]
    cycle_id: str | None
    source: str
    recorded_at: datetime


@dataclass(frozen=True)
class Enrollment:
    id: int
    cycle_id: str
    person: Person
    role: Role
    answers: dict[str, Answer]
    source_file: str
    source_place: str
    enrolled_at: datetime
    updated_at: datetime
    unmatched_reason: str | None
    """Why the last match left them unpaired (set by the match; None when paired)."""


@dataclass(frozen=True)
class Enrolled:
    """What :func:`enroll` did, by email."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    """Already enrolled in the cycle; their answers changed and were replaced."""
    unchanged: tuple[str, ...]
    new_profiles: tuple[str, ...]
    """Known people whose name, email spelling or answers differ from their last profile
    (the earlier profile is kept)."""


def email_key(email: str) -> str:
    """The form of an email address that identifies a person: trimmed, lower case."""
    return email.strip().lower()


def encode_answers(answers: Mapping[str, Answer]) -> str:
    """Answers as canonical JSON text (sorted keys), so equal answers are equal text."""
    return json.dumps(
        {key: list(value) if isinstance(value, tuple) else value for key, value in answers.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def decode_answers(text: str) -> dict[str, Answer]:
    raw: dict[str, Any] = json.loads(text)
    return {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items()}


def _answer_problem(answers: Mapping[str, Answer]) -> str | None:
    for key, value in answers.items():
        if not isinstance(key, str):
            return f"a field id must be text, not {key!r}"
        if isinstance(value, tuple):
            if not all(isinstance(item, str) for item in value):
                return f"the answer to '{key}' must be a list of text"
        elif isinstance(value, float) and value != value:  # NaN: not a number anyone gave
            return f"the answer to '{key}' is not a number"
        elif value is not None and not isinstance(value, str | int | float):
            return f"the answer to '{key}' must be text, a number or a list of text"
    return None


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _person(row: Row[tuple[object, ...]]) -> Person:
    return Person(row.id, row.email, row.name, row.created_at, row.updated_at)


def people_by_id(tx: Reading, ids: Iterable[int]) -> dict[int, Person]:
    p = tables.people
    found: dict[int, Person] = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in tx.connection.execute(select(p).where(p.c.id.in_(chunk))):
            found[row.id] = _person(row)
    return found


def find_person(tx: Reading, email: str) -> Person | None:
    row = tx.connection.execute(
        select(tables.people).where(tables.people.c.email_key == email_key(email))
    ).one_or_none()
    return None if row is None else _person(row)


def profile_history(tx: Reading, email: str) -> list[Profile]:
    """Every version of what the person with ``email`` told the program, oldest first."""
    person = find_person(tx, email)
    if person is None:
        raise ProgramError(f"nobody with the email {email.strip()} is in the program")
    p = tables.profiles
    rows = tx.connection.execute(select(p).where(p.c.person_id == person.id).order_by(p.c.version))
    return [
        Profile(
            row.version,
            row.name,
            row.email,
            row.survey,
            decode_answers(row.answers),
            row.cycle_id,
            row.source,
            row.recorded_at,
        )
        for row in rows
    ]


def list_enrollments(tx: Reading, cycle_id: str, role: Role | None = None) -> list[Enrollment]:
    """The cycle's enrollments (of one role, if given), in the order they were enrolled."""
    e, p = tables.enrollments, tables.people
    query = (
        select(
            e,
            p.c.email,
            p.c.name,
            p.c.created_at.label("person_created_at"),
            p.c.updated_at.label("person_updated_at"),
        )
        .join(p, p.c.id == e.c.person_id)
        .where(e.c.cycle_id == cycle_id)
        .order_by(e.c.id)
    )
    if role is not None:
        query = query.where(e.c.role == role)
    return [
        Enrollment(
            row.id,
            row.cycle_id,
            Person(
                row.person_id, row.email, row.name, row.person_created_at, row.person_updated_at
            ),
            row.role,
            decode_answers(row.answers),
            row.source_file,
            row.source_place,
            row.enrolled_at,
            row.updated_at,
            row.unmatched_reason,
        )
        for row in tx.connection.execute(query)
    ]


def enroll(
    tx: Writing, cycle_id: str, role: Role, records: Sequence[SurveyRecord], *, source: str
) -> Enrolled:
    """Enroll the people of ``records`` (one survey file, ``source``) in the cycle as
    ``role``; known people are found by email. Everything is checked before anything is
    written: a problem with any record raises :class:`ProgramError` listing them all.

    Enrolling someone again in the same cycle and role replaces their answers (reported as
    ``updated``); the same answers again change nothing."""
    get_cycle(tx, cycle_id)
    if role not in ROLES:
        raise ProgramError(f"'{role}' is not a role (use 'mentee' or 'mentor')")
    batch = list(zip(_checked(records, source), records, strict=True))
    known = _people_by_key(tx, [key for key, _ in batch])
    enrolled = _enrolled(tx, cycle_id, [person.id for person in known.values()])
    conflicts = [
        f"{_where(source, record)}: {record.email.strip()} is already enrolled in {cycle_id} "
        f"as a {enrolled[known[key].id].role} (a person has one role in a cycle)"
        for key, record in batch
        if key in known and known[key].id in enrolled and enrolled[known[key].id].role != role
    ]
    if conflicts:
        raise ProgramError.of(conflicts)
    moment = now()
    ids = _add_people(tx, [(key, record) for key, record in batch if key not in known], moment)
    ids.update({key: person.id for key, person in known.items()})
    new_profiles = _add_profiles(tx, cycle_id, role, source, batch, ids, known, moment)
    profile_ids = _latest_profile_ids(tx, list(ids.values()))

    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    new_rows: list[dict[str, Any]] = []
    changed_rows: list[dict[str, Any]] = []
    for key, record in batch:
        values = {
            "profile_id": profile_ids[ids[key]],
            "answers": encode_answers(record.answers),
            "source_file": source,
            "source_place": record.place,
            "updated_at": moment,
        }
        existing = enrolled.get(ids[key])
        if existing is None:
            added.append(record.email.strip())
            new_rows.append(
                {"cycle_id": cycle_id, "person_id": ids[key], "role": role, "enrolled_at": moment}
                | values
            )
        elif (existing.answers, existing.profile_id) != (values["answers"], values["profile_id"]):
            updated.append(record.email.strip())
            changed_rows.append({"b_id": existing.id} | {f"b_{k}": v for k, v in values.items()})
        else:
            unchanged.append(record.email.strip())
    e = tables.enrollments
    if new_rows:
        tx.connection.execute(insert(e), new_rows)
    if changed_rows:
        columns = ("profile_id", "answers", "source_file", "source_place", "updated_at")
        tx.connection.execute(
            update(e)
            .where(e.c.id == bindparam("b_id"))
            .values({name: bindparam(f"b_{name}") for name in columns}),
            changed_rows,
        )
    return Enrolled(tuple(added), tuple(updated), tuple(unchanged), tuple(new_profiles))


def _add_people(
    tx: Writing, batch: Sequence[tuple[str, SurveyRecord]], moment: datetime
) -> dict[str, int]:
    """Add people seen for the first time; their email key → id."""
    if not batch:
        return {}
    p = tables.people
    rows = tx.connection.execute(
        insert(p).returning(p.c.id, p.c.email_key, sort_by_parameter_order=True),
        [
            {
                "email": record.email.strip(),
                "email_key": key,
                "name": record.name.strip(),
                "created_at": moment,
                "updated_at": moment,
            }
            for key, record in batch
        ],
    )
    return {row.email_key: row.id for row in rows}


def _add_profiles(
    tx: Writing,
    cycle_id: str,
    role: Role,
    source: str,
    batch: Sequence[tuple[str, SurveyRecord]],
    ids: Mapping[str, int],
    known: Mapping[str, Person],
    moment: datetime,
) -> list[str]:
    """A new profile version for each person who is new or says something new (the name
    and email on their person row follow); the emails of known people who did."""
    latest = _latest_profiles(tx, [person.id for person in known.values()])
    profiles: list[dict[str, Any]] = []
    renamed: list[dict[str, Any]] = []
    changed: list[str] = []
    for key, record in batch:
        said = _said(record, role)
        previous = latest.get(ids[key])
        if previous is not None and previous[1] == said:
            continue
        if previous is not None:
            changed.append(record.email.strip())
            if (known[key].name, known[key].email) != said[:2]:
                renamed.append(
                    {"b_id": ids[key], "b_name": said[0], "b_email": said[1], "b_at": moment}
                )
        profiles.append(
            {
                "person_id": ids[key],
                "version": 1 if previous is None else previous[0] + 1,
                "name": said[0],
                "email": said[1],
                "survey": role,
                "answers": said[3],
                "cycle_id": cycle_id,
                "source": _where(source, record),
                "recorded_at": moment,
            }
        )
    if renamed:
        p = tables.people
        tx.connection.execute(
            update(p)
            .where(p.c.id == bindparam("b_id"))
            .values(
                name=bindparam("b_name"), email=bindparam("b_email"), updated_at=bindparam("b_at")
            ),
            renamed,
        )
    if profiles:
        tx.connection.execute(insert(tables.profiles), profiles)
    return changed


def _where(source: str, record: SurveyRecord) -> str:
    return f"{source}, {record.place}" if record.place else source


def _said(record: SurveyRecord, role: Role) -> tuple[str, str, Role, str]:
    """What makes a profile: name, email as written, survey and answers (as JSON text)."""
    answers = {k: v for k, v in record.answers.items() if k not in NOT_PROFILE}
    return record.name.strip(), record.email.strip(), role, encode_answers(answers)


def _checked(records: Sequence[SurveyRecord], source: str) -> list[str]:
    """Each record's email key, after checking every record (raising with all problems)."""
    problems: list[str] = []
    first_place: dict[str, SurveyRecord] = {}
    keys: list[str] = []
    for record in records:
        where = _where(source, record)
        email, name = record.email.strip(), record.name.strip()
        key = email_key(email)
        keys.append(key)
        if not _EMAIL.match(email):
            problems.append(f"{where}: '{email}' is not an email address")
        elif key in first_place:
            other = first_place[key]
            problems.append(
                f"{where}: {email} is also in {other.place or 'another response'} "
                "(one response per person; keep one)"
            )
        else:
            first_place[key] = record
        trouble = name_problem(name)
        if trouble:
            problems.append(f"{where}: the name {trouble}")
        trouble = _answer_problem(record.answers)
        if trouble:
            problems.append(f"{where}: {trouble}")
    if problems:
        raise ProgramError.of(problems)
    return keys


def _people_by_key(tx: Reading, keys: Iterable[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    p = tables.people
    for chunk in _chunks(sorted(set(keys))):
        for row in tx.connection.execute(select(p).where(p.c.email_key.in_(chunk))):
            found[row.email_key] = _person(row)
    return found


@dataclass(frozen=True)
class _Existing:
    id: int
    role: Role
    answers: str
    profile_id: int


def _enrolled(tx: Reading, cycle_id: str, person_ids: Sequence[int]) -> dict[int, _Existing]:
    e = tables.enrollments
    found: dict[int, _Existing] = {}
    for chunk in _chunks(person_ids):
        rows = tx.connection.execute(
            select(e.c.id, e.c.person_id, e.c.role, e.c.answers, e.c.profile_id).where(
                e.c.cycle_id == cycle_id, e.c.person_id.in_(chunk)
            )
        )
        for row in rows:
            found[row.person_id] = _Existing(row.id, row.role, row.answers, row.profile_id)
    return found


def _latest_profiles(
    tx: Reading, person_ids: Sequence[int]
) -> dict[int, tuple[int, tuple[str, str, Role, str]]]:
    """Person id → (version, what their latest profile says)."""
    p = tables.profiles
    found: dict[int, tuple[int, tuple[str, str, Role, str]]] = {}
    for chunk in _chunks(person_ids):
        newest = (
            select(p.c.person_id, func.max(p.c.version).label("version"))
            .where(p.c.person_id.in_(chunk))
            .group_by(p.c.person_id)
            .subquery()
        )
        rows = tx.connection.execute(
            select(p).join(
                newest,
                (p.c.person_id == newest.c.person_id) & (p.c.version == newest.c.version),
            )
        )
        for row in rows:
            found[row.person_id] = (row.version, (row.name, row.email, row.survey, row.answers))
    return found


def _latest_profile_ids(tx: Reading, person_ids: Sequence[int]) -> dict[int, int]:
    # Profiles are only ever added, so the newest version has the highest id.
    p = tables.profiles
    found: dict[int, int] = {}
    for chunk in _chunks(person_ids):
        rows = tx.connection.execute(
            select(p.c.person_id, func.max(p.c.id).label("id"))
            .where(p.c.person_id.in_(chunk))
            .group_by(p.c.person_id)
        )
        found.update({row.person_id: row.id for row in rows})
    return found
