"""`Database`: opens SQLite safely, applies numbered migrations, and holds the per-feature
stores (`core`, `trivia`, `quotes`, `spoilers`, `discussion`, `ratings`, `watchparty`) that share its one connection."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from lantern.database.base import SharedConnection, Store
from lantern.database.checkpoint import SAFETY_NET_PAGES, Checkpointer
from lantern.database.core import CoreStore
from lantern.database.discussion import DiscussionStore
from lantern.database.quotes import QuoteStore
from lantern.database.ratings import RatingStore
from lantern.database.spoilers import SpoilerStore
from lantern.database.trivia import TriviaStore
from lantern.database.watchparty import WatchPartyStore
from lantern.errors import StartupError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path


def discover_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Migrations sorted by number; numbers must run 1, 2, 3... without gaps."""
    found = [
        Migration(int(match.group(1)), path)
        for path in folder.iterdir()
        if (match := MIGRATION_NAME.match(path.name))
    ]
    found.sort(key=lambda migration: migration.version)
    expected = list(range(1, len(found) + 1))
    if [migration.version for migration in found] != expected:
        raise RuntimeError(f"migration numbers in {folder} must be 1..N without gaps")
    return found


class Database(Store):
    """The connection's life (open, health, migrations, checkpoints, close); the queries live
    in the stores, each service being given only its own."""

    def __init__(self, path: Path | str, migrations: list[Migration] | None = None) -> None:
        super().__init__(SharedConnection())
        self.path = str(path)
        self._migrations = migrations if migrations is not None else discover_migrations()
        self._checkpointer: Checkpointer | None = None
        self.core = CoreStore(self._shared)
        self.trivia = TriviaStore(self._shared)
        self.quotes = QuoteStore(self._shared)
        self.spoilers = SpoilerStore(self._shared)
        self.discussion = DiscussionStore(self._shared)
        self.ratings = RatingStore(self._shared)
        self.watchparty = WatchPartyStore(self._shared)

    @property
    def latest_version(self) -> int:
        return len(self._migrations)

    async def open(self) -> None:
        """Connect, refuse a corrupt or too-new file, then migrate. Never overwrites data."""
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        self._shared.conn = conn
        try:
            await self._check_health()
            await self._configure()
            await self._migrate()
        except BaseException:
            await self.close()
            raise
        if self.path != ":memory:":
            self._checkpointer = Checkpointer(self.path)
            self._checkpointer.start()

    async def close(self) -> None:
        if self._checkpointer is not None:
            checkpointer, self._checkpointer = self._checkpointer, None
            await checkpointer.stop()
        if self._shared.conn is not None:
            conn, self._shared.conn = self._shared.conn, None
            await conn.close()

    async def user_version(self) -> int:
        row = await self._fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _check_health(self) -> None:
        try:
            row = await self._fetchone("PRAGMA quick_check")
        except sqlite3.DatabaseError as error:
            raise StartupError(f"{self.path} is not a usable SQLite database ({error})") from None
        if row is None or row[0] != "ok":
            detail = row[0] if row else "no answer"
            raise StartupError(
                f"{self.path} failed PRAGMA quick_check ({detail}); restore a backup"
            )
        version = await self.user_version()
        if version > self.latest_version:
            raise StartupError(
                f"{self.path} is at schema version {version}, newer than this code "
                f"({self.latest_version}); update Lantern or point DATABASE_PATH elsewhere"
            )

    async def _configure(self) -> None:
        # WAL lets readers run beside the writer; NORMAL sync is durable across process
        # crashes (SIGKILL) in WAL mode, which is what a bot needs.
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
            # Checkpoints run in the background (checkpoint.py); this is only the safety net.
            f"PRAGMA wal_autocheckpoint = {SAFETY_NET_PAGES}",
        ):
            await self.conn.execute(pragma)

    async def _migrate(self) -> None:
        current = await self.user_version()
        for migration in self._migrations[current:]:
            await self._apply(migration)

    async def _apply(self, migration: Migration) -> None:
        script = migration.path.read_text(encoding="utf-8")
        # One transaction per migration: a failing script leaves the previous version intact.
        try:
            await self.conn.executescript(
                f"BEGIN;\n{script}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
            )
        except sqlite3.Error as error:
            await self.conn.rollback()
            raise StartupError(
                f"{self.path}: migration {migration.path.name} failed ({error}); nothing changed"
            ) from error
        log.info("Database %s migrated to version %d", self.path, migration.version)
