"""Small subset fonts for the PDFs, cut at build time from the font the package carries.

Why subset ourselves: WeasyPrint 70 embeds a font used by form fields *whole* (a viewer needs
every glyph to show what the reader types), which costs ~700 KB per PDF with a full face.
A face cut down to Latin with every diacritic, Greek, Cyrillic and the symbols people type
(``BASE_CHARACTERS``, plus any other character the document itself uses) keeps the whole
embedded font near 50 KB and still lets readers type names such as "Zoë Łukasz" or
"Nguyễn Thị Hồng" into the fields of a blank PDF.

Where the glyphs come from, in order (no network, ever):

1. DejaVu Sans, from the npm package ``dejavu-fonts-ttf`` (pinned in ``package-lock.json``),
   which the build bundles into the package (``files.vendored``) with its licence (Bitstream
   Vera and Arev terms: embedding in documents is allowed). One face per style, and it covers
   Latin with every diacritic (Vietnamese too), Greek, Cyrillic and the symbols people type
   (≥ ≤ → μ ° ± ™ • – — “ ” …), so a subset for any answer can be cut from it. Its
   monospace face (DejaVu Sans Mono) sets the commands and code in the guide's PDF.
2. Only if the package lacks it (a checkout not yet bundled): whatever fontconfig
   (``fc-match``) offers for ``sans-serif`` on this machine, with a warning.
3. Nothing: WeasyPrint then uses its own fallback, with a warning. The PDFs still work, only
   larger.

Subset files are cached under ``<cache>/fonts/`` by a hash of the source font, the characters
and this module, so a warm build makes none.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..files.outputs import write_atomic
from ..files.vendored import MissingVendorFile, vendored_file

log = logging.getLogger("mkdocs.plugins.mentorguide.fonts")

FAMILY = "Guide Sans"
#: The family of code and commands in the guide's PDF (one face: they are never styled).
MONO_FAMILY = "Guide Mono"

#: The faces a document can use: (CSS font-style, CSS font-weight).
FACES: tuple[tuple[str, int], ...] = (
    ("normal", 400),
    ("normal", 700),
    ("italic", 400),
    ("italic", 700),
)

#: The npm package the faces come from (bundled into the package at build time).
FONT_PACKAGE = "dejavu-fonts-ttf"
PACKAGED_FILES = {
    ("normal", 400): "ttf/DejaVuSans.ttf",
    ("normal", 700): "ttf/DejaVuSans-Bold.ttf",
    ("italic", 400): "ttf/DejaVuSans-Oblique.ttf",
    ("italic", 700): "ttf/DejaVuSans-BoldOblique.ttf",
}
PACKAGED_MONO_FILES = {("normal", 400): "ttf/DejaVuSansMono.ttf"}


def _ranges(*spans: tuple[int, int]) -> list[str]:
    return [chr(c) for first, last in spans for c in range(first, last + 1)]


#: Characters every subset keeps, whatever the document says: what a reader may type into
#: a blank PDF in a viewer, which sets it in the field's font (so the font must hold it).
#: Latin with every diacritic (Vietnamese's precomposed letters included), Greek, Cyrillic
#: and the symbols people type; DejaVu Sans has a glyph for each (a face that lacks one
#: simply has fewer). Other scripts are drawn at fill time from a subset cut then
#: (``fill_subset``), never carried by every blank.
BASE_CHARACTERS = frozenset(
    _ranges(
        (0x20, 0x7E),
        (0xA0, 0x17F),  # Latin-1 Supplement, Latin Extended-A
        (0x18F, 0x18F),  # Ə (and ə below): Azerbaijani
        (0x1A0, 0x1A1),  # Ơ ơ: Vietnamese
        (0x1AF, 0x1B0),  # Ư ư: Vietnamese
        (0x1CD, 0x1DC),  # Ǎ ǎ … ǜ: Pinyin tones
        (0x218, 0x21B),  # Ș ș Ț ț: Romanian
        (0x259, 0x259),
        (0x2BB, 0x2BC),  # ʻ ʼ: Hawaiian and Ukrainian apostrophes
        (0x2C6, 0x2C7),
        (0x2D8, 0x2DD),  # spacing accents
        (0x300, 0x309),  # combining accents, for text typed decomposed (macOS)
        (0x323, 0x323),  # combining dot below (Vietnamese)
        (0x327, 0x328),
        (0x384, 0x3CE),  # Greek (monotonic)
        (0x400, 0x45F),  # Cyrillic: Russian, Ukrainian, Belarusian, Serbian, Bulgarian …
        (0x490, 0x493),  # Ґ ґ Ғ ғ
        (0x4D8, 0x4D9),
        (0x4E8, 0x4E9),
        (0x1E00, 0x1EFF),  # Latin Extended Additional: Vietnamese ạ ả ấ … ỹ (composites: cheap)
        (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
        (0x2030, 0x2033),  # ‰ ′ ″
        (0x2039, 0x203A),  # ‹ ›
        (0x2070, 0x2079),  # superscript digits
        (0x2080, 0x2089),  # subscript digits (H₂O)
        (0x2190, 0x2195),  # arrows ← ↑ → ↓ ↔ ↕
    )
    + list(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))  # € „ … ‘ ’ “ ” • – —
    + list("₩₫₱₹₺₽℃℉№™Ω⅓⅔⇒∆∑−√∞≈≠≤≥■□▪▫●○◦★✓✔✗")
)

#: Tables no subset keeps: OpenType layout would be embedded whole with the form font
#: (+11 KB) and viewers never kern form fields anyway; FFTM is FontForge's timestamp.
_DROPPED_TABLES = ("GPOS", "GSUB", "GDEF", "kern", "DSIG", "FFTM")

# Bump when the subsetting options change, so cached subsets are remade.
_SUBSET_VERSION = "4"


@dataclass(frozen=True)
class Face:
    style: str
    weight: int
    path: Path
    """The subset file (its name is a hash of what it is made from)."""
    source: Path | None = None
    characters: frozenset[str] = frozenset()
    """What ``path`` is cut from, for a face whose subset may not be made yet."""
    family: str = FAMILY

    def make(self) -> None:
        if self.source is not None and not self.path.is_file():
            subset_font(self.source, self.characters, self.path)


@dataclass(frozen=True)
class FontSet:
    """The faces the PDFs use (``family``'s, and for the guide a monospace face);
    ``css()`` declares them for WeasyPrint."""

    family: str
    faces: tuple[Face, ...]

    def css(self) -> str:
        return "\n".join(
            f"@font-face {{ font-family: '{face.family}'; font-style: {face.style}; "
            f"font-weight: {face.weight}; src: url('{face.path.as_uri()}'); }}"
            for face in self.faces
        )

    @property
    def stack(self) -> str:
        """The CSS ``font-family`` value: our family first, generic fallback after."""
        return f"'{self.family}', sans-serif" if self.faces else "sans-serif"

    @property
    def mono_stack(self) -> str:
        """The CSS ``font-family`` value for code: our monospace face, if the set has it."""
        has_mono = any(face.family == MONO_FAMILY for face in self.faces)
        return f"'{MONO_FAMILY}', monospace" if has_mono else "monospace"

    def make_missing(self) -> None:
        """Cut the subsets not made yet (``font_set(..., make=False)`` leaves them)."""
        for face in self.faces:
            face.make()

    def digest(self) -> str:
        """Changes whenever a face file changes (subset file names are content hashes)."""
        return hashlib.sha256(" ".join(str(f.path) for f in self.faces).encode()).hexdigest()


def packaged_sources(
    files: dict[tuple[str, int], str] = PACKAGED_FILES,
) -> dict[tuple[str, int], Path]:
    """The faces the package carries (see the module docstring); empty if it lacks them."""
    try:
        return {face: vendored_file(FONT_PACKAGE, name) for face, name in files.items()}
    except MissingVendorFile:
        return {}


def fontconfig_sources() -> dict[tuple[str, int], Path]:
    """The machine's ``sans-serif`` faces, as fontconfig resolves them."""
    if shutil.which("fc-match") is None:
        return {}
    found = {}
    for style, weight in FACES:
        pattern = f"sans-serif:weight={'bold' if weight >= 700 else 'regular'}"
        pattern += ":slant=italic" if style == "italic" else ":slant=roman"
        try:
            result = subprocess.run(
                ["fc-match", "-f", "%{file}", pattern],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return {}
        path = Path(result.stdout.strip())
        if result.returncode == 0 and path.suffix.lower() in (".ttf", ".otf") and path.is_file():
            found[(style, weight)] = path
    return found


def find_sources() -> dict[tuple[str, int], Path]:
    """The best complete set of source faces (see the module docstring)."""
    sources = packaged_sources()
    if sources:
        return sources
    sources = fontconfig_sources()
    if ("normal", 400) in sources:
        _warn_once(
            f"mentorguide: the package carries no {FONT_PACKAGE} font (reinstall it, or run "
            "`make` in a checkout); the PDFs use this machine's sans-serif font instead"
        )
        return sources
    return {}


@functools.cache
def _warn_once(message: str) -> None:
    """Warn once per process: every PDF of a build looks for its fonts."""
    log.warning(message)


def _file_hash(path: Path) -> str:
    stat = path.stat()
    return _hash_of(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _hash_of(path: Path, mtime_ns: int, size: int) -> str:
    """A source font's hash, read once per version of the file (every PDF asks for it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def subset_font(source: Path, characters: frozenset[str], target: Path) -> None:
    """Write a TrueType subset of ``source`` holding ``characters`` to ``target``."""
    write_atomic(target, subset_bytes(source, characters))


def subset_bytes(source: Path, characters: frozenset[str]) -> bytes:
    """A TrueType subset of ``source`` holding those of ``characters`` it has."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, lazy=True)
    # Remove the tables we drop before the subsetter sees them: parsing a face's kerning and
    # substitution tables only to throw them away took 0.4 s of the 0.43 s per face.
    for tag in _DROPPED_TABLES:
        if tag in font:
            del font[tag]
    font.flavor = None  # plain TrueType out (what WeasyPrint embeds), even from a WOFF
    options = subset.Options()
    options.hinting = False  # PDF viewers do their own rasterising
    options.layout_features = []
    options.drop_tables += list(_DROPPED_TABLES)
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and licence
    options.notdef_outline = True
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def fill_source() -> Path | None:
    """The face answers are drawn in at fill time when the field font lacks a character
    (the packaged regular face, or this machine's sans-serif): None without either."""
    sources = find_sources()
    return sources.get(("normal", 400))


def font_set(
    cache_dir: Path,
    text: str = "",
    sources: dict[tuple[str, int], Path] | None = None,
    *,
    make: bool = True,
    mono: bool = False,
) -> FontSet:
    """Subset faces covering the base characters and every character of ``text``; with
    ``make=False`` only named (the name is what a PDF's cache key needs), to be cut by
    ``FontSet.make_missing`` once a PDF has to be rendered. With ``mono``, a monospace face
    too, for code (from the package only: otherwise code is in the machine's monospace)."""
    sources = find_sources() if sources is None else sources
    if not sources:
        log.warning(
            f"mentorguide: no font found (neither the packaged {FONT_PACKAGE} nor fontconfig); "
            "PDFs use WeasyPrint's fallback font and will be larger"
        )
        return FontSet(FAMILY, ())
    cache_dir = cache_dir.resolve()  # the CSS names each face by a file:// URI
    characters = BASE_CHARACTERS | {c for c in set(text) if c.isprintable() and not c.isspace()}
    wanted = "".join(sorted(characters))
    families = [(FAMILY, sources)]
    if mono:
        families.append((MONO_FAMILY, packaged_sources(PACKAGED_MONO_FILES)))
    faces = []
    for family, family_sources in families:
        for (style, weight), source in sorted(family_sources.items()):
            key = hashlib.sha256(
                f"{_SUBSET_VERSION}\0{_file_hash(source)}\0{wanted}".encode()
            ).hexdigest()[:24]
            path = cache_dir / "fonts" / f"{source.stem}-{key}.ttf"
            face = Face(style, weight, path, family=family)
            if not path.is_file():
                face = Face(style, weight, path, source, frozenset(characters), family)
                if make:
                    face.make()
            faces.append(face)
    return FontSet(FAMILY, tuple(faces))
