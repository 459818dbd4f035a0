"""The package's layout is a contract: each stage imports only from the stages before it, no
module imports itself back through others, no module is too long to read in one sitting,
and the README's table of the library lists exactly the folders and modules there are."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "mentorguide"

#: The stages, lowest first. A module may import from its own stage or an earlier one.
LAYERS = (
    "files",
    "content",
    "edition",
    "worksheets",
    "project",
    "pdf",
    "matching",
    "program",
    "site",
    "cli",
)
#: Modules at the top of the package that stand outside the stages: the version, the
#: ``python -m mentorguide`` entry and the mkdocs-macros module name projects use.
ENTRY_POINTS = {"mentorguide", "mentorguide.__main__", "mentorguide.macros"}
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in its body."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            submodules = [f"{module}.{alias.name}" for alias in node.names]
            # ``from . import plugin`` imports the submodule, not its package's __init__.
            targets = [s for s in submodules if s in MODULES] or [module]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def layer_of(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_belongs_to_a_stage() -> None:
    outside = sorted(n for n in MODULES if layer_of(n) is None and n not in ENTRY_POINTS)
    assert outside == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer_of(n) is not None))
def test_a_module_imports_only_from_its_own_or_an_earlier_stage(name: str) -> None:
    own = layer_of(name)
    assert own is not None
    later = sorted(
        target for target in GRAPH[name] if (layer := layer_of(target)) is not None and layer > own
    )
    assert later == [], f"{name} imports from a later stage"


def test_no_module_imports_itself_back_through_others() -> None:
    cycles: list[list[str]] = []
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = "open"
        stack.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == "open":
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_reads_in_one_sitting(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def readme_library_table() -> dict[str, set[str]]:
    """Folder → module names, from the README's table of ``src/mentorguide/``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        row = re.match(r"^\| `([a-z_]+)/` \| [^|]+ \| (.+) \|$", line)
        if row:
            cell = re.sub(r"\([^)]*\)", "", row.group(2))  # descriptions name other things
            table[row.group(1)] = set(re.findall(r"`([a-z_]+)`", cell))
    return table


def test_the_readme_lists_every_stage_folder_in_order() -> None:
    assert list(readme_library_table()) == [
        layer for layer in LAYERS if (PACKAGE / layer / "__init__.py").is_file()
    ]


@pytest.mark.parametrize("folder", [layer for layer in LAYERS if (PACKAGE / layer).is_dir()])
def test_the_readme_lists_exactly_the_modules_of_each_stage(folder: str) -> None:
    modules = {p.stem for p in (PACKAGE / folder).glob("*.py") if p.stem != "__init__"}
    assert readme_library_table().get(folder) == modules
