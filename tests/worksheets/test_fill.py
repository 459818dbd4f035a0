"""Filling a field draws its text: wrapped to the box, shrunk to fit one line, and never an
invisible glyph (the same rules as assets/worksheet-pdf.js)."""

from __future__ import annotations

from mentorguide.pdf.fill import (
    DefaultAppearance,
    FieldFont,
    appearance_stream,
    parse_to_unicode,
    parse_widths,
    wrap,
)

# A tiny font: every glyph 500 units wide; 'a'..'z', space and '?' mapped.
FONT = FieldFont(
    "F1",
    None,
    glyphs={c: i + 1 for i, c in enumerate(" ?abcdefghijklmnopqrstuvwxyz")},
    widths={},
    default_width=500,
)
DA = DefaultAppearance.parse("/a1.0 gs 0 0 0 rg /F1 10 Tf")


def test_the_default_appearance_string_gives_font_size_and_color() -> None:
    assert (DA.font, DA.size, DA.color) == ("F1", 10.0, "0 0 0 rg")


def test_words_wrap_at_the_box_and_a_long_word_breaks() -> None:
    # 10 pt glyphs of 500 units are 5 pt wide: 40 pt holds 8 characters.
    assert wrap("one two three", FONT, 10, 40) == ["one two", "three"]
    assert wrap("abcdefghijkl", FONT, 10, 40) == ["abcdefgh", "ijkl"]
    assert wrap("a\n\nb", FONT, 10, 40) == ["a", "", "b"]


def test_a_single_line_too_long_is_shrunk_to_fit() -> None:
    # 10 characters, 50 pt at 10 pt; the box leaves 38 pt of room inside its padding.
    stream = appearance_stream("abcdefghij", FONT, DA, 44, 20, multiline=False)
    assert "/F1 7.6 Tf" in stream
    assert stream.startswith("/Tx BMC\nq\n") and stream.endswith("ET\nQ\nEMC\n")


def test_text_never_shrinks_below_6_points_it_is_clipped_instead() -> None:
    stream = appearance_stream("abcdefghij" * 5, FONT, DA, 44, 20, multiline=False)
    assert "/F1 6 Tf" in stream and " re W n" in stream


def test_a_character_the_font_lacks_prints_as_a_question_mark() -> None:
    assert FONT.encode("a✓") == f"{FONT.glyphs['a']:04x}{FONT.glyphs['?']:04x}"


def test_glyphs_and_widths_are_read_from_the_pdf_font() -> None:
    cmap = (
        "2 beginbfchar\n<0003> <0020>\n<0024> <00E9>\nendbfchar\n"
        "1 beginbfrange\n<0010> <0012> <0041>\nendbfrange"
    )
    assert parse_to_unicode(cmap) == {" ": 3, "é": 0x24, "A": 16, "B": 17, "C": 18}
    assert parse_widths([0, [500, 600], 5, 7, 250]) == {0: 500, 1: 600, 5: 250, 6: 250, 7: 250}
