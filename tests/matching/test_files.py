"""Problems name the spreadsheet column a coordinator sees (outputs: tests/files/)."""

from __future__ import annotations

from mentorguide.files.inputs import column_letter


def test_column_letters() -> None:
    assert [column_letter(k) for k in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
