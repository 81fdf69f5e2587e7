"""A throwaway PostgreSQL cluster for the tests and the benchmarks: Debian's server binaries,
`initdb` into a temporary folder, `pg_ctl` on a free port of 127.0.0.1, no fsync.

The server refuses to run as root, so as root every server command runs as the `postgres`
user (which Debian's `postgresql` package creates) through `runuser`; as anyone else it runs
as that user. `PostgresCluster.start()` raises `ClusterError` with the server's own words
when it cannot start: the fixtures turn that into a failure in CI, never a skip.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import asyncpg

from lantern.database import Database

USER = "lantern"  # the cluster's superuser (initdb -U); trust authentication on 127.0.0.1
TEMPLATE = "lantern_template"  # migrated once; each test's database is a copy of it


class ClusterError(RuntimeError):
    """The throwaway cluster could not be made or started."""


def server_bin_dir() -> Path | None:
    """The newest installed server's bin folder (/usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    def __init__(self, folder: Path | None = None, port: int | None = None) -> None:
        bin_dir = server_bin_dir()
        if bin_dir is None:
            raise ClusterError(
                "no PostgreSQL server: /usr/lib/postgresql/*/bin/initdb is missing "
                "(apt-get install postgresql)"
            )
        self.bin = bin_dir
        self.folder = folder or Path(tempfile.mkdtemp(prefix="lantern-pg-"))
        self.data = self.folder / "data"
        self.port = port or free_port()
        self._numbers = itertools.count(1)

    async def admin(self, sql: str) -> None:
        """One statement on the maintenance database (CREATE DATABASE cannot run elsewhere)."""
        conn = await asyncpg.connect(self.url("postgres"))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    async def make_template(self) -> None:
        await self.admin(f"CREATE DATABASE {TEMPLATE}")
        db = Database(self.url(TEMPLATE), pool_size=1)
        await db.open()
        await db.close()

    async def new_database(self, *, migrated: bool = True) -> str:
        """The URL of a new database: migrated (a copy of the template, made by
        `make_template`; ~20 ms) or empty."""
        name = f"db_{next(self._numbers)}"
        await self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE if migrated else 'template0'}")
        return self.url(name)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresCluster:
        if not (self.data / "PG_VERSION").exists():
            self._init()
        self.pg_ctl("start", "-w", "-t", "30", "-o", self._server_options(), "-l", self._log())
        return self

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("stop", "-w", "-t", "30", "-m", mode)

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def pg_ctl(self, *args: str) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), *args)

    def log_text(self) -> str:
        try:
            return Path(self._log()).read_text(errors="replace")
        except OSError:
            return ""

    def _init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", USER,
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def _server_options(self) -> str:
        return (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )

    def _log(self) -> str:
        return str(self.folder / "server.log")

    def _run(self, *command: str) -> None:
        name = Path(command[0]).name
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        done = subprocess.run(command, capture_output=True, text=True, timeout=90)
        if done.returncode != 0:
            detail = " / ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
            raise ClusterError(f"{name} failed: {detail}\n{self.log_text()[-2000:]}")
