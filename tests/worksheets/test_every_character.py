"""Every character typed is drawn — Vietnamese, Greek, Cyrillic, the symbols people type and
rarer ones the field font lacks — in PDFium, Poppler and MuPDF, from `worksheet pdf --data`;
characters no font here can draw are named before any PDF is made, never printed as '?'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.pdf.fill import parse_to_unicode, read_values
from mentorguide.pdf.fonts import BASE_CHARACTERS
from mentorguide.worksheets.form import FormField
from tests.conftest import ROOT
from tests.readback import ENGINES, drawn_text, qpdf_check, squeezed, tools_missing
from tests.worksheets.conftest import SLUGS, open_pdf

pytestmark = pytest.mark.skipif(
    bool(tools_missing()), reason=f"needs {tools_missing()} (.ci/ensure-system-packages)"
)

#: One piece per text field, in turn; multi-line fields get them all. "∮ ⊗" are not in
#: the blank's field font, so they are drawn in the subset cut at fill time.
PIECES = (
    "Nguyễn Thị Hồng",
    "≥95% ≤5 μg",
    "→37 °C ±2",
    "™ • – — “ok” …",
    "Ελληνικά",
    "Кириллица",
    "∮ ⊗ Ѣ",
)
GROUP_ONE = "Nguyễn Thị Hồng ≥ ≤ → μ ° ± ™ • – — “ ” … Ελληνικά Кириллица"


def sample_answers(specs: list[FormField]) -> dict[str, str]:
    answers: dict[str, str] = {}
    texts = [s for s in specs if s.kind in ("text", "multiline") and s.value == "text"]
    for index, spec in enumerate(texts):
        answers[spec.name] = (
            " ".join(PIECES) if spec.kind == "multiline" else PIECES[index % len(PIECES)]
        )
    return answers


def fill(tmp_path: Path, slug: str, answers: dict[str, str]) -> tuple[int, bytes]:
    data = tmp_path / f"{slug}.json"
    data.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / f"{slug}.pdf"
    argv = ["worksheet", "pdf", slug, "--project", str(ROOT), "--data", str(data)]
    code = main([*argv, "-o", str(out)])
    return code, out.read_bytes() if out.exists() else b""


@pytest.mark.parametrize("slug", SLUGS)
def test_every_worksheet_draws_a_multi_script_sample_in_every_engine(
    tmp_path: Path, slug: str, specs: dict[str, list[FormField]]
) -> None:
    answers = sample_answers(specs[slug])
    code, pdf = fill(tmp_path, slug, answers)
    assert code == 0
    for engine in ENGINES:
        text = squeezed(drawn_text(pdf, engine))
        missing = {n: v for n, v in answers.items() if squeezed(v) not in text}
        assert missing == {}, f"{engine} does not read back {missing}"


def test_no_answer_character_prints_as_a_question_mark(
    tmp_path: Path, specs: dict[str, list[FormField]]
) -> None:
    answers = {"mentee_name": "Nguyễn Thị Hồng ∮ ⊗ Ѣ"}
    code, pdf = fill(tmp_path, "smart-goal", answers)
    assert code == 0
    for engine in ENGINES:
        assert "Nguyễn Thị Hồng ∮ ⊗ Ѣ" in drawn_text(pdf, engine), engine
        assert "Nguy?n" not in drawn_text(pdf, engine)


def test_text_typed_decomposed_is_drawn_composed(tmp_path: Path) -> None:
    # "ễ" typed as e + circumflex + tilde (as macOS keyboards may send it).
    code, pdf = fill(tmp_path, "smart-goal", {"mentee_name": "Nguye\u0302\u0303n"})
    assert code == 0
    assert "Nguyễn" in drawn_text(pdf, "mupdf")
    # What was typed is kept as typed.
    assert read_values(pdf)["mentee_name"] == "Nguye\u0302\u0303n"


def test_filled_pdfs_pass_qpdf_check_without_a_warning(
    tmp_path: Path, specs: dict[str, list[FormField]]
) -> None:
    code, pdf = fill(
        tmp_path, "career-development-plan", sample_answers(specs["career-development-plan"])
    )
    assert code == 0
    assert qpdf_check(pdf) == ""


@pytest.mark.parametrize(
    "slug",
    [
        "career-development-plan",
        "meeting-agenda",
        "mentorship-agreement",
        "milestone-tracker",
        "smart-goal",
        "mentee-survey",
        "mentor-survey",
    ],
)
def test_every_blank_pdf_passes_qpdf_check(tmp_path: Path, slug: str) -> None:
    out = tmp_path / "blank.pdf"
    assert main(["worksheet", "pdf", slug, "--project", str(ROOT), "-o", str(out)]) == 0
    assert qpdf_check(out.read_bytes()) == ""


def test_the_blank_pdfs_field_font_holds_latin_greek_cyrillic_and_symbols(
    tmp_path: Path,
) -> None:
    out = tmp_path / "blank.pdf"
    assert main(["worksheet", "pdf", "smart-goal", "--project", str(ROOT), "-o", str(out)]) == 0
    pdf = open_pdf(out.read_bytes())
    da = str(pdf.Root.AcroForm.Fields[0].DA)
    resource = da.split("/")[-1].split()[0]
    font = pdf.Root.AcroForm.DR.Font[f"/{resource}"]
    glyphs = parse_to_unicode(font.ToUnicode.read_bytes().decode("latin-1"))
    assert [c for c in GROUP_ONE if not c.isspace() and c not in glyphs] == []
    assert set(GROUP_ONE) - {" "} <= BASE_CHARACTERS


def test_characters_no_font_can_draw_are_named_and_no_pdf_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = {"mentee_name": "王秀英 Nguyễn", "goal": "שלום and नमस्ते"}
    code, pdf = fill(tmp_path, "smart-goal", answers)
    assert (code, pdf) == (1, b"")
    err = capsys.readouterr().err
    assert "mentee_name (Mentee): 王 (U+738B), 秀 (U+79C0), 英 (U+82F1)" in err
    assert "goal (My goal): ש (U+05E9), ל (U+05DC), ו (U+05D5), ם (U+05DD), न (U+0928)" in err
    assert "was not made" in err


def test_a_latin_only_filled_pdf_stays_within_100_kb(
    tmp_path: Path, specs: dict[str, list[FormField]]
) -> None:
    for slug in ("career-development-plan", "milestone-tracker", "meeting-agenda"):
        answers = {
            s.name: "Zoë Łukasz reviews the goal"
            for s in specs[slug]
            if s.kind in ("text", "multiline") and s.value == "text"
        }
        code, pdf = fill(tmp_path, slug, answers)
        assert code == 0
        assert len(pdf) <= 100 * 1024, (slug, len(pdf))
