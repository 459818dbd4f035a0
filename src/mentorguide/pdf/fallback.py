"""Draw what the field font lacks: a subset of the packaged face cut at fill time and
embedded as a Type 0 font (ISO 32000-1 §9.7), or, for what no font here can draw, the
characters named before any PDF is made — never a silent '?'.

The blank PDF's field font already holds Latin, Greek, Cyrillic and the usual symbols
(``fonts.BASE_CHARACTERS``), so this font is made only for rarer characters, and holds only
the characters the answers use (a few KB).

Scripts that need shaping (Arabic, the Indic scripts, Thai …) or right-to-left layout
(Hebrew, Arabic) are not drawable even when the face has their glyphs: appearance streams
set glyphs one after another, left to right, so the printed words would be wrong.
``assets/worksheet-pdf.js`` applies the same rule (keep ``COMPLEX_SCRIPTS`` in step).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from .fonts import subset_bytes

#: Code point ranges that need shaping or right-to-left layout (see the module docstring).
COMPLEX_SCRIPTS: tuple[tuple[int, int], ...] = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic
    (0x0900, 0x0DFF),  # Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil … Sinhala
    (0x0E00, 0x0FFF),  # Thai, Lao, Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFF),  # Arabic presentation forms-B
)

#: The resource name the fallback font has in appearance streams.
RESOURCE = "MgFill"


def needs_layout(char: str) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in COMPLEX_SCRIPTS)


def drawn_text(text: str) -> str:
    """What an appearance stream sets: composed (NFC, so ``e`` + combining circumflex is
    the one glyph ``ê``) with tabs as spaces."""
    return unicodedata.normalize("NFC", text).replace("\t", " ")


def missing_characters(text: str, has: Callable[[str], bool]) -> list[str]:
    """The characters of ``text`` (in order, once each) that ``has`` lacks; spaces and line
    breaks are layout, not glyphs."""
    seen: dict[str, None] = {}
    for char in text:
        if char.isspace() or char in seen:
            continue
        if needs_layout(char) or not has(char):
            seen[char] = None
    return list(seen)


def describe(chars: Iterable[str]) -> str:
    """``漢 (U+6F22), 😀 (U+1F600)``: the character and its code, for a reader without the font."""
    return ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)


@dataclass(frozen=True)
class Undrawable:
    """A field whose answer has characters no font here can draw."""

    name: str
    label: str
    chars: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name} ({self.label}): {describe(self.chars)}"


class UndrawableText(ValueError):
    """Answers with characters no font here can draw (nothing was made)."""

    def __init__(self, fields: list[Undrawable]) -> None:
        super().__init__("\n".join(str(f) for f in fields))
        self.fields = fields


def source_characters(source: Path) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    return frozenset(chr(c) for c in TTFont(source, lazy=True).getBestCmap())


@dataclass
class EmbeddedFont:
    """A TrueType subset as a Type 0 font: its reference, glyph ids, widths (1000 units to
    the em) and vertical metrics — what ``fill.FieldFont`` needs."""

    reference: object
    glyphs: dict[str, int]
    widths: dict[int, float]
    ascent: float
    descent: float


def embed_subset(writer: PdfWriter, source: Path, chars: Iterable[str]) -> EmbeddedFont:
    """Cut ``chars`` from ``source`` and add the font to ``writer`` (§9.7.4, §9.9, §9.10.3):
    Identity-H, glyph ids as CIDs, the widths and a ToUnicode CMap, so text extraction and
    search read the characters back."""
    from fontTools.ttLib import TTFont

    data = subset_bytes(source, frozenset(chars))
    font = TTFont(io.BytesIO(data))
    scale = 1000 / font["head"].unitsPerEm
    order = {name: index for index, name in enumerate(font.getGlyphOrder())}
    glyphs = {chr(code): order[name] for code, name in font.getBestCmap().items()}
    widths = {
        order[name]: round(advance * scale) for name, (advance, _) in font["hmtx"].metrics.items()
    }
    hhea = font["hhea"]
    ascent, descent = hhea.ascent * scale, hhea.descent * scale
    head = font["head"]
    bbox = [head.xMin * scale, head.yMin * scale, head.xMax * scale, head.yMax * scale]
    name = f"/MGFILL+{font['name'].getDebugName(6) or 'Font'}"

    file_stream = DecodedStreamObject()
    file_stream.set_data(data)
    file_stream[NameObject("/Length1")] = NumberObject(len(data))
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject(name),
            NameObject("/Flags"): NumberObject(32),  # nonsymbolic
            NameObject("/FontBBox"): ArrayObject(FloatObject(v) for v in bbox),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): FloatObject(ascent),
            NameObject("/Descent"): FloatObject(descent),
            NameObject("/CapHeight"): FloatObject(ascent),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(file_stream.flate_encode()),
        }
    )
    cid_font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject(name),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): _string("Adobe"),
                    NameObject("/Ordering"): _string("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/DW"): NumberObject(1000),
            NameObject("/W"): ArrayObject(
                item
                for gid in sorted(widths)
                for item in (NumberObject(gid), ArrayObject([NumberObject(widths[gid])]))
            ),
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        }
    )
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(_to_unicode_cmap(glyphs).encode("ascii"))
    type0 = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject(name),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
            NameObject("/ToUnicode"): writer._add_object(to_unicode.flate_encode()),
        }
    )
    return EmbeddedFont(writer._add_object(type0), glyphs, widths, ascent, descent)


def _string(text: str) -> object:
    from pypdf.generic import TextStringObject

    return TextStringObject(text)


def _to_unicode_cmap(glyphs: dict[str, int]) -> str:
    """A ToUnicode CMap (§9.10.3) mapping each glyph id back to its character (UTF-16BE)."""
    entries = [
        f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>"
        for char, gid in sorted(glyphs.items(), key=lambda item: item[1])
    ]
    blocks = [
        f"{len(entries[i : i + 100])} beginbfchar\n"
        + "\n".join(entries[i : i + 100])
        + "\nendbfchar"
        for i in range(0, len(entries), 100)
    ]
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
