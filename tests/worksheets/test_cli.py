"""``mentorguide worksheet pdf``: blank or pre-filled PDFs on demand, Letter or A4, and a clear
error, naming the field, for answers that do not fit."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.pdf.fill import read_values
from tests.conftest import ROOT
from tests.worksheets.conftest import fields_of, open_pdf

KB = 1024


def make(tmp_path: Path, slug: str, *args: str) -> tuple[int, bytes]:
    out = tmp_path / f"{slug}.pdf"
    code = main(["worksheet", "pdf", slug, "--project", str(ROOT), "-o", str(out), *args])
    return code, out.read_bytes() if out.exists() else b""


def answers_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fill_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slug: str, name: str, text: str
) -> int:
    """``worksheet pdf SLUG --data NAME`` run in ``tmp_path``, the answers file holding
    ``text`` (relative names, as errors show them); the exit code."""
    monkeypatch.chdir(tmp_path)
    answers_file(tmp_path, name, text)
    argv = ["worksheet", "pdf", slug, "--project", str(ROOT), "--data", name, "-o", "out.pdf"]
    return main(argv)


def test_a_blank_pdf_is_us_letter_by_default(tmp_path: Path) -> None:
    code, data = make(tmp_path, "smart-goal")
    assert code == 0
    with open_pdf(data) as pdf:
        assert [float(x) for x in pdf.pages[0].MediaBox] == [0, 0, 612, 792]


def test_a4_on_request(tmp_path: Path) -> None:
    code, data = make(tmp_path, "smart-goal", "--paper", "a4")
    assert code == 0
    with open_pdf(data) as pdf:
        width, height = (float(x) for x in pdf.pages[0].MediaBox[2:])
    assert (round(width), round(height)) == (595, 842)


def test_data_from_the_pages_json_export_opens_filled_in(tmp_path: Path) -> None:
    answers: dict[str, str | bool] = {
        "mentor_name": "Ana Díaz",
        "start_date": "2026-01-15",
        "frequency": "monthly",
        "platforms.email": True,
        "platforms.other": True,
        "platforms.other_text": "Team chat",
        "feedback": "A short check on how it is going\nat the end of each meeting.",
    }
    exported = {
        "format": "mentorguide-worksheet-answers",
        "version": 1,
        "worksheet": "mentorship-agreement",
        "answers": answers,
    }
    data_file = answers_file(tmp_path, "answers.json", json.dumps(exported))
    code, data = make(tmp_path, "mentorship-agreement", "--data", str(data_file))
    assert code == 0
    values = read_values(data)
    assert {k: values[k] for k in answers} == answers
    assert values["mentee_name"] == "" and values["platforms.text"] is False


def test_prefilled_fields_stay_editable(tmp_path: Path) -> None:
    data_file = answers_file(tmp_path, "answers.yml", "goal: Pass the CSPT exam\n")
    _, data = make(tmp_path, "smart-goal", "--data", str(data_file))
    with open_pdf(data) as pdf:
        goal = fields_of(pdf)["goal"]
        assert not int(goal.get("/Ff", 0)) & 1  # ReadOnly (ISO 32000-1, Table 221)


def test_prefilled_text_has_an_appearance_stream_in_the_field_font(tmp_path: Path) -> None:
    data_file = answers_file(tmp_path, "answers.yml", "mentee_name: Zoë Łukasz\n")
    _, data = make(tmp_path, "smart-goal", "--data", str(data_file))
    with open_pdf(data) as pdf:
        field = fields_of(pdf)["mentee_name"]
        stream = field.AP.N
        content = stream.read_bytes().decode("latin-1")
        font = str(field.DA).split("/")[-1].split()[0]
        assert "/Tx BMC" in content and f"/{font} 11 Tf" in content and "Tj" in content
        assert f"/{font}" in stream.Resources.Font
        assert bool(pdf.Root.AcroForm.NeedAppearances) is False
        # Empty fields need none: a viewer draws them when someone types.
        assert "/AP" not in fields_of(pdf)["goal"]


def test_a_multiline_answer_is_wrapped_into_lines(tmp_path: Path) -> None:
    long = "word " * 60
    data_file = answers_file(tmp_path, "answers.yml", f"first_steps: {long}\n")
    _, data = make(tmp_path, "smart-goal", "--data", str(data_file))
    with open_pdf(data) as pdf:
        content = fields_of(pdf)["first_steps"].AP.N.read_bytes().decode("latin-1")
    assert content.count(" Tj") >= 2


def test_hand_written_yaml_can_nest_choices_and_table_rows(tmp_path: Path) -> None:
    data_file = answers_file(
        tmp_path,
        "cdp.yml",
        "current_role: Inventory technician\n"
        "credentials: [CSPT, other]\n"
        "credentials.other_text: Lean Six Sigma\n"
        "actions:\n"
        "  - {action: Register for the exam, owner: Me, due: 2026-02-01, done: true}\n"
        "  - {action: Shadow the buyer, owner: Mentor}\n",
    )
    code, data = make(tmp_path, "career-development-plan", "--data", str(data_file))
    assert code == 0
    values = read_values(data)
    assert values["credentials.CSPT"] is True and values["credentials.other"] is True
    assert values["credentials.CPhT"] is False
    assert values["actions.0.due"] == "2026-02-01" and values["actions.0.done"] is True
    assert values["actions.1.owner"] == "Mentor"


def test_a_prefilled_pdf_stays_within_100_kb(tmp_path: Path) -> None:
    from mentorguide.project.load import load_project
    from mentorguide.worksheets.form import form_fields

    project = load_project(ROOT)
    sheet = next(s for s in project.worksheets if s.slug == "meeting-agenda")
    answers: dict[str, object] = {}
    for spec in form_fields(sheet, project.content):
        if spec.value == "bool":
            answers[spec.name] = True
        elif spec.value == "choice":
            answers[spec.name] = spec.options[-1].id
        elif spec.value == "date":
            answers[spec.name] = "2026-03-01"
        else:
            answers[spec.name] = "A fairly long answer, written out in full. " * 4
    data_file = answers_file(tmp_path, "all.json", json.dumps(answers))
    code, data = make(tmp_path, "meeting-agenda", "--data", str(data_file))
    assert code == 0
    assert len(data) <= 100 * KB


def test_an_unknown_field_is_named_with_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = fill_from(
        tmp_path, monkeypatch, "smart-goal", "answers.yml", "goal: Lead a project\nmentee: Zoë\n"
    )
    assert code == 1
    assert capsys.readouterr().err == (
        "Error: the answers in answers.yml do not fit the 'smart-goal' worksheet:\n"
        "answers.yml:2:1: mentee: unknown field 'mentee' in the 'smart-goal' worksheet "
        "(did you mean 'mentee_name'?)\n"
    )
    assert not (tmp_path / "out.pdf").exists()


def test_a_wrong_type_is_named_with_what_was_expected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = fill_from(
        tmp_path,
        monkeypatch,
        "smart-goal",
        "answers.yml",
        "target_date: next spring\nfirst_steps: [a, b]\n",
    )
    assert code == 1
    assert capsys.readouterr().err == (
        "Error: the answers in answers.yml do not fit the 'smart-goal' worksheet:\n"
        "answers.yml:1:14: target_date: expected a date as YYYY-MM-DD or MM/DD/YYYY, got the text "
        "'next spring'\n"
        "answers.yml:2:14: first_steps: expected text, got a list\n"
    )


def test_a_choice_outside_its_options_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = fill_from(
        tmp_path, monkeypatch, "mentorship-agreement", "answers.json", '{"frequency": "Monthly"}'
    )
    assert code == 1
    assert capsys.readouterr().err.splitlines()[1] == (
        "answers.json:1:15: frequency: expected one of 'biweekly', 'monthly', 'quarterly' or "
        "'other', got the text 'Monthly' (did you mean 'monthly'?)"
    )


def test_answers_exported_from_another_worksheet_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = fill_from(
        tmp_path,
        monkeypatch,
        "milestone-tracker",
        "a.json",
        '{"worksheet": "smart-goal", "answers": {"goal": "x"}}',
    )
    assert code == 1
    assert (
        "a.json:1:15: worksheet: these answers are for the 'smart-goal' worksheet, not "
        "'milestone-tracker'" in capsys.readouterr().err
    )


def test_an_unknown_worksheet_is_named_with_a_suggestion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["worksheet", "pdf", "smart-gaol", "--project", str(ROOT)]) == 1
    assert capsys.readouterr().err == (
        "Error: unknown worksheet 'smart-gaol' (did you mean 'smart-goal'?); the worksheets "
        "are: career-development-plan, check-in, cycle-evaluation, fit-check, meeting-agenda, "
        "mentorship-agreement, milestone-tracker, smart-goal, mentee-survey, mentor-survey\n"
    )


def test_fields_lists_the_names_data_files_use(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worksheet", "fields", "smart-goal", "--project", str(ROOT)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "mentee_name\ttext\tMentee"
    assert "target_date\tdate YYYY-MM-DD or MM/DD/YYYY\tTarget date" in lines


def test_a_pdf_that_cannot_be_written_leaves_the_earlier_one_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make(tmp_path, "smart-goal")  # the blank PDF is in the render cache from here on
    earlier = tmp_path / "smart-goal.pdf"
    earlier.write_bytes(b"%PDF- the earlier copy")

    def disk_full(fd: int) -> None:
        # A network drive reports a full disk when the data is flushed, not when written.
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, data = make(tmp_path, "smart-goal")
    assert code == 1
    assert capsys.readouterr().err == f"Error: {earlier}: cannot write (no space left on device)\n"
    assert data == b"%PDF- the earlier copy"
    assert [p.name for p in tmp_path.iterdir()] == ["smart-goal.pdf"]


def test_a_pdf_for_a_missing_folder_is_an_error_not_a_new_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "smart-goal.pdf"
    argv = ["worksheet", "pdf", "smart-goal", "--project", str(ROOT), "-o", str(target)]
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        f"Error: {target}: the folder {target.parent} does not exist\n"
    )
    assert not target.parent.exists()


def test_an_answer_too_long_to_print_is_named_and_kept_whole_in_the_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    goal = "Lead the inventory project and report on it every month. " * 100  # ~5,800
    code = fill_from(tmp_path, monkeypatch, "smart-goal", "a.json", json.dumps({"goal": goal}))
    assert code == 0
    assert read_values((tmp_path / "out.pdf").read_bytes())["goal"] == goal
    assert capsys.readouterr().err == (
        "warning: goal (My goal): the answer is longer than its box prints; the PDF field "
        "holds all of it (a PDF viewer scrolls it), but on paper it is cut: shorten it to "
        "print it whole\n"
    )


def test_an_answer_that_fits_its_box_gives_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    goal = "Lead the inventory project and report on it every month. " * 3
    code = fill_from(tmp_path, monkeypatch, "smart-goal", "a.json", json.dumps({"goal": goal}))
    assert code == 0
    assert capsys.readouterr().err == ""
