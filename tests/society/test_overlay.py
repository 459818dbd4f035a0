"""A society's content overlays the default guide: add, replace, patch and hide by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorguide.cli.main import main
from mentorguide.project.load import load_project


def society(tmp_path: Path, files: dict[str, str]) -> Path:
    """A society project holding only ``society.yml`` and the given overlay files."""
    root = tmp_path / "society"
    (root / "content").mkdir(parents=True)
    (root / "society.yml").write_text(
        "society:\n  name: Ohio Society of Health-System Pharmacists\n  short_name: OSHP\n",
        encoding="utf-8",
    )
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


LOCAL_CREDENTIAL = """\
credentials:
  - id: ohio-sterile-badge
    name: Ohio Sterile Compounding Badge
    kind: certificate
    advanced: true
"""


def test_an_empty_overlay_is_the_default_guide(tmp_path: Path) -> None:
    project = load_project(society(tmp_path, {}))
    assert len(project.content.roles.roles) == 10
    assert project.society is not None and project.society.short_name == "OSHP"


def test_items_with_new_ids_are_added(tmp_path: Path) -> None:
    project = load_project(society(tmp_path, {"content/credentials.yml": LOCAL_CREDENTIAL}))
    assert [c.id for c in project.content.credentials.credentials][-1] == "ohio-sterile-badge"
    assert len(project.content.credentials.credentials) == 6


def test_hidden_items_are_removed(tmp_path: Path) -> None:
    overlay = "roles:\n  - id: specialty-pharmacy-technician\n    hidden: true\n"
    project = load_project(society(tmp_path, {"content/roles.yml": overlay}))
    assert "specialty-pharmacy-technician" not in [r.id for r in project.content.roles.roles]


def test_replace_swaps_the_whole_item(tmp_path: Path) -> None:
    overlay = (
        "roles:\n  - id: compliance-specialist\n    replace: true\n"
        "    name: Regulatory Compliance Specialist\n    category: administrative\n"
    )
    project = load_project(society(tmp_path, {"content/roles.yml": overlay}))
    role = next(r for r in project.content.roles.roles if r.id == "compliance-specialist")
    assert role.name == "Regulatory Compliance Specialist"


def test_a_nested_item_is_patched_in_place(tmp_path: Path) -> None:
    overlay = (
        "sets:\n  - id: mentor-questions\n    questions:\n      - id: feel-supported\n"
        "        text: Do you feel supported by your manager and team?\n"
    )
    project = load_project(society(tmp_path, {"content/questions.yml": overlay}))
    texts = {q.id: q.text for _, q in project.content.all_questions()}
    assert texts["feel-supported"] == "Do you feel supported by your manager and team?"
    assert len(texts) == 15


def test_replacing_an_id_the_default_no_longer_has_names_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = "roles:\n  - id: retired-role\n    replace: true\n    name: X\n"
    root = society(tmp_path, {"content/roles.yml": overlay})
    assert main(["check", "--project", str(root)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/roles.yml:2:9: roles[0].id: 'retired-role' is replaced here, but the default "
        "guide's <mentorguide>/content/roles.yml has no item with this id (was it renamed or "
        "removed in an upgrade?); remove 'replace: true' to add it as a new item"
    )


def test_a_reference_to_a_missing_id_names_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "content/credentials.yml": LOCAL_CREDENTIAL,
        "content/roles.yml": (
            "roles:\n  - id: oncology-technician\n    name: Oncology Pharmacy Technician\n"
            "    category: specialized\n    credentials: [ohio-sterile-bagde]\n"
        ),
    }
    assert main(["check", "--project", str(society(tmp_path, files))]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/roles.yml:5:19: roles[10].credentials[0]: unknown credential "
        "'ohio-sterile-bagde' (did you mean 'ohio-sterile-badge'?) (not in "
        "<mentorguide>/content/credentials.yml nor content/credentials.yml)"
    )


def test_hiding_an_item_the_default_guide_uses_says_where_it_was_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = "credentials:\n  - id: CSPT\n    hidden: true\n"
    assert (
        main(["check", "--project", str(society(tmp_path, {"content/credentials.yml": overlay}))])
        == 1
    )
    err = capsys.readouterr().err
    assert (
        ": roles[4].credentials[0]: credential 'CSPT' is hidden by content/credentials.yml:2:9"
        in err
    )
    assert err.startswith("<mentorguide>/content/roles.yml:")


def test_overlay_items_are_validated_with_the_same_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = "credentials:\n  - id: local\n    name: Local\n    kind: badge\n    advanced: true\n"
    assert (
        main(["check", "--project", str(society(tmp_path, {"content/credentials.yml": overlay}))])
        == 1
    )
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/credentials.yml:4:11: credentials[5].kind: got the text 'badge', expected one "
        "of 'certification' or 'certificate'"
    )


def test_an_overlay_item_without_an_id_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = "roles:\n  - name: Nameless\n"
    assert main(["check", "--project", str(society(tmp_path, {"content/roles.yml": overlay}))]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/roles.yml:2:5: roles[0]: an overlay item needs an 'id' (to add, replace or "
        "hide an item)"
    )


def check_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str) -> str:
    """``mentorguide check`` on a society with one overlay file: its exit code must be 1;
    returns what it printed."""
    assert main(["check", "--project", str(society(tmp_path, {name: text}))]) == 1
    return capsys.readouterr().err


def test_a_flag_is_true_or_false_not_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = "roles:\n  - id: specialty-pharmacy-technician\n    hidden: 'yes'\n"
    assert check_errors(tmp_path, capsys, "content/roles.yml", overlay) == (
        "content/roles.yml:3:13: roles[0].hidden: 'hidden' must be true or false, got the "
        "text 'yes'\n1 problem found in the content.\n"
    )


def test_replace_and_hidden_together_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = "roles:\n  - id: specialty-pharmacy-technician\n    replace: true\n    hidden: true\n"
    assert check_errors(tmp_path, capsys, "content/roles.yml", overlay).splitlines()[0] == (
        "content/roles.yml:4:5: roles[0].hidden: an item is either replaced or hidden: keep "
        "'replace' or 'hidden', not both"
    )


def test_two_new_items_with_one_id_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = LOCAL_CREDENTIAL + LOCAL_CREDENTIAL.removeprefix("credentials:\n")
    assert check_errors(tmp_path, capsys, "content/credentials.yml", overlay).splitlines()[0] == (
        "content/credentials.yml:6:9: credentials[1].id: id 'ohio-sterile-badge' is already "
        "used by item 0 of this list (one item per id: merge the two)"
    )


def test_an_unknown_top_level_key_in_an_overlay_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = "rols:\n  - id: specialty-pharmacy-technician\n    hidden: true\n"
    assert check_errors(tmp_path, capsys, "content/roles.yml", overlay).splitlines()[0] == (
        "content/roles.yml:1:1: rols: unknown key 'rols' (did you mean 'roles'?)"
    )
