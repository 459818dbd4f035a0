"""What the program cycle writes for a coordinator and the pairs speaks the project's
language: a Spanish society's calendars, sheets and reminders are Spanish, a rematch writes
its reasons in Spanish, the English ones keep their words, and the code that writes them
holds no sentence of its own (the scan of tests/program/literals.py)."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
from openpyxl import load_workbook
from testdata.program import Meeting, Plan, guide, start_cycle, write_check_ins

from mentorguide.edition.strings import load_strings
from mentorguide.program import (
    Location,
    Program,
    calendar,
    checkin_sheets,
    documents,
    exports,
    list_pairs,
    open_program,
    rematch,
    status,
)
from mentorguide.program.checkins import FitCheck, record_answers
from mentorguide.program.documents import first_meeting_questions
from mentorguide.program.rematch import rematch as rematch_cycle
from mentorguide.project.load import load_project
from tests.commands import Cli
from tests.conftest import SOCIETY_FIXTURE
from tests.matching.conftest import mentee, mentor, write_csv

from ..literals import english_literals
from .conftest import FALL, SPRING, confirmed_spring, spring_files, started

SOCIETY = ("--project", SOCIETY_FIXTURE)
#: The modules that write the cycle's outputs: every sentence they write is a string.
CYCLE_CODE = [
    Path(m.__file__ or "") for m in (calendar, documents, exports, status, rematch, checkin_sheets)
]


def _calendar(here: Path, name: str) -> Any:
    # Any: a property's type depends on its name, which a type checker does not follow.
    return icalendar.Calendar.from_ical((here / "calendars" / name).read_bytes())


def test_a_spanish_societys_calendar_names_and_describes_its_meetings_in_spanish(
    cli: Cli, here: Path
) -> None:
    confirmed_spring(cli, here)
    assert cli("calendar", "--cycle", "2027-spring", "-o", "calendars", *SOCIETY).code == 0
    ics = _calendar(here, "meetings-Noor-Haddad-Ben-Okafor.ics")
    assert str(ics["X-WR-CALNAME"]) == "Mentoría: Noor Haddad y Ben Okafor"
    first, series = ics.walk("VEVENT")
    questions = first_meeting_questions(load_project(SOCIETY_FIXTURE).content)
    assert str(first["SUMMARY"]) == "Primera reunión de mentoría: Noor Haddad y Ben Okafor"
    assert str(first["DESCRIPTION"]) == (
        "Noor Haddad organiza esta primera reunión. Preguntas para empezar:\n"
        + "\n".join(f"- {q}" for q in questions)
        + "\nAcuerden cada cuánto se reunirán (el calendario propone reunirse cada mes) y de "
        "qué manera."
    )
    assert str(series["SUMMARY"]) == "Reunión de mentoría: Noor Haddad y Ben Okafor"
    assert str(series["DESCRIPTION"]) == (
        "Su reunión de mentoría, cada mes, hasta que el ciclo termine el 2027-08-31."
    )


def test_a_spanish_calendars_reminders_say_the_meetings_summary(cli: Cli, here: Path) -> None:
    confirmed_spring(cli, here)
    cli("calendar", "--cycle", "2027-spring", "-o", "calendars", *SOCIETY)
    ics = _calendar(here, "meetings-Mia-Chen-Ana-D-az.ics")
    alarms = [str(event.walk("VALARM")[0]["DESCRIPTION"]) for event in ics.walk("VEVENT")]
    assert alarms == [
        "Primera reunión de mentoría: Mia Chen y Ana Díaz",
        "Reunión de mentoría: Mia Chen y Ana Díaz",
    ]


def test_the_english_calendar_keeps_its_words(cli: Cli, here: Path) -> None:
    confirmed_spring(cli, here)
    cli("calendar", "--cycle", "2027-spring", "-o", "calendars")
    ics = _calendar(here, "meetings-Noor-Haddad-Ben-Okafor.ics")
    assert str(ics["X-WR-CALNAME"]) == "Mentorship: Noor Haddad and Ben Okafor"
    _, series = ics.walk("VEVENT")
    assert str(series["SUMMARY"]) == "Mentorship meeting: Noor Haddad and Ben Okafor"
    assert str(series["DESCRIPTION"]) == (
        "Your monthly mentorship meeting, until the cycle ends on 2027-08-31."
    )


def _differing_spring(cli: Cli, here: Path) -> None:
    """A spring whose one pair chose different frequencies and platforms, confirmed."""
    started(cli, SPRING)
    write_csv(here / "mentees.csv", [mentee("A", name="Ana Díaz", frequency="biweekly")])
    write_csv(here / "mentors.csv", [mentor("M", name="Mia Chen", platform="email")])
    cli("enroll", "--cycle", "2027-spring", "--mentees", "mentees.csv", "--mentors", "mentors.csv")
    cli("match", "--cycle", "2027-spring")
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.csv")
    cli("import", "pairs", "pairs.csv", "--cycle", "2027-spring")


def test_a_spanish_introductions_sheet_says_what_the_pair_still_has_to_agree(
    cli: Cli, here: Path
) -> None:
    _differing_spring(cli, here)
    run = cli("export", "introductions", "--cycle", "2027-spring", "-o", "intro.xlsx", *SOCIETY)
    assert run.code == 0, run.err
    sheet = load_workbook(here / "intro.xlsx").worksheets[0]
    assert sheet.title == "Presentaciones 2027-spring"
    header, row = sheet.iter_rows(values_only=True)
    frequency, platform = header.index("frequency"), header.index("platform")
    assert (row[frequency], row[platform]) == (
        "por acordar en la primera reunión",
        "por acordar en la primera reunión",
    )


def test_the_english_introductions_sheet_keeps_its_words(cli: Cli, here: Path) -> None:
    _differing_spring(cli, here)
    cli("export", "introductions", "--cycle", "2027-spring", "-o", "intro.xlsx")
    sheet = load_workbook(here / "intro.xlsx").worksheets[0]
    assert sheet.title == "Intros 2027-spring"
    header, row = sheet.iter_rows(values_only=True)
    assert row[header.index("frequency")] == "to agree at the first meeting"


def test_a_spanish_roster_says_why_each_person_is_unpaired_in_spanish(cli: Cli, here: Path) -> None:
    started(cli, SPRING, FALL)
    mentees, mentors = spring_files(here)
    cli("enroll", "--cycle", "2027-fall", "--mentees", mentees, "--mentors", mentors)
    run = cli("export", "roster", "--cycle", "2027-fall", "-o", "roster.xlsx", *SOCIETY)
    assert run.code == 0, run.err
    sheet = load_workbook(here / "roster.xlsx").worksheets[0]
    assert sheet.title == "Inscritos 2027-fall"
    header, *rows = sheet.iter_rows(values_only=True)
    assert header[6] == "why_unpaired"
    assert {row[6] for row in rows} == {"aún sin emparejar"}
    # The values the program file stores stay ids.
    assert {row[0] for row in rows} == {"mentee", "mentor"}


def test_a_spanish_pairs_sheet_is_named_in_spanish_with_its_headers_kept(
    cli: Cli, here: Path
) -> None:
    confirmed_spring(cli, here)
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.xlsx", *SOCIETY)
    sheet = load_workbook(here / "pairs.xlsx").worksheets[0]
    assert sheet.title == "Parejas 2027-spring"
    assert next(sheet.iter_rows(values_only=True)) == exports.PAIRS_HEADER


def _reminders(here: Path) -> dict[str, dict[str, str]]:
    with (here / "reminders.csv").open(encoding="utf-8") as stream:
        return {row["mentee_email"]: row for row in csv.DictReader(stream)}


def test_spanish_reminders_ask_for_the_first_meeting_and_both_fit_checks(
    cli: Cli, here: Path
) -> None:
    confirmed_spring(cli, here)
    run = cli(
        "reminders", "--cycle", "2027-spring", "--as-of", "2027-03-15", "-o", "reminders.csv",
        *SOCIETY,
    )  # fmt: skip
    assert run.code == 0, run.err
    ana = _reminders(here)["a@example.org"]
    assert (
        ana["reason"]
        == "sin seguimiento todavía; falta la revisión de afinidad (mentorado y mentor)"
    )
    assert ana["agreed_frequency"] == "mensual"
    assert ana["what_to_ask"] == (
        "¿Ya tuvieron su primera reunión? Por favor, envíen un seguimiento después de ella. "
        "Después de la primera reunión, pedimos al mentorado y al mentor que completen la "
        "revisión de afinidad: ¿desean seguir con este emparejamiento?"
    )


def test_spanish_reminders_ask_an_overdue_pair_when_they_meet_next(
    cli: Cli, here: Path, location: Location
) -> None:
    confirmed_spring(cli, here)
    with open_program(location) as program, program.reading() as tx:
        ana = next(p for p in list_pairs(tx, "2027-spring") if p.mentee.email == "a@example.org")
    with open_program(location) as program, program.writing() as tx:
        record_answers(tx, "2027-spring", [FitCheck(ana.id, "mentee", True)])
    plan = Plan({ana.id: [Meeting(date(2027, 3, 2), "initiation")]})
    cli("collect", write_check_ins(here / "check-ins.csv", plan), "--cycle", "2027-spring")
    cli(
        "reminders", "--cycle", "2027-spring", "--as-of", "2027-05-15", "-o", "reminders.csv",
        *SOCIETY,
    )  # fmt: skip
    row = _reminders(here)["a@example.org"]
    assert row["reason"] == "seguimiento atrasado; falta la revisión de afinidad (mentor)"
    assert row["what_to_ask"] == (
        "Su último seguimiento fue el 2027-03-02 y acordaron reunirse cada mes: ¿cuándo es su "
        "próxima reunión? Por favor, envíen un seguimiento después de ella. Después de la "
        "primera reunión, pedimos al mentor que complete la revisión de afinidad: ¿desea "
        "seguir con este emparejamiento?"
    )


def test_a_spanish_rematch_writes_why_a_pair_ended_in_spanish(
    program: Program, tmp_path: Path
) -> None:
    pairs = start_cycle(program, tmp_path, "2027-spring", 3)
    spanish = replace(guide(), strings=load_strings("es"))
    with program.writing() as tx:
        record_answers(tx, "2027-spring", [FitCheck(pairs[0].id, "mentor", False)])
        rematch_cycle(tx, "2027-spring", spanish)
        (ended,) = [p for p in list_pairs(tx, "2027-spring") if p.status == "ended"]
    assert ended.end_reason == (
        "la revisión de afinidad tras la primera reunión indicó no continuar"
    )


def test_the_scan_finds_words_between_placeholders_but_not_ids_or_error_messages() -> None:
    source = (
        "a = f'{mentor} and {mentee}'\n"
        "b = f'{uid}-first@mentorguide'\n"
        "c = f'report.heading_{key}'\n"
        "d = ('BEGIN:VEVENT', 'REQ-PARTICIPANT', f'{e.file}, {e.place}', '; ')\n"
        "PRODID = '-//mentorguide//Technician Mentorship toolkit//EN'\n"
        "raise ValueError('the introductions need the guide content')\n"
    )
    assert english_literals(source) == [(1, "{} and {}")]


@pytest.mark.parametrize("path", CYCLE_CODE, ids=lambda p: p.name)
def test_the_cycles_code_holds_no_sentence_of_its_own(path: Path) -> None:
    assert english_literals(path.read_text("utf-8")) == []
