"""The PostgreSQL backend (asyncpg): a connection pool, the stores' `?` parameters numbered
for PostgreSQL, and riding out a server that goes away.

When the server stops or restarts, the statement in flight fails and its transaction is
rolled back by the server (nothing half-written); the caller gets `DatabaseUnavailable`, a
`LanternError`, so a click in that moment is told privately to try again. The log says once
that the database went away, and once when it is back (a watcher polls it meanwhile). Pooled
connections to the old server are dropped, and a statement that fails before anything was
sent on a transaction (its BEGIN, or a read) is tried again once on a fresh connection, so
the first clicks after a restart score normally.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import TypeVar

import asyncpg

from lantern.database.base import Backend, Body, Params, Row, Statement, describe, drive
from lantern.errors import DatabaseUnavailable, DatabaseUrlError

log = logging.getLogger(__name__)
T = TypeVar("T")

POOL_SIZE = 10  # as lantern.database.database.POOL_SIZE
CONNECT_TIMEOUT = 5.0
WATCH_INTERVAL = 0.5  # seconds between checks while the server is away
# Outside single-quoted literals and double-quoted names, each `?` is the next parameter.
TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\?")


@functools.lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """`sql` with its `?` parameters numbered for PostgreSQL (`$1`, `$2`, ...)."""
    counter = iter(range(1, 10_000))
    return TOKEN.sub(lambda m: f"${next(counter)}" if m.group() == "?" else m.group(), sql)


def changed_rows(status: str) -> int:
    """Rows changed, from a command status such as 'INSERT 0 1', 'UPDATE 3', 'DELETE 0'."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def is_connection_lost(error: BaseException) -> bool:
    """The server went away or is restarting (as opposed to a mistake in a statement)."""
    if isinstance(
        error,
        OSError
        | TimeoutError
        | asyncpg.PostgresConnectionError
        | asyncpg.exceptions.OperatorInterventionError,
    ):
        return True
    return isinstance(error, asyncpg.InterfaceError) and "closed" in str(error)


async def keep_session(_conn: asyncpg.Connection) -> None:
    """What a connection needs on its way back to the pool: nothing more than asyncpg does
    anyway (it rolls back a transaction left open). Its default reset is a query of its own
    (unlock session advisory locks, close cursors, UNLISTEN, RESET ALL), one more round trip
    after every use, and Lantern leaves none of that behind: it takes only transaction-scoped
    locks, sets nothing, listens to nothing and keeps no cursor past a statement."""


class PostgresTransaction:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return changed_rows(await self.conn.execute(numbered(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self.conn.executemany(numbered(sql), [tuple(row) for row in rows])

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self.conn.fetchrow(numbered(sql), *params)
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self.conn.fetch(numbered(sql), *params))

    async def statement(self, statement: Statement) -> object:
        if statement.row:
            return await self.fetchone(statement.sql, statement.params)
        return await self.execute(statement.sql, statement.params)


class PostgresBackend(Backend):
    dialect = "postgres"
    refused = (asyncpg.exceptions.SyntaxOrAccessError,)

    def __init__(self, pool: asyncpg.Pool, where: str) -> None:
        self.pool = pool
        self.where = where
        self._away_since: float | None = None
        self._watcher: asyncio.Task[None] | None = None

    @classmethod
    async def connect(cls, url: str, pool_size: int = POOL_SIZE) -> PostgresBackend:
        pool = await asyncpg.create_pool(
            url,
            min_size=1,
            max_size=pool_size,
            timeout=CONNECT_TIMEOUT,
            reset=keep_session,
        )
        return cls(pool, describe(url))

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        await self.pool.close()

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._read(lambda: self.pool.fetchrow(numbered(sql), *params))
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._read(lambda: self.pool.fetch(numbered(sql), *params)))

    @asynccontextmanager
    async def transaction(self, turn_of: int | None = None) -> AsyncIterator[PostgresTransaction]:
        """A transaction on a pooled connection; with `turn_of`, it first waits for the
        transaction-scoped advisory lock of that key (sent with BEGIN: no extra round trip)."""
        begin = (
            "BEGIN" if turn_of is None else f"BEGIN; SELECT pg_advisory_xact_lock({int(turn_of)})"
        )
        async with self._connection(begin) as conn:
            try:
                yield PostgresTransaction(conn)
            except BaseException as error:
                self._check_lost(error)
                raise
            await self._guarded(conn.execute("COMMIT"))

    async def run(self, body: Callable[[], Body[T]], *, turn_of: int | None = None) -> T:
        """Without turns, concurrent writers of one guild's scores could deadlock: each moves
        a member between two rows of `trivia_rank_counts`, in the order old value, new value,
        and one member's accuracy can fall where another's rises."""
        async with self.transaction(turn_of) as tx:
            return await drive(body(), tx.statement)

    # --- riding out an outage --------------------------------------------------------------

    async def _read(self, query: Callable[[], Awaitable[T]]) -> T:
        """A read, tried once more on a fresh connection if its connection was dead."""
        try:
            return await query()
        except BaseException as error:
            if not is_connection_lost(error):
                raise
            await self.pool.expire_connections()
        return await self._guarded(query())

    @asynccontextmanager
    async def _connection(self, begin: str = "BEGIN") -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection with a transaction begun (BEGIN tried twice, see `_read`)."""
        for attempt in (1, 2):
            conn = await self._guarded(self.pool.acquire())
            try:
                await conn.execute(begin)
                break
            except BaseException as error:
                await self.pool.release(conn)
                if attempt == 2 or not is_connection_lost(error):
                    self._check_lost(error)
                    raise
                await self.pool.expire_connections()
        try:
            yield conn
        finally:
            if not conn.is_closed() and conn.is_in_transaction():
                with contextlib.suppress(Exception):
                    await conn.execute("ROLLBACK")
            await self.pool.release(conn)

    async def _guarded(self, operation: Awaitable[T]) -> T:
        try:
            return await operation
        except BaseException as error:
            self._check_lost(error)
            raise

    def _check_lost(self, error: BaseException) -> None:
        """Turn a lost server into `DatabaseUnavailable`, and start watching for its return."""
        if isinstance(error, DatabaseUnavailable) or not is_connection_lost(error):
            return
        self._went_away(error)
        raise DatabaseUnavailable() from error

    def _went_away(self, error: BaseException) -> None:
        if self._away_since is not None:
            return
        self._away_since = time.monotonic()
        log.warning("PostgreSQL at %s went away (%s); retrying", self.where, _short(error))
        self._watcher = asyncio.get_running_loop().create_task(self._watch(), name="pg-watch")

    async def _watch(self) -> None:
        await self.pool.expire_connections()  # connections to the old server are useless
        while True:
            await asyncio.sleep(WATCH_INTERVAL)  # real time: the server's, not the game's
            with contextlib.suppress(Exception):
                await self.pool.fetchval("SELECT 1")
                break
        away = time.monotonic() - (self._away_since or time.monotonic())
        self._away_since = None
        log.info("PostgreSQL at %s is back after %.1f s", self.where, away)


def _short(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


async def connect_or_explain(url: str, pool_size: int = POOL_SIZE) -> PostgresBackend:
    """Connect at start-up; an unreachable server or a refused login is one line naming
    DATABASE_URL and the fix (`DatabaseUrlError`, exit code 2)."""
    try:
        return await PostgresBackend.connect(url, pool_size)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise DatabaseUrlError(
            f"cannot connect to PostgreSQL at {describe(url)} ({_short(error)})",
            "Start the server, or fix the host, port, user, password or database name in it.",
        ) from None


async def probe(url: str) -> None:
    """Connect once and leave: start-up tries the server before it talks to Discord, so a
    wrong DATABASE_URL stops the bot at once (`DatabaseUrlError`)."""
    backend = await connect_or_explain(url, pool_size=1)
    await backend.close()
