"""A throwaway PostgreSQL server for the tests: its own cluster, reached only through a Unix
socket in its own folder (no TCP port, so it never meets another server on the machine).

Debian's PostgreSQL (``.ci/ensure-system-packages --postgresql`` installs it). ``initdb``
refuses to run as root, and CI runs as root: then the cluster belongs to the ``postgres``
user (or ``nobody``), its folder is made theirs, and the server programs run as them.
The folder is made with :func:`tempfile.mkdtemp`, not under pytest's ``tmp_path``: that
one is private to root, and a Unix socket's path must stay under about 100 characters.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

#: Settings for a server whose data may be lost: no disk flushes, few connections.
SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "40",
    "shared_buffers": "32MB",
}


def postgres_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: ``PG_BIN``, Debian's newest, or the PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    if debian:
        return debian[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: ourselves, unless we are root (then postgres, else nobody)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and there is no postgres or nobody user to run the server")


@dataclass
class PostgresServer:
    bin: Path
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="mentorguide-pg-")))
    user: pwd.struct_passwd | None = field(default_factory=_server_user)
    databases: int = 0
    schemas: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        extra: dict[str, Any] = {}
        if self.user is not None:
            extra = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        return subprocess.run(
            [str(self.bin / command[0]), *command[1:]],
            capture_output=True,
            text=True,
            cwd=self.root,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"},
            timeout=120,
            check=False,
            **extra,
        )

    def start(self) -> None:
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        steps = [
            ("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
             "--no-locale", "-E", "UTF8"),
            ("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60",
             "-o", self._options(), "start"),
        ]  # fmt: skip
        for step in steps:
            result = self._run(*step)
            if result.returncode != 0:
                log = self.root / "server.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(
                    f"{step[0]} failed ({result.returncode}):\n{result.stdout}{result.stderr}{tail}"
                )

    def _options(self) -> str:
        settings = {**SETTINGS, "unix_socket_directories": f"'{self.root}'"}
        return " ".join(f"-c {name}={value}" for name, value in settings.items())

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.root}"

    def _admin(self, database: str = "postgres") -> psycopg.Connection[Any]:
        return psycopg.connect(host=str(self.root), user="postgres", dbname=database,
                               autocommit=True)  # fmt: skip

    def new_database(self) -> str:
        """A new empty database (about 0.1 s to make); its URL."""
        self.databases += 1
        name = f"program_{self.databases}"
        with self._admin() as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def new_schema(self) -> str:
        """The URL of a new empty schema in a shared database, which the connection uses
        for everything (``search_path``): as good as a new database, and made in a
        millisecond. Tests run one at a time, so sharing the database's advisory locks is
        harmless."""
        if self.schemas == 0:
            with self._admin() as admin:
                admin.execute("CREATE DATABASE programs")
        self.schemas += 1
        name = f"program_{self.schemas}"
        with self._admin("programs") as admin:
            admin.execute(f"CREATE SCHEMA {name}")
        return f"{self.url('programs')}&options=-csearch_path%3D{name}"
