"""The theme's Jinja environment, made cheap to set up again for every build.

MkDocs makes a new environment for every build (``mkdocs serve`` too), and the search
plugin one more for each translation it looks up. Two costs of that were over a third of a
plain build of the guide:

* Material's ~40 templates were parsed and compiled from source each time (0.1 s). Jinja's
  bytecode cache keeps the compiled code in ``<cache>/templates/``. An entry is used only for
  the same template file with the same source (Jinja checks a hash of it) in an environment
  with the same syntax, extensions, filters and tests, under the same Jinja and MkDocs;
  anything else compiles from source as before.
* Listing the theme's static files walked 14,000 icons that MkDocs then filters out (0.04 s);
  see ``VisibleFilesLoader``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import weakref
from pathlib import Path

import jinja2
import mkdocs
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from mkdocs.theme import Theme

from ..files.cache import signing_key
from ..files.outputs import write_atomic

log = logging.getLogger("mkdocs.plugins.mentorguide")

FOLDER = "templates"


class TemplateBytecodeCache(FileSystemBytecodeCache):
    """A bytecode cache whose entries also depend on the environment that compiled them,
    and which never fails a build: an entry it cannot write is compiled again next time.

    Compiled templates are code, and the cache folder may be shared
    (``MENTORGUIDE_CACHE_DIR``): every entry carries an HMAC-SHA256 of its bytes under the
    user's own key (``files.cache.signing_key``, kept outside the cache), and an entry whose
    signature does not verify (planted, damaged, another user's) is never loaded."""

    def __init__(self, directory: str, key: bytes) -> None:
        super().__init__(directory)
        self.key = key

    def _signature(self, body: bytes) -> bytes:
        return hmac.new(self.key, body, hashlib.sha256).digest()

    def load_bytecode(self, bucket: Bucket) -> None:
        path = Path(self._get_cache_filename(bucket))
        try:
            data = path.read_bytes()
        except OSError:
            return
        signature, body = data[:32], data[32:]
        if not hmac.compare_digest(signature, self._signature(body)):
            log.debug("mentorguide: ignoring %s (its signature does not verify)", path)
            return
        bucket.bytecode_from_string(body)

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = self.get_cache_key(f"{compiler_settings(environment)}|{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def dump_bytecode(self, bucket: Bucket) -> None:
        body = bucket.bytecode_to_string()
        try:
            write_atomic(Path(self._get_cache_filename(bucket)), self._signature(body) + body)
        except OSError as error:
            log.debug("mentorguide: compiled template not cached (%s)", error)


def speed_up_theme(theme: Theme, cache: Path) -> None:
    """Every Jinja environment ``theme`` makes from now on shares the compiled templates kept
    in ``cache/templates`` (unless that folder cannot be made) and lists its static files
    without walking hidden folders."""
    folder = cache.resolve() / FOLDER
    bytecode_cache: TemplateBytecodeCache | None = None
    key = signing_key()
    try:
        if key is None:
            raise OSError("no key to sign compiled templates with")
        folder.mkdir(parents=True, exist_ok=True)
        bytecode_cache = TemplateBytecodeCache(str(folder), key)
    except OSError as error:
        log.debug("mentorguide: theme templates are not cached (%s)", error)
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = bytecode_cache
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:
            env.loader = VisibleFilesLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    # MkDocs asks the theme for its environment (the build, the search plugin's
    # translations); this Theme belongs to this build's config, so the change ends with it.
    theme.get_env = get_env  # type: ignore[method-assign]


class VisibleFilesLoader(jinja2.FileSystemLoader):
    """A ``FileSystemLoader`` whose list of templates leaves out hidden folders' files.

    MkDocs lists the theme's files to copy its static ones, and drops every path with a part
    that starts with a dot; Material keeps 14,000 icons in ``.icons/``, so walking and
    filtering them was a tenth of a plain build. Loading templates is unchanged: a template
    can still include an icon.
    """

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, files in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = Path(folder).relative_to(searchpath).as_posix()
                prefix = "" if relative == "." else f"{relative}/"
                found.update(f"{prefix}{name}" for name in files)
        return sorted(found)


_settings_of: weakref.WeakKeyDictionary[jinja2.Environment, str] = weakref.WeakKeyDictionary()


def compiler_settings(env: jinja2.Environment) -> str:
    """A hash of what, besides a template's source, decides the code Jinja compiles it to.
    Filters and tests count: the compiler calls them on constants. Taken when the first
    template loads, after plugins have set the environment up (``on_env``)."""
    if env not in _settings_of:
        _settings_of[env] = _hash_settings(env)
    return _settings_of[env]


def _hash_settings(env: jinja2.Environment) -> str:
    settings = (
        jinja2.__version__,
        mkdocs.__version__,
        sorted(env.extensions),
        sorted((name, _name_of(f)) for name, f in env.filters.items()),
        sorted((name, _name_of(f)) for name, f in env.tests.items()),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        _name_of(env.finalize),
        env.autoescape if isinstance(env.autoescape, bool) else _name_of(env.autoescape),
    )
    return hashlib.sha1(repr(settings).encode(), usedforsecurity=False).hexdigest()


def _name_of(function: object) -> str | None:
    if function is None:
        return None
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"
