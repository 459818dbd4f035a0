"""Caches hold data, never code: a planted, damaged or foreign entry is ignored and rebuilt."""

from __future__ import annotations

import ast
import hashlib
import hmac
import json
import logging
import pickle
from pathlib import Path

import jinja2
import pytest

import mentorguide
from mentorguide.project.cache import load_project_cached
from mentorguide.site.theme_env import TemplateBytecodeCache
from tests.conftest import copy_project
from tests.security.catalog import CACHE_TAMPERING, Attack

PACKAGE = Path(mentorguide.__file__).parent


class _Planted:
    """Unpickling this writes a file: proof that code ran."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (self.proof, "ran"))  # type: ignore[return-value]


def _tamper(entry: Path, how: str, proof: Path) -> None:
    data = json.loads(entry.read_text(encoding="utf-8"))
    if how == "pickle":
        planted = pickle.dumps(_Planted(proof))
        entry.write_bytes(planted)
        entry.with_suffix(".pickle").write_bytes(planted)
    elif how == "version":
        data["mentorguide"] = "0.0.1"
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif how == "content":
        data["inputs"] = "0" * 64
        data["content"]["guide"]["title"] = "Planted title"
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif how == "invalid":
        data["content"]["guide"]["contact_email"] = "=cmd|calc!A0@evil.org"
        entry.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "attack", [a for a in CACHE_TAMPERING if a.payload != "template"], ids=lambda a: a.name
)
def test_a_tampered_cache_entry_is_ignored_and_rebuilt(
    attack: Attack, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = copy_project(tmp_path / "guide")
    cache = tmp_path / "cache"
    first = load_project_cached(project, project / "docs", cache)
    (entry,) = (cache / "project").glob("*.json")
    proof = tmp_path / "proof"
    _tamper(entry, attack.payload, proof)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.mentorguide"):
        again = load_project_cached(project, project / "docs", cache)
    assert not proof.exists()
    assert again.content.guide == first.content.guide
    assert [r.message for r in caplog.records if r.message.startswith("mentorguide: ignoring")]
    assert not list((cache / "project").glob("*.pickle"))
    (rebuilt,) = (cache / "project").glob("*.json")
    assert json.loads(rebuilt.read_text(encoding="utf-8"))["mentorguide"] == mentorguide.__version__


def test_no_module_of_the_package_can_load_code_from_a_file() -> None:
    """pickle, marshal, shelve and dill make objects (and run code) from bytes."""
    unsafe = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle"}
    found = []
    for module in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [
                f"{module.relative_to(PACKAGE)}: {name}"
                for name in names
                if name.split(".")[0] in unsafe
            ]
    assert found == []


def _environment(folder: Path, key: bytes) -> jinja2.Environment:
    loader = jinja2.DictLoader({"page.html": "real page"})
    return jinja2.Environment(loader=loader, bytecode_cache=TemplateBytecodeCache(str(folder), key))


def _forge(folder: Path, key: bytes) -> None:
    """Replace the cached page with code of the attacker's choosing, under the checksum of
    the real source (so Jinja's own check passes), signed with ``key``."""
    env = _environment(folder, key)
    cache = env.bytecode_cache
    assert isinstance(cache, TemplateBytecodeCache)
    bucket = cache.get_bucket(env, "page.html", None, "real page")
    bucket.code = compile(env.compile("planted {{ 6 * 7 }}", raw=True), "page.html", "exec")
    body = bucket.bytecode_to_string()
    path = Path(cache._get_cache_filename(bucket))
    path.write_bytes(hmac.new(key, body, hashlib.sha256).digest() + body)


def test_a_compiled_template_someone_else_wrote_is_never_loaded(tmp_path: Path) -> None:
    (attack,) = [a for a in CACHE_TAMPERING if a.payload == "template"]
    user, other = b"u" * 32, b"o" * 32
    assert _environment(tmp_path, user).get_template("page.html").render() == "real page"
    # Proof the forgery is real code: signed with the user's own key, it would run.
    _forge(tmp_path, user)
    assert _environment(tmp_path, user).get_template("page.html").render() == "planted 42"
    _forge(tmp_path, other)
    assert _environment(tmp_path, user).get_template("page.html").render() == "real page", (
        attack.must
    )
