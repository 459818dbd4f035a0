"""The command speaks its project's language: in a Spanish society's project (society.yml
``language: es``) what ``mentorguide`` prints when it runs is Spanish, exactly; English
projects, argument errors and what comes before a project is known stay English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.commands import Cli, Run, run_main
from tests.conftest import ROOT
from tests.matching.conftest import mentee, mentor, write_csv

SOCIETY = "society:\n  name: Sociedad de Farmacia de Ejemplo\n  short_name: SFE\n"
SHEETS = (
    "career-development-plan, check-in, cycle-evaluation, fit-check, meeting-agenda, "
    "mentorship-agreement, milestone-tracker, smart-goal, mentee-survey, mentor-survey"
)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``mentorguide ARGS`` in-process: exit code, standard output, standard error."""

    def run(*argv: str | Path) -> Run:
        return run_main(capsys, argv)

    return run


def society_project(folder: Path, language: str | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    line = f"  language: {language}\n" if language else ""
    (folder / "society.yml").write_text(SOCIETY + line, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Spanish society's project: only its society.yml."""
    return society_project(tmp_path_factory.mktemp("spanish") / "project", "es")


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same society's project with no language: English."""
    return society_project(tmp_path_factory.mktemp("english") / "project", None)


@pytest.fixture
def surveys(tmp_path: Path) -> Path:
    """Two mentors with one place each and three mentees: one mentee is left unmatched."""
    write_csv(
        tmp_path / "mentors.csv",
        [mentor("M1", capacity="1"), mentor("M2", capacity="1", expertise="automation")],
    )
    write_csv(
        tmp_path / "mentees.csv",
        [mentee("E1"), mentee("E2", career_goals="automation"), mentee("E3")],
    )
    return tmp_path


def fill(run: Cli, project: Path, folder: Path, answers: str) -> Run:
    (folder / "answers.yml").write_text(answers, encoding="utf-8")
    out = folder / "goal.pdf"
    return run(
        "worksheet", "pdf", "smart-goal", "--project", project, "--data", folder / "answers.yml",
        "-o", out,
    )  # fmt: skip


def size_of(path: Path) -> int:
    return len(path.read_bytes()) // 1024


def test_a_filled_worksheet_is_reported_in_spanish(run: Cli, spanish: Path, tmp_path: Path) -> None:
    done = fill(run, spanish, tmp_path, "goal: Aprender\nfirst_steps: Leer\n")
    assert done.code == 0, done.err
    out = tmp_path / "goal.pdf"
    assert done.out == f"se escribió {out} ({size_of(out)} KB, 2 respuestas rellenadas)\n"


def test_one_filled_answer_is_said_in_the_singular_in_spanish(
    run: Cli, spanish: Path, tmp_path: Path
) -> None:
    done = fill(run, spanish, tmp_path, "goal: Aprender\n")
    out = tmp_path / "goal.pdf"
    assert done.out == f"se escribió {out} ({size_of(out)} KB, 1 respuesta rellenada)\n"


def test_an_english_project_reports_the_filled_worksheet_as_before(
    run: Cli, english: Path, tmp_path: Path
) -> None:
    done = fill(run, english, tmp_path, "goal: Learn\nfirst_steps: Read\n")
    out = tmp_path / "goal.pdf"
    assert done.out == f"wrote {out} ({size_of(out)} KB, 2 answers filled in)\n"


def test_an_unknown_worksheet_is_a_spanish_error_with_its_suggestion(
    run: Cli, spanish: Path
) -> None:
    done = run("worksheet", "pdf", "smart-gaol", "--project", spanish)
    assert done.code == 1
    assert done.err == (
        "Error: hoja de trabajo desconocida: 'smart-gaol' (¿quiso decir 'smart-goal'?); las "
        f"hojas de trabajo son: {SHEETS}\n"
    )


def match(run: Cli, project: Path, folder: Path) -> Run:
    return run(
        "match", "--project", project, "--mentors", folder / "mentors.csv",
        "--mentees", folder / "mentees.csv", "-o", folder / "pairs.csv",
    )  # fmt: skip


def test_the_match_summary_is_spanish_and_english_as_before(
    run: Cli, spanish: Path, english: Path, surveys: Path
) -> None:
    before = match(run, english, surveys)
    found = re.fullmatch(
        r"Matched 2 of 3 mentees with 2 of 2 mentors \(optimal; total score ([\d.,]+)\)\. "
        rf"Wrote {re.escape(str(surveys / 'pairs.csv'))}\.\n"
        r"1 mentee is unmatched: the report \(--report\) says why\.\n",
        before.out,
    )
    assert found, before.out
    done = match(run, spanish, surveys)
    assert done.code == 0, done.err
    assert done.out == (
        f"Se emparejaron 2 de 3 mentorados con 2 de 2 mentores (optimal; afinidad total "
        f"{found[1]}). Archivos escritos: {surveys / 'pairs.csv'}.\n"
        "1 mentorado queda sin pareja: el informe (--report) explica por qué.\n"
    )


def test_a_program_run_in_a_spanish_project_folder_speaks_spanish(
    run: Cli, spanish: Path, surveys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # program init and add-cycle take no --project: the folder they run in is the project.
    monkeypatch.chdir(spanish)
    db = surveys / "program.sqlite"
    created = run("program", "init", "--name", "Mentoría", "--society", "SFE", "--db", db)
    assert created.out.splitlines()[0] == (
        f'Se creó {db} para "Mentoría" (SFE). A continuación, un ciclo:'
    )
    spring = ("--start", "2027-03-01", "--end", "2027-08-31")
    added = run("program", "add-cycle", "2027-spring", *spring, "--name", "Primavera", "--db", db)
    assert added.out == (
        "Se añadió el ciclo 2027-spring (Primavera): del 2027-03-01 al 2027-08-31.\n"
    )
    enrolled = run(
        "program", "enroll", "--cycle", "2027-spring", "--mentees", surveys / "mentees.csv",
        "--mentors", surveys / "mentors.csv", "--db", db,
    )  # fmt: skip
    assert enrolled.code == 0, enrolled.err
    assert enrolled.out == (
        "Inscritos en 2027-spring: 3 mentorados (3 nuevos), 2 mentores (2 nuevos).\n"
        "Siguiente paso: mentorguide program match --cycle 2027-spring\n"
    )
    status = run("program", "status", "--db", db)
    assert status.out == (
        "Programa: Mentoría (SFE)\n"
        f"Archivo: {db} (esquema 0003)\n"
        "Ciclo 2027-spring (Primavera): del 2027-03-01 al 2027-08-31, aún sin emparejar\n"
        "  Inscritos: 3 mentorados, 2 mentores\n"
        "  Con pareja: 0 de 3 mentorados (parejas confirmadas: 0, propuestas: 0)\n"
        "  Mentorados sin pareja: 3 (aún sin emparejar: 3)\n"
        "  Mentores sin mentorado: 2 (aún sin emparejar: 2)\n"
    )
    matched = run("program", "match", "--cycle", "2027-spring", "--db", db)
    assert matched.out == (
        "Ciclo 2027-spring emparejado (optimal): 2 parejas propuestas, 0 parejas confirmadas "
        "conservadas.\n"
        "1 mentorado quedó sin pareja: mentorguide program status --cycle 2027-spring explica "
        "por qué.\n"
        "Siguiente paso: mentorguide program export pairs --cycle 2027-spring -o pairs.xlsx\n"
    )


def test_a_program_command_outside_a_project_stays_english(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    added = run("program", "init", "--name", "Mentorship", "--db", tmp_path / "p.sqlite")
    assert added.out.startswith(f'Created {tmp_path / "p.sqlite"} for "Mentorship". Next, a cycle:')


def test_argument_errors_stay_english_in_a_spanish_project(
    run: Cli, spanish: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(spanish)
    done = run("program", "add-cycle", "2027-spring", "--start", "march", "--end", "2027-08-31")
    assert done.code == 2
    assert done.err.endswith("error: argument --start: 'march' is not a date (write YYYY-MM-DD)\n")


def test_a_missing_project_folder_is_an_english_error_even_in_a_spanish_folder(
    run: Cli, spanish: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(spanish)
    done = run("worksheet", "list", "--project", "nowhere")
    assert done.err == "Error: --project nowhere: no such folder\n"


def test_a_societys_own_strings_file_words_the_messages(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # schema takes no --project: the project is the folder it runs in.
    project = society_project(tmp_path / "project", "es")
    (project / "strings").mkdir()
    package = (ROOT / "src" / "mentorguide" / "strings" / "es.yml").read_text(encoding="utf-8")
    own = package.replace(
        "cli.schema.wrote: se escribió {path}", 'cli.schema.wrote: "listo: {path}"'
    )
    assert own != package
    (project / "strings" / "es.yml").write_text(own, encoding="utf-8")
    monkeypatch.chdir(project)
    done = run("schema", "--out", "schemas")
    assert done.code == 0, done.err
    assert done.out.splitlines()[0] == f"listo: {Path('schemas') / 'guide.schema.json'}"


def test_a_program_command_in_a_project_with_a_broken_strings_file_runs_in_english(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The program file does not need the project: its strings' problems are check's to report.
    project = society_project(tmp_path / "project", "es")
    (project / "strings").mkdir()
    (project / "strings" / "es.yml").write_text("strings:\n  cli.note: Nota\n", encoding="utf-8")
    monkeypatch.chdir(project)
    done = run("program", "init", "--name", "Mentoría", "--db", tmp_path / "p.sqlite")
    assert done.code == 0, done.err
    assert done.out.startswith(f'Created {tmp_path / "p.sqlite"} for "Mentoría". Next, a cycle:')
