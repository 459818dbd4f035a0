"""The cycle after matching, end to end through ``mentorguide program`` on SQLite and on
PostgreSQL: fit checks, a re-match of the two pairs that should not go on, months of
check-ins (one pair overdue, one stuck, one silent), evaluations, and the report's numbers
checked against the generated data, for the coordinator and for leadership."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from testdata.program import Meeting, Plan, start_cycle, write_check_ins

from mentorguide.cli.main import main
from mentorguide.program import (
    Location,
    Pair,
    Program,
    SurveyRecord,
    add_cycle,
    confirm_pair,
    enroll,
    list_overrides,
    list_pairs,
)

from .conftest import new_program

CYCLE = "2027-spring"
AS_OF = date(2027, 7, 1)


def db(location: Location) -> str:
    return (
        location.url.render_as_string(hide_password=False)
        if not location.is_sqlite
        else str(location.path)
    )


def cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["program", *(str(a) for a in argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@dataclass
class Story:
    """What happened in the cycle, as the report must tell it."""

    program: Program
    db: str
    folder: Path
    first: list[Pair]
    """The pairs of the first match."""
    dissolved: list[Pair]
    plan: Plan
    overdue: Pair
    stuck: Pair
    silent: Pair


def write_fit_checks(path: Path, pairs: list[Pair], stop: dict[int, str]) -> Path:
    """Both people of every pair answer the fit check, as an online form exports it;
    ``stop`` (pair id → role) says who does not want to continue."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "Pair id",
                "I am the",
                "Date of the first meeting",
                "Do you want to continue with this pairing?",
                "What worked",
                "Any concern the coordinator should know",
            ]
        )
        for pair in pairs:
            for role in ("Mentee", "Mentor"):
                no = stop.get(pair.id) == role.lower()
                concern = "Our schedules never meet." if no else ""
                writer.writerow([pair.id, role, "2027-01-18", "No" if no else "Yes", "", concern])
    return path


@pytest.fixture
def story(location: Location, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Story:
    with new_program(location) as program:
        first = start_cycle(program, tmp_path / "surveys", CYCLE, 12)
        target = db(location)
        stop = {first[0].id: "mentee", first[1].id: "mentor"}
        fits = write_fit_checks(tmp_path / "fit-checks.csv", first, stop)
        code, out, err = cli(capsys, "collect", fits, "--cycle", CYCLE, "--db", target)
        assert (code, out, err) == (0, "Collected in 2027-spring: 24 fit checks.\n", "")
        code, out, err = cli(capsys, "rematch", "--cycle", CYCLE, "--db", target)
        assert code == 0, err
        with program.writing() as tx:
            for pair in list_pairs(tx, CYCLE, ["proposed"]):
                confirm_pair(tx, CYCLE, pair.mentee.email, pair.mentor.email)
            running = list_pairs(tx, CYCLE, ["confirmed"])
        plan = Plan()
        overdue, stuck, silent = running[2], running[3], running[4]
        for pair in running:
            if pair is silent:
                continue
            start = date(2027, 1, 11) if pair.id in {p.id for p in first} else date(2027, 2, 8)
            days = [start + timedelta(days=13 * k) for k in range(20)]
            days = [d for d in days if d <= AS_OF - timedelta(days=3)]
            if pair is overdue:
                days = [d for d in days if d < date(2027, 3, 1)]
            stages = ["initiation"] * len(days)
            if pair is not stuck:
                stages = [
                    ("initiation", "cultivation", "separation", "redefinition")[k * 4 // len(days)]
                    for k in range(len(days))
                ]
            plan.meetings[pair.id] = [
                Meeting(d, s, (f"Passed the exam ({pair.id})",) if k == 5 else ())
                for k, (d, s) in enumerate(zip(days, stages, strict=True))
            ]
        return Story(program, target, tmp_path, first, first[:2], plan, overdue, stuck, silent)


def test_rematch_pairs_only_the_people_of_the_dissolved_pairs_and_never_again(
    story: Story,
) -> None:
    a, b = story.dissolved
    with story.program.reading() as tx:
        pairs = list_pairs(tx, CYCLE)
        forbids = {(o.mentee.email, o.mentor.email) for o in list_overrides(tx, CYCLE, "forbid")}
    ended = {(p.mentee.email, p.mentor.email) for p in pairs if p.status == "ended"}
    assert ended == forbids == {(a.mentee.email, a.mentor.email), (b.mentee.email, b.mentor.email)}
    going = {(p.mentee.email, p.mentor.email) for p in pairs if p.status != "ended"}
    kept = {(p.mentee.email, p.mentor.email) for p in story.first[2:]}
    assert going - kept == {(a.mentee.email, b.mentor.email), (b.mentee.email, a.mentor.email)}
    assert kept <= going


def test_a_second_rematch_changes_nothing(story: Story, capsys: pytest.CaptureFixture[str]) -> None:
    # The dissolved pairs' fit checks still say no, but those pairs have ended.
    code, out, _ = cli(capsys, "rematch", "--cycle", CYCLE, "--db", story.db)
    assert (code, out) == (
        0,
        "No fit check in 2027-spring says not to continue: nothing changed.\n",
    )


def collect_check_ins_and_evaluations(story: Story, capsys: pytest.CaptureFixture[str]) -> None:
    check_ins = write_check_ins(story.folder / "check-ins.csv", story.plan)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "Pair id",
            "I am the",
            "Goals reached",
            "What worked",
            "Would you mentor in the next cycle?",
        ]
    )
    with story.program.reading() as tx:
        running = list_pairs(tx, CYCLE, ["confirmed"])
    for n, pair in enumerate(running):
        sheet.append(
            [
                pair.id,
                "Mentee",
                ("All of them", "Most of them")[n % 2],
                "Steady meetings",
                ("Yes", "Maybe", "No")[n % 3],
            ]
        )
        sheet.append([pair.id, "Mentor", "Most of them", "", "Yes"])
    book.save(story.folder / "evaluations.xlsx")
    code, out, err = cli(
        capsys,
        "collect",
        check_ins,
        story.folder / "evaluations.xlsx",
        "--cycle",
        CYCLE,
        "--db",
        story.db,
    )
    assert code == 0, err
    assert out == f"Collected in 2027-spring: {story.plan.count} check-ins, 24 evaluations.\n"


class _Cells(HTMLParser):
    """Every table row of a page, as the texts of its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.texts: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def report(story: Story, capsys: pytest.CaptureFixture[str], audience: str) -> _Cells:
    out = story.folder / f"{audience}.html"
    code, _, err = cli(
        capsys, "report", "--cycle", CYCLE, "--db", story.db, "-o", out,
        "--audience", audience, "--as-of", AS_OF.isoformat(),
    )  # fmt: skip
    assert code == 0, err
    cells = _Cells()
    cells.feed(out.read_text("utf-8"))
    return cells


def row(cells: _Cells, label: str) -> list[str]:
    return next(r[1:] for r in cells.rows if r and r[0] == label)


def test_the_coordinators_report_counts_what_happened(
    story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    collect_check_ins_and_evaluations(story, capsys)
    cells = report(story, capsys, "coordinator")
    assert row(cells, "Mentees enrolled") == ["12"]
    assert row(cells, "Mentees paired") == ["12"]
    assert row(cells, "Match rate (mentees paired)") == ["100%"]
    assert row(cells, "On track") == ["9", "64%"]
    assert row(cells, "Check-in overdue") == ["1", "7%"]
    assert row(cells, "No check-in yet") == ["1", "7%"]
    assert row(cells, "Stuck in one stage") == ["1", "7%"]
    assert row(cells, "Ended") == ["2", "14%"]
    milestones = sum(1 for ms in story.plan.meetings.values() if len(ms) > 5)
    assert row(cells, "All months") == [str(milestones)]
    assert row(cells, "Pairs with at least one milestone") == [str(milestones)]
    for month_end, label in ((date(2027, 3, 31), "March 2027"), (date(2027, 6, 30), "June 2027")):
        stages = [
            [m.stage for m in meetings if m.met_on <= month_end][-1]
            for meetings in story.plan.meetings.values()
            if meetings[0].met_on <= month_end
        ]
        assert row(cells, label) == [
            str(stages.count(s))
            for s in ("initiation", "cultivation", "separation", "redefinition")
        ]
    assert row(cells, "June 2027")[0] == "1"  # the stuck pair alone
    assert sum(int(n) for n in row(cells, "June 2027")) == 11  # all running but the silent one
    assert row(cells, "Mentees who would mentor next cycle: Yes") == ["4", "33%"]
    names = {r[0] for r in cells.rows if len(r) == 7} - {"Pair"}
    assert names == {str(p.id) for p in (story.overdue, story.stuck, story.silent)}
    assert any("Our schedules never meet." in t for t in cells.texts)


def test_the_leadership_report_has_no_names_emails_free_text_or_small_counts(
    story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    collect_check_ins_and_evaluations(story, capsys)
    html = story.folder / "leadership.html"
    cells = report(story, capsys, "leadership")
    text = html.read_text("utf-8")
    with story.program.reading() as tx:
        people = [p for pair in list_pairs(tx, CYCLE) for p in (pair.mentee, pair.mentor)]
    for person in people:
        assert person.email not in text and person.name not in text
    assert not re.search(r"\w@\w", text)  # no email address of anyone
    for free in (
        "Our schedules never meet.",
        "Steady meetings",
        "Studied for the exam",
        "Passed the exam",
    ):
        assert free not in text
    numbers = [c for r in cells.rows for c in r[1:] if re.fullmatch(r"[\d,]+", c)]
    assert numbers and all(int(n.replace(",", "")) >= 5 for n in numbers)
    assert row(cells, "Check-in overdue") == ["fewer than 5", "not shown (a count under 5)"]
    assert row(cells, "On track") == ["9", "64%"]
    svg_numbers = re.findall(r">(\d[\d,]*)</text>", text)
    assert all(int(n.replace(",", "")) >= 5 for n in svg_numbers)


def test_reminders_name_the_overdue_and_silent_pairs_with_what_to_ask(
    story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    collect_check_ins_and_evaluations(story, capsys)
    out = story.folder / "reminders.xlsx"
    code, said, err = cli(
        capsys,
        "reminders",
        "--cycle",
        CYCLE,
        "--db",
        story.db,
        "--as-of",
        AS_OF.isoformat(),
        "-o",
        out,
    )
    assert code == 0, err
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    by_pair = {r[0]: r for r in rows[1:]}
    # The two new pairs were matched after the fit checks: theirs are missing.
    assert set(by_pair) >= {story.overdue.id, story.silent.id}
    assert by_pair[story.overdue.id][5] == "check-in overdue"
    assert by_pair[story.silent.id][5] == "no check-in yet"
    assert (
        by_pair[story.silent.id][8]
        == "Have you had your first meeting? Please send a check-in after it."
    )
    assert said == f"Wrote {len(rows) - 1} reminders to {out}.\n"


def test_export_writes_every_check_in(story: Story, capsys: pytest.CaptureFixture[str]) -> None:
    collect_check_ins_and_evaluations(story, capsys)
    out = story.folder / "check-ins.out.csv"
    code, said, err = cli(
        capsys, "export", "checkins", "--cycle", CYCLE, "--db", story.db, "-o", out
    )
    assert code == 0, err
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:5] == ["pair_id", "mentee_email", "mentor_email", "met_on", "stage"]
    assert len(rows) - 1 == story.plan.count
    assert said == f"Wrote {story.plan.count} checkins to {out}.\n"


def test_a_mentee_who_mentors_in_the_next_cycle_is_counted(
    story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    with story.program.writing() as tx:
        add_cycle(tx, "2028-spring", starts_on=date(2028, 1, 3), ends_on=date(2028, 12, 18))
        mentees = [p.mentee for p in story.first[:2]]
        records = [SurveyRecord(p.email, p.name, {"capacity": 1.0}) for p in mentees]
        enroll(tx, "2028-spring", "mentor", records, source="mentors-2028.csv")
    cells = report(story, capsys, "coordinator")
    assert row(cells, "Mentees enrolled as mentors in a later cycle") == ["2", "17%"]


def test_an_answer_that_looks_like_a_formula_is_exported_as_text(
    story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    pair = story.first[5]
    sheet = story.folder / "evil.csv"
    sheet.write_text(
        "Pair id,Date we met,Stage of the relationship we have reached,"
        "Anything the coordinator should know\n"
        f'{pair.id},2027-06-20,Cultivation,"=HYPERLINK(""http://x.example"",""hi"")"\n',
        "utf-8",
    )
    code, _, err = cli(capsys, "collect", sheet, "--cycle", CYCLE, "--db", story.db)
    assert code == 0, err
    for suffix in (".csv", ".xlsx"):
        out = story.folder / f"export{suffix}"
        code, _, err = cli(
            capsys, "export", "checkins", "--cycle", CYCLE, "--db", story.db, "-o", out
        )
        assert code == 0, err
        if suffix == ".csv":
            rows = list(csv.reader(out.open(encoding="utf-8")))
        else:
            book = load_workbook(out)
            assert book.active is not None
            rows = [[str(v or "") for v in r] for r in book.active.iter_rows(values_only=True)]
            assert all(c.data_type != "f" for r in book.active.iter_rows() for c in r)
        (note,) = [r[9] for r in rows if r[0] == str(pair.id) and r[3] == "2027-06-20"]
        assert note == '\'=HYPERLINK("http://x.example","hi")'


def test_export_writes_both_peoples_evaluations_as_a_workbook(
    story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    collect_check_ins_and_evaluations(story, capsys)
    out = story.folder / "evaluations.out.xlsx"
    code, said, err = cli(
        capsys, "export", "evaluations", "--cycle", CYCLE, "--db", story.db, "-o", out
    )
    assert code == 0, err
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3:5] == ("role", "goals_reached")
    assert sorted({r[3] for r in rows[1:]}) == ["mentee", "mentor"]
    assert len(rows) - 1 == 24
    assert said == f"Wrote 24 evaluations to {out}.\n"
