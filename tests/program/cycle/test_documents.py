"""What a cycle's confirmed pairs are sent, through the CLI on SQLite and on PostgreSQL:
the introductions sheet, the agreements and the calendars (parsed back with icalendar)."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pypdf
import pytest
from openpyxl import load_workbook

from tests.commands import Cli
from tests.matching.conftest import mentee, mentor, write_csv

from .conftest import SPRING, confirmed_spring, started


def test_introductions_say_who_sets_up_the_first_meeting_and_what_to_ask(
    cli: Cli, here: Path
) -> None:
    confirmed_spring(cli, here)
    run = cli("export", "introductions", "--cycle", "2027-spring", "-o", "intro.xlsx")
    assert run.out == "Wrote intro.xlsx: 3 rows (introductions).\n"
    rows = list(load_workbook(here / "intro.xlsx").worksheets[0].iter_rows(values_only=True))
    assert rows[0] == (
        "mentee_name", "mentee_email", "mentor_name", "mentor_email", "sets_up_first_meeting",
        "sets_up_first_meeting_email", "frequency", "platform", "question_1", "question_2",
        "question_3", "agreement_file",
    )  # fmt: skip
    ana = next(row for row in rows if row[0] == "Ana Díaz")
    assert ana == (
        "Ana Díaz", "a@example.org", "Mia Chen", "m@example.org", "Mia Chen", "m@example.org",
        "Monthly", "Virtual meetings",
        "Tell me about what drew you to pharmacy and what you enjoy most about your current role.",
        "Are there any particular challenges you're navigating right now?",
        "What would success look like for you in this mentorship?",
        "agreement-Mia-Chen-Ana-D-az.pdf",
    )  # fmt: skip


def test_agreements_are_written_under_the_names_the_introductions_give(
    cli: Cli, here: Path
) -> None:
    confirmed_spring(cli, here)
    assert cli("agreements", "--cycle", "2027-spring", "-o", "agreements").out == (
        "Wrote 3 agreements in agreements.\n"
    )
    cli("export", "introductions", "--cycle", "2027-spring", "-o", "intro.csv")
    with (here / "intro.csv").open(encoding="utf-8") as stream:
        named = {row["agreement_file"] for row in csv.DictReader(stream)}
    assert {p.name for p in (here / "agreements").glob("*.pdf")} == named
    fields = pypdf.PdfReader(here / "agreements" / "agreement-Mia-Chen-Ana-D-az.pdf").get_fields()
    assert fields is not None
    assert (fields["mentor_name"].value, fields["mentee_name"].value) == ("Mia Chen", "Ana Díaz")


def test_each_pairs_calendar_parses_back_with_a_first_meeting_a_series_and_reminders(
    cli: Cli, here: Path
) -> None:
    confirmed_spring(cli, here)
    run = cli("calendar", "--cycle", "2027-spring", "-o", "calendars", "--time", "09:30")
    assert run.out == "Wrote 3 calendars in calendars.\n"
    assert sorted(p.name for p in (here / "calendars").glob("*.ics")) == [
        "meetings-Mia-Chen-Ana-D-az.ics",
        "meetings-Mia-Chen-Cy-Tanaka.ics",
        "meetings-Noor-Haddad-Ben-Okafor.ics",
    ]
    # Any: a property's type depends on its name, which a type checker does not follow.
    calendar: Any = icalendar.Calendar.from_ical(
        (here / "calendars" / "meetings-Noor-Haddad-Ben-Okafor.ics").read_bytes()
    )
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//mentorguide//")
    first, series = calendar.walk("VEVENT")
    # The cycle starts on Monday 1 March 2027; Noor's only mentee meets her that day.
    assert (first.decoded("DTSTART"), first.decoded("DTEND")) == (
        datetime(2027, 3, 1, 9, 30),
        datetime(2027, 3, 1, 10, 30),
    )
    assert str(first["SUMMARY"]) == "First mentorship meeting: Noor Haddad and Ben Okafor"
    assert str(first["DESCRIPTION"]).startswith(
        "Noor Haddad sets up this first meeting. Questions to start with:\n- Tell me about"
    )
    assert str(first["ORGANIZER"]) == "mailto:n@example.org"
    assert [str(a) for a in first["ATTENDEE"]] == ["mailto:n@example.org", "mailto:b@example.org"]
    assert "RRULE" not in first
    # Then monthly, on the first Monday, until the cycle's last day.
    assert series.decoded("DTSTART") == datetime(2027, 4, 5, 9, 30)
    rule = series["RRULE"]
    assert (rule["FREQ"], rule["INTERVAL"], rule["BYDAY"], rule["UNTIL"]) == (
        ["MONTHLY"],
        [1],
        ["1MO"],
        [datetime(2027, 8, 31, 23, 59, 59)],
    )
    for event in (first, series):
        (alarm,) = event.walk("VALARM")
        assert (alarm["ACTION"], alarm.decoded("TRIGGER")) == ("DISPLAY", -timedelta(days=1))


def test_a_mentors_first_meetings_with_each_mentee_are_on_different_weekdays(
    cli: Cli, here: Path
) -> None:
    confirmed_spring(cli, here)
    cli("calendar", "--cycle", "2027-spring", "-o", "calendars")
    starts = [
        icalendar.Calendar.from_ical((here / "calendars" / name).read_bytes())
        .walk("VEVENT")[0]
        .decoded("DTSTART")
        for name in ("meetings-Mia-Chen-Ana-D-az.ics", "meetings-Mia-Chen-Cy-Tanaka.ics")
    ]
    assert sorted(starts) == [datetime(2027, 3, 1, 12, 0), datetime(2027, 3, 2, 12, 0)]


def test_calendar_lines_are_folded_at_75_octets_without_splitting_a_character(
    cli: Cli, here: Path
) -> None:
    confirmed_spring(cli, here)
    cli("calendar", "--cycle", "2027-spring", "-o", "calendars")
    data = (here / "calendars" / "meetings-Mia-Chen-Ana-D-az.ics").read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and max(len(line) for line in lines) <= 75
    assert all(line.decode("utf-8") for line in lines[:-1])  # each line whole UTF-8
    calendar: Any = icalendar.Calendar.from_ical(data)
    first = calendar.walk("VEVENT")[0]
    assert str(first["SUMMARY"]) == "First mentorship meeting: Mia Chen and Ana Díaz"
    assert str(first["DESCRIPTION"]).endswith(
        "Agree on how often you meet (the calendar has monthly) and how."
    )


def test_names_with_commas_and_semicolons_survive_the_calendar(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    write_csv(here / "mentees.csv", [mentee("A", name="Díaz, Ana; CPhT")])
    write_csv(here / "mentors.csv", [mentor("M", name='Mia "Mimi" Chen')])
    cli("enroll", "--cycle", "2027-spring", "--mentees", "mentees.csv", "--mentors", "mentors.csv")
    cli("match", "--cycle", "2027-spring")
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.csv")
    cli("import", "pairs", "pairs.csv", "--cycle", "2027-spring")
    cli("calendar", "--cycle", "2027-spring", "-o", "calendars")
    (path,) = (here / "calendars").glob("*.ics")
    calendar: Any = icalendar.Calendar.from_ical(path.read_bytes())
    first = calendar.walk("VEVENT")[0]
    assert str(first["SUMMARY"]) == 'First mentorship meeting: Mia "Mimi" Chen and Díaz, Ana; CPhT'
    assert [a.params["CN"] for a in first["ATTENDEE"]] == ['Mia "Mimi" Chen', "Díaz, Ana; CPhT"]


def test_a_confirmed_pair_is_not_undone_by_deleting_its_row(cli: Cli, here: Path) -> None:
    confirmed_spring(cli, here)
    lines = (here / "pairs.csv").read_text(encoding="utf-8").splitlines()
    ana = next(line for line in lines if line.startswith("Ana Díaz,"))
    (here / "pairs.csv").write_text(
        "\n".join(line for line in lines if line != ana) + "\n", encoding="utf-8"
    )
    run = cli("import", "pairs", "pairs.csv", "--cycle", "2027-spring")
    assert run.err == (
        "Error: pairs.csv: the confirmed pair a@example.org with m@example.org has no row: a "
        "confirmed pair is not undone by deleting its row (put the row back)\n"
    )


def test_calendars_before_any_pair_is_confirmed_say_how_to_confirm(cli: Cli, here: Path) -> None:
    started(cli, SPRING)
    run = cli("calendar", "--cycle", "2027-spring", "-o", "calendars")
    assert (run.code, run.out) == (0, "Wrote 0 calendars in calendars.\n")
    assert run.err.endswith(
        "Note: 2027-spring has no confirmed pairs yet; confirm them with: mentorguide program "
        "import pairs FILE --cycle 2027-spring\n"
    )


@pytest.mark.parametrize(
    ("mentee_wants", "mentor_wants", "rule", "second"),
    [
        ("biweekly", "biweekly", (["WEEKLY"], [2], None), datetime(2027, 3, 15, 12, 0)),
        ("monthly", "quarterly", (["MONTHLY"], [3], ["1MO"]), datetime(2027, 6, 7, 12, 0)),
    ],
)
def test_the_series_follows_the_agreed_frequency_or_else_the_less_frequent_one(
    cli: Cli,
    here: Path,
    mentee_wants: str,
    mentor_wants: str,
    rule: tuple[list[str], list[int], list[str] | None],
    second: datetime,
) -> None:
    started(cli, SPRING)
    write_csv(here / "mentees.csv", [mentee("A", name="Ana", frequency=mentee_wants)])
    write_csv(here / "mentors.csv", [mentor("M", name="Mia", frequency=mentor_wants)])
    cli("enroll", "--cycle", "2027-spring", "--mentees", "mentees.csv", "--mentors", "mentors.csv")
    cli("match", "--cycle", "2027-spring")
    cli("export", "pairs", "--cycle", "2027-spring", "-o", "pairs.csv")
    cli("import", "pairs", "pairs.csv", "--cycle", "2027-spring")
    cli("calendar", "--cycle", "2027-spring", "-o", "calendars")
    calendar: Any = icalendar.Calendar.from_ical(
        (here / "calendars" / "meetings-Mia-Ana.ics").read_bytes()
    )
    series = calendar.walk("VEVENT")[1]
    recurrence = series["RRULE"]
    assert (recurrence["FREQ"], recurrence["INTERVAL"], recurrence.get("BYDAY")) == rule
    assert series.decoded("DTSTART") == second
