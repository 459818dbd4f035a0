"""No sentence the command prints is written in its code: ``print``, ``CommandError`` and
argparse's ``ArgumentTypeError`` get their words from the strings (``cli.*`` keys of
strings/<language>.yml), so each language says them; help texts stay in the code (argparse
builds them before any project, and so its language, is known)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mentorguide.edition.strings import english
from tests.conftest import ROOT

CLI = ROOT / "src" / "mentorguide" / "cli"
#: The calls whose arguments a person reads.
SPEAKERS = {"print", "CommandError", "ArgumentTypeError", "write"}
#: Every strings key, and the stem ``Strings.count`` takes for each ``_one``/``_many`` pair.
KEYS = set(english().table) | {re.sub(r"_(one|many)$", "", key) for key in english().table}
LETTER = re.compile(r"[A-Za-z]")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _words(node: ast.AST) -> Iterator[tuple[int, str]]:
    """The string literals in ``node`` (line, text) that are not a strings key, a subscript's
    index or a format spec (``{n:,.1f}``)."""
    if isinstance(node, ast.Call) and node.args:
        first = node.args[0]
        if isinstance(first, ast.Constant) and first.value in KEYS:
            for part in [node.func, *node.args[1:], *(k.value for k in node.keywords)]:
                yield from _words(part)
            return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.lineno, node.value
    elif isinstance(node, (ast.Subscript, ast.FormattedValue)):
        yield from _words(node.value)
    else:
        for child in ast.iter_child_nodes(node):
            yield from _words(child)


def sentences(source: str, name: str) -> list[str]:
    """``name:line: 'text'`` for each literal with letters handed to a speaker."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node) in SPEAKERS:
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                found += [
                    f"{name}:{line}: {text!r}"
                    for line, text in _words(argument)
                    if LETTER.search(text)
                ]
    return found


def cli_sources() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(CLI.glob("*.py"))}


def test_no_command_module_prints_a_sentence_of_its_own() -> None:
    found = [line for name, text in cli_sources().items() for line in sentences(text, name)]
    assert found == []


def test_the_scan_finds_a_literal_sentence_and_lets_a_strings_key_through() -> None:
    source = (
        'print(f"Wrote {n:,} files")\n'
        'raise CommandError("no such cycle")\n'
        'print(t("cli.schema.wrote", path=p), file=sys.stderr)\n'
        'print(t.count("cli.init.created", n, folder=f) + f" {rows[\'ended\']}")\n'
    )
    assert sentences(source, "x.py") == [
        "x.py:1: 'Wrote '",
        "x.py:1: ' files'",
        "x.py:2: 'no such cycle'",
    ]


def test_every_cli_string_is_used_by_a_command_module() -> None:
    code = "\n".join(cli_sources().values())
    used = set(re.findall(r"[\"'](cli\.[a-z_.]+)[\"']", code))
    listed = {re.sub(r"_(one|many)$", "", key) for key in english().table if key.startswith("cli.")}
    assert sorted(used - listed) == []
    assert sorted(listed - used) == []


#: Phrases that stay English in the code: the names of input files inside the files library's
#: (English) messages, the survey readers' input problems, a command line, a record's kind.
ENGLISH_PHRASES = {
    "the --mentors file",
    "the --mentees file",
    "the --weights file",
    "the --data file",
    "an input file",
    "is given twice",
    "is the same file as ",
    " (its responses would count twice); give it once",
    "mentorguide program add-cycle 2027-spring --start 2027-03-01 --end 2027-08-31 "
    '--name "Spring 2027"',
    "fit checks",
}
TWO_WORDS = re.compile(r"[A-Za-z]+ [A-Za-z]+")


def phrases(source: str) -> set[str]:
    """Literals of two words or more that are no docstring and no argparse help."""
    tree = ast.parse(source)
    left_out: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            left_out.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg in ("help", "description"):
            left_out |= {id(part) for part in ast.walk(node.value)}
        if isinstance(node, ast.arguments):  # def option(parser, help="..."): a help text too
            named = node.args[len(node.args) - len(node.defaults) :]
            left_out |= {
                id(part)
                for arg, default in zip(named, node.defaults, strict=True)
                if arg.arg == "help"
                for part in ast.walk(default)
            }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in left_out
        and TWO_WORDS.search(node.value)
    }


def test_the_command_modules_keep_no_other_phrase_than_help_and_the_known_english_ones() -> None:
    # Catches a sentence built away from print (a status line in a helper), which the scan
    # of print's arguments does not see.
    found = set().union(*(phrases(text) for text in cli_sources().values()))
    assert sorted(found - ENGLISH_PHRASES) == []


def test_one_of_a_thing_is_said_in_the_singular_in_english() -> None:
    strings = english()
    assert strings.count("cli.program.reminders.wrote", 1, file="due.csv") == (
        "Wrote 1 reminder to due.csv."
    )
    assert strings.count("cli.program.reminders.wrote", 2, file="due.csv") == (
        "Wrote 2 reminders to due.csv."
    )
