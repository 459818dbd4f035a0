"""society.yml: validated like content; brand colours must keep WCAG 2.2 AA contrast."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.edition.colors import contrast
from mentorguide.edition.society import brand_css, dark_scheme_shade, load_society


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "society.yml").write_text(text, encoding="utf-8")
    return tmp_path


BASE = "society:\n  name: Ohio Society of Health-System Pharmacists\n  short_name: OSHP\n"


def test_contrast_ratios_follow_wcag() -> None:
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0
    assert round(contrast("#ffffff", "#00796b"), 2) == 5.32
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_low_contrast_primary_is_an_error_naming_color_ratio_and_a_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write(tmp_path, BASE + "  colours:\n    primary: '#ffcc00'\n    accent: '#1a237e'\n")
    assert main(["check", "--project", str(root)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "society.yml:5:14: society.colours.primary: '#ffcc00' with white header text, and as "
        "link text on the white page, has a contrast ratio of 1.51:1; WCAG 2.2 AA (1.4.3) needs "
        "at least 4.5:1 (a darker shade such as '#8f7200' passes)",
        "1 problem found in the content.",
    ]


def test_the_suggested_shade_passes(tmp_path: Path) -> None:
    root = write(tmp_path, BASE + "  colours:\n    primary: '#8f7200'\n    accent: '#1a237e'\n")
    society = load_society(root)
    assert society is not None and society.colors is not None


def test_a_color_that_is_not_hex_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write(tmp_path, BASE + "  colours:\n    primary: teal\n    accent: '#1a237e'\n")
    assert main(["check", "--project", str(root)]) == 1
    assert "society.yml:5:14: society.colours.primary: got the text 'teal'" in (
        capsys.readouterr().err
    )


def test_a_missing_logo_file_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write(tmp_path, BASE + "  logo: images/logo.svg\n")
    assert main(["check", "--project", str(root)]) == 1
    assert "society.yml:4:9: society.logo: no file docs/images/logo.svg" in capsys.readouterr().err


def test_dark_scheme_links_are_lightened_until_they_read_on_slate(tmp_path: Path) -> None:
    shade = dark_scheme_shade("#1a237e")
    assert contrast(shade, "#1e2129") >= 4.5
    society = load_society(
        write(tmp_path, BASE + "  colours:\n    primary: '#1b5e20'\n    accent: '#1a237e'\n")
    )
    assert society is not None
    css = brand_css(society)
    assert "--md-primary-fg-color: #1b5e20;" in css
    assert f"--md-accent-fg-color: {shade};" in css


def test_every_society_problem_is_reported_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An unknown key used to hide the rest until it was fixed: the colours, the logo and
    # the strings of the society's language came one round at a time.
    root = write(
        tmp_path,
        BASE + "  slogan: Better together\n  logo: images/none.svg\n  language: es\n"
        "  colours:\n    primary: '#ffcc00'\n    accent: '#1a237e'\n",
    )
    (root / "strings").mkdir()
    (root / "strings" / "es.yml").write_text("strings:\n  nonsense.key: hola\n", "utf-8")
    assert main(["check", "--project", str(root)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[:3] == [
        "society.yml:4:3: society.slogan: unknown key 'slogan' (did you mean 'logo'?)",
        "society.yml:5:9: society.logo: no file docs/images/none.svg",
        "society.yml:8:14: society.colours.primary: '#ffcc00' with white header text, and as "
        "link text on the white page, has a contrast ratio of 1.51:1; WCAG 2.2 AA (1.4.3) needs "
        "at least 4.5:1 (a darker shade such as '#8f7200' passes)",
    ]
    assert [line for line in lines if "nonsense.key" in line] != []
