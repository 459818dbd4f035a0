"""Survey answers in the files people really have: UTF-16 and byte-order-marked CSV,
``.xlsx`` from Excel and Microsoft Forms, PDFs saved encrypted; numbers read strictly."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter

from mentorguide.files.inputs import InputError
from mentorguide.matching.readers import read_responses, role_of_file
from mentorguide.matching.responses import Responses, plain_number
from mentorguide.matching.spec import Role, SurveySpec
from mentorguide.pdf.fill import fill_pdf
from mentorguide.project.load import Project, load_project
from mentorguide.worksheets.form import form_fields
from tests.conftest import ROOT
from tests.matching.conftest import MENTEE_FIELDS, Run, csv_text, mentee, project_args

Read = Callable[[Path], Responses]


@pytest.fixture
def read(specs: dict[Role, SurveySpec]) -> Read:
    def run(path: Path) -> Responses:
        return read_responses(path, specs["mentee"], path.name)

    return run


def people() -> list[dict[str, str]]:
    return [
        mentee("E1", name="Zoë Ñúñez", career_goals="sterile-compounding"),
        mentee("E2", name="Anh Lê", years_in_practice="4"),
    ]


def error_of(read: Read, path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read(path)
    return str(caught.value)


# --- text encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-16", "\t"), ("utf-16-le", "\t"), ("utf-16-be", ","), ("utf-8-sig", ","), ("utf-8", ";")],
)
def test_csv_in_every_encoding_reads_alike(
    tmp_path: Path, read: Read, encoding: str, separator: str
) -> None:
    # Excel's "Unicode Text" is UTF-16 with a byte-order mark and tabs.
    text = csv_text(people(), MENTEE_FIELDS).replace(",", separator)
    path = tmp_path / "mentees.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    responses = read(path)
    assert responses.ids == ["E1", "E2"]
    assert responses.values["name"] == ["Zoë Ñúñez", "Anh Lê"]


def test_windows_1252_still_reads(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "mentees.csv"
    path.write_bytes(csv_text(people(), MENTEE_FIELDS).encode("cp1252", errors="replace"))
    assert read(path).values["name"][0] == "Zoë Ñúñez"


# --- workbooks --------------------------------------------------------------------------


def forms_export(path: Path, rows: list[list[object]]) -> Path:
    """A workbook laid out as Microsoft Forms exports one: its own columns first, then one
    column per question, headed by the question's text."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


HEADER = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Your id",
    "Years in pharmacy practice",
    "How often would you like to meet?",
    "How would you like to meet?",
    "Which mentor do you want?",
]


def test_a_microsoft_forms_workbook_reads_by_question_text(
    tmp_path: Path, read: Read, specs: dict[Role, SurveySpec]
) -> None:
    labels = {s.id: s.field.label for s in specs["mentee"].fields}
    header: list[object] = ["ID", "Start time", "Completion time", "Email", "Name", labels["id"]]
    header += [labels["name"], labels["email"]]
    header += [labels[f] for f in ("years_in_practice", "frequency", "platform", "preferred_model")]
    when = datetime.datetime(2026, 3, 4, 9, 30)
    first: list[object] = [2, "Monthly", "Virtual", "experienced"]
    second: list[object] = [4.0, "monthly", "virtual", "peer"]
    path = forms_export(
        tmp_path / "Mentee sign-up(1-2).xlsx",
        [
            header,
            [1, when, when, "anonymous", "", "E1", "Zoë Ñúñez", "zoe@example.org", *first],
            [],
            [3, when, when, "anonymous", "", "E2", "Anh Lê", "anh@example.org", *second],
        ],
    )
    responses = read(path)
    assert responses.ids == ["E1", "E2"]
    assert responses.values["years_in_practice"] == [2.0, 4.0]
    assert list(responses.places) == ["row 2", "row 4"]
    assert responses.values["email"] == ["zoe@example.org", "anh@example.org"]
    assert not responses.notes


def test_a_problem_in_a_workbook_names_the_row_the_sheet_shows(tmp_path: Path, read: Read) -> None:
    rows: list[list[object]] = [list(MENTEE_FIELDS)]
    for person in people():
        rows += [[], [person[f] for f in MENTEE_FIELDS]]
    rows[4][MENTEE_FIELDS.index("years_in_practice")] = "lots"
    path = forms_export(tmp_path / "mentees.xlsx", rows)
    assert error_of(read, path) == (
        "mentees.xlsx, row 5, column D (years_in_practice): expected a number, got 'lots'"
    )


def test_a_workbook_tells_which_survey_it_answers(
    tmp_path: Path, specs: dict[Role, SurveySpec]
) -> None:
    path = forms_export(
        tmp_path / "x.xlsx", [list(MENTEE_FIELDS), [mentee("E1")[f] for f in MENTEE_FIELDS]]
    )
    assert role_of_file(path, specs) == "mentee"


def test_a_damaged_workbook_is_one_line(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "mentees.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    assert error_of(read, path) == (
        "mentees.xlsx: not a readable .xlsx workbook (if it is protected by a password, "
        "save a copy without one)"
    )


def test_an_old_xls_file_asks_for_xlsx(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "mentees.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert error_of(read, path) == "mentees.xls: an old Excel .xls file: save it as .xlsx or CSV"


# --- encrypted PDFs ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def filled_pdf() -> bytes:
    from mentorguide.matching.spec import survey_spec
    from mentorguide.matching.writers import survey_pdf
    from mentorguide.worksheets.surveys import survey_worksheet

    project: Project = load_project(ROOT)
    sheet = survey_worksheet(survey_spec(project.content, "mentee").survey)
    answers: dict[str, str | bool] = {
        "id": "E7",
        "name": "Ida Ito",
        "email": "ida@example.org",
        "years_in_practice": "3",
        "frequency": "monthly",
        "platform.virtual": True,
        "preferred_model": "peer",
    }
    return fill_pdf(survey_pdf(project, "mentee"), answers, form_fields(sheet, project.content))


def encrypted(data: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_encrypted_without_a_password_is_read(
    tmp_path: Path, read: Read, filled_pdf: bytes
) -> None:
    path = tmp_path / "E7.pdf"
    path.write_bytes(encrypted(filled_pdf, ""))
    assert PdfReader(path).is_encrypted
    responses = read(path)
    assert (responses.ids, responses.values["name"]) == (["E7"], ["Ida Ito"])


def test_a_pdf_with_a_real_password_says_so(tmp_path: Path, read: Read, filled_pdf: bytes) -> None:
    path = tmp_path / "E7.pdf"
    path.write_bytes(encrypted(filled_pdf, "s3cret"))
    assert error_of(read, path) == (
        "E7.pdf: the PDF is protected by a password: open it, save a copy without the "
        "password, and collect that copy"
    )


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1,000", 1000.0),
        ("12,500,000", 12_500_000.0),
        ("1.000.000", 1_000_000.0),
        ("1,5", 1.5),
        ("2,75", 2.75),
        ("12", 12.0),
        (" 7 ", 7.0),
        ("-0.5", -0.5),
        (".5", 0.5),
        ("1_0", None),
        ("1e3", None),
        ("0x10", None),
        ("inf", None),
        ("nan", None),
        ("1,2,3", None),
    ],
)
def test_numbers_are_read_strictly(text: str, number: float | None) -> None:
    assert plain_number(text) == number


def test_a_thousands_separator_is_never_a_decimal_comma(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "mentees.csv"
    path.write_text(
        csv_text([mentee("E1", years_in_practice="1,000"), mentee("E2", years_in_practice="1_0")]),
        encoding="utf-8",
    )
    assert error_of(read, path).splitlines() == [
        "2 problems found:",
        "mentees.csv, row 2, column D (years_in_practice): expected a number from 0 to 60, "
        "got '1,000'",
        "mentees.csv, row 3, column D (years_in_practice): expected a number, got '1_0'",
    ]


# --- the same file twice ----------------------------------------------------------------


def test_matching_one_file_against_itself_is_refused(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(csv_text([mentee("E1")]), encoding="utf-8")
    run = cli(
        "match", "--mentors", path, "--mentees", path, "-o", tmp_path / "pairs.csv", *project_args()
    )
    assert (run.code, run.err) == (
        1,
        f"Error: {path}: --mentees and --mentors name the same file\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]
