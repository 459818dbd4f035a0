"""The guide and a society's site build the same with MkDocs 1.6.1 and ProperDocs 1.6.7: every
page is the same apart from the generator tag, every other file is the same, and the PDFs,
rendered afresh under each engine, hold the same text in the same fonts.

The MkDocs side is the session's builds (``built_site``, ``society_site``); the ProperDocs
side renders every PDF anew (a cache of its own), so the PDFs are the engine's, not copies.
"""

from __future__ import annotations

import ast
import gzip
import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from tests.conftest import ROOT, build_site
from tests.conftest import SOCIETY_FIXTURE as FIXTURE

pytestmark = pytest.mark.build

GENERATOR = re.compile(r'\n\s*<meta name="generator" content="([^"]*)">')
#: The site engines: only mentorguide.site may import them (README: what a move touches).
ENGINES = ("mkdocs", "material", "properdocs", "mkdocs_macros")


def properdocs_build(project: Path, tmp: Path) -> Path:
    site = tmp / "site"
    result = build_site(
        project,
        site,
        engine="properdocs",
        env={"MENTORGUIDE_CACHE_DIR": str(tmp / "cache"), "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert result.returncode == 0, f"properdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="module")
def properdocs_guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return properdocs_build(ROOT, tmp_path_factory.mktemp("properdocs-guide"))


@pytest.fixture(scope="module")
def properdocs_society(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("properdocs-society")
    shutil.copytree(FIXTURE, tmp / "society")
    return properdocs_build(tmp / "society", tmp)


def files_of(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def without_generator(html: str) -> str:
    return GENERATOR.sub("", html, count=1)


def pdf_summary(path: Path) -> tuple[list[str], list[str]]:
    """A PDF's text, page by page, and the fonts it uses (without their subset tags)."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    fonts = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(re.sub(r"^/[A-Z]{6}\+", "/", str(font.get_object()["/BaseFont"])))
    return [page.extract_text() for page in reader.pages], sorted(fonts)


def comparable(data: bytes, name: str) -> bytes:
    return gzip.decompress(data) if name.endswith(".gz") else data


@pytest.fixture(params=["guide", "society"])
def two_builds(
    request: pytest.FixtureRequest,
    built_site: Path,
    society_site: Path,
) -> tuple[Path, Path]:
    if request.param == "guide":
        return built_site, request.getfixturevalue("properdocs_guide")
    return society_site, request.getfixturevalue("properdocs_society")


def test_both_engines_build_the_same_files(two_builds: tuple[Path, Path]) -> None:
    mkdocs_site, properdocs_site = two_builds
    assert sorted(files_of(properdocs_site)) == sorted(files_of(mkdocs_site))


def test_every_page_is_the_same_apart_from_the_generator_tag(
    two_builds: tuple[Path, Path],
) -> None:
    mkdocs_site, properdocs_site = two_builds
    pages = [name for name in files_of(mkdocs_site) if name.endswith(".html")]
    assert len(pages) > 20
    differing = [
        name
        for name in pages
        if without_generator((mkdocs_site / name).read_text("utf-8"))
        != without_generator((properdocs_site / name).read_text("utf-8"))
    ]
    assert differing == []
    generators = {
        GENERATOR.findall((site / "index.html").read_text("utf-8"))[0]
        for site in (mkdocs_site, properdocs_site)
    }
    assert generators == {
        "mkdocs-1.6.1, mkdocs-material-9.8.2",
        "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2",
    }


def test_every_other_file_but_the_pdfs_is_byte_for_byte_the_same(
    two_builds: tuple[Path, Path],
) -> None:
    mkdocs_site, properdocs_site = two_builds
    others = [n for n in files_of(mkdocs_site) if not n.endswith((".html", ".pdf"))]
    differing = [
        name
        for name in others
        if comparable((mkdocs_site / name).read_bytes(), name)
        != comparable((properdocs_site / name).read_bytes(), name)
    ]
    assert differing == []


def test_the_pdfs_hold_the_same_text_in_the_same_packaged_fonts(
    two_builds: tuple[Path, Path],
) -> None:
    mkdocs_site, properdocs_site = two_builds
    pdfs = sorted(name for name in files_of(mkdocs_site) if name.endswith(".pdf"))
    assert len(pdfs) == 11  # ten worksheets and the guide
    for name in pdfs:
        text, fonts = pdf_summary(properdocs_site / name)
        assert (text, fonts) == pdf_summary(mkdocs_site / name), name
        # Only the faces the package carries (subsets named by their CSS family).
        assert fonts and all(f.startswith(("/Guide-Sans", "/Guide-Mono")) for f in fonts), fonts


def engine_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(ENGINES)


def test_only_the_site_package_imports_the_site_engine() -> None:
    package = ROOT / "src" / "mentorguide"
    importing = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if engine_imports(path)
    )
    assert importing and all(name.startswith("site/") for name in importing), importing
