"""Fill a worksheet PDF with answers, drawing each filled field so every viewer prints it.

The values go where ISO 32000-1 §12.7 puts them: /V on the field, /AS on check box and radio
button widgets. WeasyPrint gives text fields no appearance stream and asks viewers to make
them (/NeedAppearances), which Ghostscript and Poppler do not do reliably when printing, so
a filled field gets an appearance stream here (§12.7.3.3, "variable text"): its text set in
the field's own font (the subset font WeasyPrint embedded whole for forms), wrapped to the
box for multi-line fields and shrunk to fit for single-line ones. A field whose answer has a
character that font lacks is set in a subset cut at fill time (``fallback.py``); a character
no font here can draw stops the fill before anything is made (``UndrawableText``).

``assets/worksheet-pdf.js`` does the same in the browser with pdf-lib, line for line; keep
the two in step (the browser tests read the browser's PDFs back with pypdf).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from ..worksheets.form import FormField
from .fallback import (
    RESOURCE,
    Undrawable,
    UndrawableText,
    drawn_text,
    embed_subset,
    missing_characters,
    source_characters,
)
from .fonts import fill_source
from .incremental import xref_lists_itself

Answers = Mapping[str, str | bool]

PADDING = 2.0  # points between the box's edge and its text (and the clip rectangle)
LEADING = 1.15  # line height as a multiple of the font size, as most viewers use
MIN_SIZE = 6.0  # never shrink text below this many points to make it fit


@dataclass
class FieldFont:
    """What is needed to set text in a form font: glyph ids, widths and vertical metrics."""

    resource: str
    reference: Any
    glyphs: dict[str, int] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    default_width: float = 1000.0
    ascent: float = 800.0
    descent: float = -200.0

    def has(self, char: str) -> bool:
        return char in self.glyphs

    def glyph(self, char: str) -> int:
        # fill_pdf draws a field in this font only when it has every character (it checks
        # first); should one slip through it prints as '?', never as an invisible box.
        return self.glyphs.get(char, self.glyphs.get("?", 0))

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.glyph(c), self.default_width) for c in text) * size / 1000

    def encode(self, text: str) -> str:
        """Hex string of 2-byte glyph ids: the font is Identity-H encoded (WeasyPrint's)."""
        return "".join(f"{self.glyph(c):04x}" for c in text)


def parse_to_unicode(cmap: str) -> dict[str, int]:
    """Unicode character → glyph id, from a ToUnicode CMap's bfchar and bfrange entries."""
    glyphs: dict[str, int] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            char = bytes.fromhex(text).decode("utf-16-be", errors="ignore")
            if len(char) == 1:
                glyphs.setdefault(char, int(code, 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for start, end, text in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            first = int(text, 16)
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                glyphs.setdefault(chr(first + offset), code)
    return glyphs


def parse_widths(w: Sequence[Any]) -> dict[int, float]:
    """Glyph id → width from a CIDFont /W array: ``c [w1 w2 …]`` and ``c1 c2 w`` forms."""
    widths: dict[int, float] = {}
    index = 0
    items = list(w)
    while index < len(items):
        first = int(items[index])
        following = items[index + 1]
        if isinstance(following, list | ArrayObject):
            for offset, width in enumerate(following):
                widths[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(following) + 1):
                widths[code] = float(items[index + 2])
            index += 3
    return widths


def load_font(resource: str, reference: Any) -> FieldFont:
    font = reference.get_object()
    result = FieldFont(resource, reference)
    if "/ToUnicode" in font:
        result.glyphs = parse_to_unicode(
            font["/ToUnicode"].get_object().get_data().decode("latin-1")
        )
    descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
    if "/W" in descendant:
        result.widths = parse_widths(descendant["/W"])
    result.default_width = float(descendant.get("/DW", 1000))
    descriptor = descendant.get("/FontDescriptor")
    if descriptor is not None:
        descriptor = descriptor.get_object()
        result.ascent = float(descriptor.get("/Ascent", result.ascent))
        result.descent = float(descriptor.get("/Descent", result.descent))
    return result


@dataclass(frozen=True)
class DefaultAppearance:
    """The parts of a field's /DA string (§12.7.3.3) an appearance stream needs."""

    font: str
    size: float
    color: str

    @classmethod
    def parse(cls, da: str) -> DefaultAppearance:
        font = re.search(r"/([^\s/]+)\s+([\d.]+)\s+Tf", da)
        color = re.search(r"((?:[\d.]+\s+){1,4})(g|rg|k)\b", da)
        return cls(
            font.group(1) if font else "",
            float(font.group(2)) if font else 11.0,
            f"{color.group(1).strip()} {color.group(2)}" if color else "0 g",
        )


def wrap(text: str, font: FieldFont, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the box is broken between characters."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if font.width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:
                if line and font.width(line + char, size) > width:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@dataclass(frozen=True)
class Layout:
    """How a text field's value is set in its box: the size, the lines, the first line's
    baseline, and whether all of it shows (at ``MIN_SIZE`` a longer text is clipped)."""

    size: float
    lines: list[str]
    top: float
    fits: bool


def layout(
    text: str,
    font: FieldFont,
    da: DefaultAppearance,
    width: float,
    height: float,
    *,
    multiline: bool,
) -> Layout:
    inner_width = max(width - 2 * PADDING - 2, 1)
    inner_height = max(height - 2 * PADDING, 1)
    size = da.size
    if multiline:
        lines = wrap(text, font, size, inner_width)
        while size > MIN_SIZE and len(lines) * size * LEADING > inner_height:
            size = max(MIN_SIZE, size - 0.5)
            lines = wrap(text, font, size, inner_width)
        top = height - PADDING - font.ascent * size / 1000
        # The last line's descent may touch the padding; a whole further line may not.
        fits = (len(lines) - 1) * size * LEADING + size <= inner_height + 0.01
    else:
        lines = [" ".join(text.split())]
        natural = font.width(lines[0], size)
        if natural > inner_width:
            size = max(MIN_SIZE, size * inner_width / natural)
        # Centre the font's ascent-to-descent box vertically.
        top = (height - (font.ascent - font.descent) * size / 1000) / 2 - font.descent * size / 1000
        fits = font.width(lines[0], size) <= inner_width + 0.01
    return Layout(size, lines, top, fits)


def appearance_stream(
    text: str,
    font: FieldFont,
    da: DefaultAppearance,
    width: float,
    height: float,
    *,
    multiline: bool,
) -> str:
    """The content of a text field's normal appearance (§12.7.3.3): the value in its font,
    inside ``/Tx BMC … EMC`` and clipped to the box less its padding."""
    laid = layout(text, font, da, width, height, multiline=multiline)
    return _stream(laid, font, da, width, height)


def _stream(
    laid: Layout, font: FieldFont, da: DefaultAppearance, width: float, height: float
) -> str:
    inner_height = max(height - 2 * PADDING, 1)
    size, lines, top = laid.size, laid.lines, laid.top
    ops = [
        "/Tx BMC",
        "q",
        f"{_number(PADDING)} {_number(PADDING)} {_number(width - 2 * PADDING)} "
        f"{_number(inner_height)} re W n",
        "BT",
        da.color,
        f"/{font.resource} {_number(size)} Tf",
        f"{_number(PADDING + 1)} {_number(top)} Td",
    ]
    for index, line in enumerate(lines):
        if index:
            ops.append(f"0 {_number(-size * LEADING)} Td")
        ops.append(f"<{font.encode(line)}> Tj")
    ops += ["ET", "Q", "EMC"]
    return "\n".join(ops) + "\n"


class UnknownField(LookupError):
    """The PDF has no field of that name: it is not this worksheet's PDF."""


@dataclass(frozen=True)
class Filled:
    """A filled PDF, and the fields whose answer is longer than its box prints (their whole
    text is in the field, where a viewer scrolls it; on paper it is cut)."""

    data: bytes
    cut: list[FormField]


def fill_pdf(blank: bytes, answers: Answers, fields: Sequence[FormField]) -> bytes:
    """``blank`` with ``answers`` filled in (see ``fill_form``)."""
    return fill_form(blank, answers, fields).data


def fill_form(blank: bytes, answers: Answers, fields: Sequence[FormField]) -> Filled:
    """``blank`` with ``answers`` (field name → text, option id or bool) filled in, and the
    fields too long to print whole.

    Raises ``UndrawableText`` (nothing made) when an answer has characters no font here can
    draw, naming each field and character."""
    # Incremental: the blank file stays byte for byte, the answers are appended (§7.5.6).
    # Rewriting it whole would lose its object streams and double its size.
    writer = PdfWriter(io.BytesIO(blank), incremental=True)
    form = _dict(writer.root_object["/AcroForm"])
    by_name = {str(_dict(f)["/T"]): _dict(f) for f in _array(form["/Fields"])}
    fonts: dict[str, FieldFont] = {}
    resources = _dict(_dict(form["/DR"])["/Font"])

    def font_for(name: str) -> FieldFont:
        if name not in fonts:
            fonts[name] = load_font(name, resources.raw_get(NameObject(f"/{name}")))
        return fonts[name]

    # First what each text field shows, and whether its font can draw it: all checked
    # before anything is written, so a refusal names every field at once.
    shown_texts: dict[str, tuple[str, DefaultAppearance]] = {}
    lacking: dict[str, list[str]] = {}
    for spec in fields:
        if spec.name not in answers:
            continue
        if spec.name not in by_name:
            raise UnknownField(spec.name)
        if spec.kind in ("checkbox", "radio"):
            continue
        text = str(answers[spec.name])
        shown = text
        if spec.kind == "select":
            shown = next((c.label for c in spec.options if c.id == text), text)
        shown = drawn_text(shown)
        if shown:
            da = DefaultAppearance.parse(str(by_name[spec.name].get("/DA", "")))
            shown_texts[spec.name] = (shown, da)
            missing = missing_characters(shown, font_for(da.font).has)
            if missing:
                lacking[spec.name] = missing
    cut: list[FormField] = []
    fallback = None
    if lacking:
        used = "".join(shown_texts[name][0] for name in lacking)
        fallback = _fallback_font(writer, lacking, fields, used)

    for spec in fields:
        if spec.name not in answers:
            continue
        value = answers[spec.name]
        pdf_field = by_name[spec.name]
        if spec.kind == "checkbox":
            _set_checkbox(pdf_field, bool(value))
        elif spec.kind == "radio":
            _set_radio(pdf_field, str(value))
        else:
            pdf_field[NameObject("/V")] = TextStringObject(str(value))
            if spec.name in shown_texts:
                shown, da = shown_texts[spec.name]
                font = font_for(da.font)
                if spec.name in lacking and fallback is not None:
                    font = fallback
                if not _draw(
                    writer, pdf_field, shown, font, da, multiline=spec.kind == "multiline"
                ):
                    cut.append(spec)
    # Every filled field now has its appearance; empty ones need none (§12.7.2, Table 218).
    form[NameObject("/NeedAppearances")] = BooleanObject(False)
    out = io.BytesIO()
    writer.write(out)
    return Filled(xref_lists_itself(out.getvalue()), cut)


def _fallback_font(
    writer: PdfWriter, lacking: Mapping[str, list[str]], fields: Sequence[FormField], used: str
) -> FieldFont:
    """The font for the fields their own font cannot draw, holding just their characters;
    ``UndrawableText`` if any of those is beyond it too (see ``fallback.py``)."""
    source = fill_source()
    available = source_characters(source) if source is not None else frozenset()
    labels = {spec.name: spec.label for spec in fields}
    refused = []
    for name, chars in lacking.items():
        beyond = missing_characters("".join(chars), available.__contains__)
        if beyond:
            refused.append(Undrawable(name, labels[name], tuple(beyond)))
    if refused or source is None:
        raise UndrawableText(refused)
    # The whole text of those fields is set in this font, so it holds all their characters.
    embedded = embed_subset(writer, source, {c for c in used if not c.isspace()} | {" ", "?"})
    return FieldFont(
        RESOURCE,
        embedded.reference,
        embedded.glyphs,
        embedded.widths,
        1000.0,
        embedded.ascent,
        embedded.descent,
    )


def _dict(value: Any) -> DictionaryObject:
    """``value`` resolved (if indirect) and checked to be a dictionary."""
    resolved = value.get_object() if hasattr(value, "get_object") else value
    if not isinstance(resolved, DictionaryObject):
        raise ValueError(f"expected a PDF dictionary, found {type(resolved).__name__}")
    return resolved


def _array(value: Any) -> ArrayObject:
    resolved = value.get_object() if hasattr(value, "get_object") else value
    if not isinstance(resolved, ArrayObject):
        raise ValueError(f"expected a PDF array, found {type(resolved).__name__}")
    return resolved


def _draw(
    writer: PdfWriter,
    widget: DictionaryObject,
    text: str,
    font: FieldFont,
    da: DefaultAppearance,
    *,
    multiline: bool,
) -> bool:
    """Give ``widget`` its appearance; whether all of ``text`` shows in it."""
    x1, y1, x2, y2 = (float(v) for v in _array(widget["/Rect"]))
    width, height = abs(x2 - x1), abs(y2 - y1)
    laid = layout(text, font, da, width, height, multiline=multiline)
    stream = DecodedStreamObject()
    stream.set_data(_stream(laid, font, da, width, height).encode("latin-1"))
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
            ),
            NameObject("/Resources"): DictionaryObject(
                {
                    NameObject("/Font"): DictionaryObject(
                        {
                            NameObject(f"/{font.resource}"): font.reference,
                        }
                    ),
                }
            ),
        }
    )
    # Compressed (Flate): a filled table has dozens of these.
    appearance = writer._add_object(stream.flate_encode())
    widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): appearance})
    return laid.fits


def on_state(widget: DictionaryObject) -> str:
    """The name of a check box or radio button's 'on' appearance state."""
    states = widget.get("/AP", {}).get("/N", {})
    return next((str(k) for k in states if str(k) != "/Off"), "/Yes")


def _set_checkbox(widget: DictionaryObject, checked: bool) -> None:
    state = NameObject(on_state(widget) if checked else "/Off")
    widget[NameObject("/V")] = state
    widget[NameObject("/AS")] = state


def _set_radio(group: DictionaryObject, value: str) -> None:
    options = [str(o) for o in group.get("/Opt", [])]
    kids = [_dict(k) for k in _array(group["/Kids"])]
    chosen = NameObject("/Off")
    for index, kid in enumerate(kids):
        state = on_state(kid)
        selected = bool(value) and index < len(options) and options[index] == value
        kid[NameObject("/AS")] = NameObject(state if selected else "/Off")
        if selected:
            chosen = NameObject(state)
    group[NameObject("/V")] = chosen


def read_values(pdf: bytes) -> dict[str, str | bool]:
    """Field name → value of a filled worksheet PDF (radio groups as their option value)."""
    reader = PdfReader(io.BytesIO(pdf))
    form = _dict(_dict(reader.trailer["/Root"])["/AcroForm"])
    values: dict[str, str | bool] = {}
    for reference in _array(form["/Fields"]):
        pdf_field = _dict(reference)
        name = str(pdf_field["/T"])
        kind = pdf_field.get("/FT")
        value = pdf_field.get("/V")
        if kind == "/Btn" and "/Kids" in pdf_field:
            options = [str(o) for o in pdf_field.get("/Opt", [])]
            states = [on_state(_dict(k)) for k in _array(pdf_field["/Kids"])]
            values[name] = (
                options[states.index(str(value))]
                if str(value) in states and len(options) == len(states)
                else ""
            )
        elif kind == "/Btn":
            values[name] = value is not None and str(value) != "/Off"
        else:
            values[name] = str(value) if value is not None else ""
    return values
