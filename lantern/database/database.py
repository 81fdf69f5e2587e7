"""`Database`: opens SQLite (a path) or PostgreSQL (a `postgresql://` URL) safely, applies the
numbered migrations, and holds the per-feature stores (`core`, `trivia`, `quotes`, `spoilers`,
`discussion`, `ratings`, `watchparty`) that share its backend."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import aiosqlite

from lantern.database.base import SharedConnection, Store, describe
from lantern.database.checkpoint import SAFETY_NET_PAGES, Checkpointer
from lantern.database.core import CoreStore
from lantern.database.discussion import DiscussionStore
from lantern.database.migrations import MIGRATIONS_DIR, Migration, discover_migrations
from lantern.database.quotes import QuoteStore
from lantern.database.ratings import RatingStore
from lantern.database.spoilers import SpoilerStore
from lantern.database.sqlite import SqliteBackend
from lantern.database.trivia import TriviaStore
from lantern.database.watchparty import WatchPartyStore
from lantern.errors import StartupError

if TYPE_CHECKING:
    from lantern.database.postgres import PostgresBackend

log = logging.getLogger(__name__)

POOL_SIZE = 10  # PostgreSQL connections per process (asyncpg, imported only for a URL)

__all__ = ["MIGRATIONS_DIR", "Database", "Migration", "discover_migrations", "is_postgres_url"]

# Every process migrating the same PostgreSQL database takes this lock first (one at a time).
MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtext('lantern-migrations'))"
MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
)


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class Database(Store):
    """The connection's life (open, health, migrations, checkpoints, close); the queries live
    in the stores, each service being given only its own."""

    def __init__(
        self,
        target: Path | str,
        migrations: list[Migration] | None = None,
        *,
        pool_size: int = POOL_SIZE,
    ) -> None:
        super().__init__(SharedConnection())
        self.path = str(target)
        self.url = self.path if is_postgres_url(self.path) else None
        self._pool_size = pool_size
        dialect = "postgres" if self.url else "sqlite"
        self._migrations = (
            migrations if migrations is not None else discover_migrations(dialect=dialect)
        )
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

    @property
    def where(self) -> str:
        """The database for messages: the SQLite path, or PostgreSQL's host:port/name."""
        return describe(self.url) if self.url else self.path

    async def open(self) -> None:
        """Connect, refuse a corrupt or too-new database, then migrate. Never overwrites data."""
        if self.url:
            await self._open_postgres(self.url)
        else:
            await self._open_sqlite()

    async def close(self) -> None:
        if self._checkpointer is not None:
            checkpointer, self._checkpointer = self._checkpointer, None
            await checkpointer.stop()
        backend, self._shared.backend = self._shared.backend, None
        if backend is not None:
            await backend.close()

    async def user_version(self) -> int:
        """The schema version: how many migrations this database has had."""
        if self.dialect == "postgres":
            row = await self._fetchone("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        else:
            row = await self._fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    # --- SQLite ------------------------------------------------------------------------------

    async def _open_sqlite(self) -> None:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        self._shared.backend = SqliteBackend(conn)
        try:
            await self._check_sqlite_health()
            await self._configure_sqlite()
            await self._migrate_sqlite()
        except BaseException:
            await self.close()
            raise
        if self.path != ":memory:":
            self._checkpointer = Checkpointer(self.path)
            self._checkpointer.start()

    async def _check_sqlite_health(self) -> None:
        try:
            row = await self._fetchone("PRAGMA quick_check")
        except sqlite3.DatabaseError as error:
            raise StartupError(f"{self.path} is not a usable SQLite database ({error})") from None
        if row is None or row[0] != "ok":
            detail = row[0] if row else "no answer"
            raise StartupError(
                f"{self.path} failed PRAGMA quick_check ({detail}); restore a backup"
            )
        self._refuse_newer(await self.user_version(), "DATABASE_PATH")

    def _refuse_newer(self, version: int, key: str) -> None:
        if version > self.latest_version:
            raise StartupError(
                f"{self.where} is at schema version {version}, newer than this code "
                f"({self.latest_version}); update Lantern or point {key} elsewhere"
            )

    async def _configure_sqlite(self) -> None:
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
            await self._fetchall(pragma)

    async def _migrate_sqlite(self) -> None:
        current = await self.user_version()
        for migration in self._migrations[current:]:
            await self._apply_sqlite(migration)

    async def _apply_sqlite(self, migration: Migration) -> None:
        assert isinstance(self.backend, SqliteBackend)
        conn = self.backend.conn
        # One transaction per migration: a failing script leaves the previous version intact.
        try:
            await conn.executescript(
                f"BEGIN;\n{migration.script()}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
            )
        except sqlite3.Error as error:
            await conn.rollback()
            raise StartupError(
                f"{self.path}: migration {migration.name} failed ({error}); nothing changed"
            ) from error
        log.info("Database %s migrated to version %d", self.path, migration.version)

    # --- PostgreSQL --------------------------------------------------------------------------

    async def _open_postgres(self, url: str) -> None:
        # Imported here: a SQLite bot never loads asyncpg (a few MiB of memory).
        from lantern.database.postgres import connect_or_explain

        backend = await connect_or_explain(url, self._pool_size)
        self._shared.backend = backend
        try:
            async with backend.pool.acquire() as conn, conn.transaction():
                await conn.execute(MIGRATION_LOCK)
                await conn.execute(MIGRATIONS_TABLE)
            self._refuse_newer(await self.user_version(), "DATABASE_URL")
            for migration in self._migrations:
                await self._apply_postgres(backend, migration)
            await self._warn_of_a_c_locale()
        except BaseException:
            await self.close()
            raise

    async def _warn_of_a_c_locale(self) -> None:
        """Full-text search splits words by the database's character classes: under the C
        locale every non-ASCII character is a letter, so "mother’s" is one word, not "mother"."""
        row = await self._fetchone("SELECT current_setting('lc_ctype')")
        if row is not None and str(row[0]).upper() in ("C", "POSIX"):
            log.warning(
                "PostgreSQL database %s has LC_CTYPE %s: quote search will not split words at"
                " curly quotes or dashes. Create it with a UTF-8 locale (CREATE DATABASE ..."
                " LC_CTYPE 'C.UTF-8' TEMPLATE template0) and copy the data over",
                self.where,
                row[0],
            )

    async def _apply_postgres(self, backend: PostgresBackend, migration: Migration) -> None:
        """Apply `migration` unless it is recorded, in one transaction under the migration
        lock, so processes starting together migrate once, one after the other."""
        async with backend.pool.acquire() as conn, conn.transaction():
            await conn.execute(MIGRATION_LOCK)
            done = await conn.fetchval(
                "SELECT 1 FROM schema_migrations WHERE version = $1", migration.version
            )
            if done:
                return
            try:
                await conn.execute(migration.script())
            except Exception as error:
                raise StartupError(
                    f"{self.where}: migration {migration.name} failed ({error}); nothing changed"
                ) from error
            await conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                migration.version,
                migration.name,
            )
        log.info("Database %s migrated to version %d", self.where, migration.version)
