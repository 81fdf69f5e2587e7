"""What every store shares: the one connection, its write lock and the transaction helpers."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import aiosqlite

T = TypeVar("T")


class SharedConnection:
    """The one SQLite connection (set while the database is open) and the lock that keeps
    writes from interleaving: every store holds this same object, so all of them see the
    connection `Database.open` makes and take turns at writing."""

    def __init__(self) -> None:
        self.conn: aiosqlite.Connection | None = None
        self.write_lock = asyncio.Lock()


class Store:
    """Base of the per-feature stores (`db.trivia`, `db.quotes`, ...): each holds its
    feature's SQL and works over the connection it shares with the others."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._shared.conn is None:
            raise RuntimeError("the database is not open")
        return self._shared.conn

    @property
    def _write_lock(self) -> asyncio.Lock:
        return self._shared.write_lock

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """An explicit write transaction; the lock keeps concurrent tasks from interleaving."""
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()

    async def _changed(self, sql: str, params: tuple[object, ...]) -> bool:
        """Run one write in its own transaction; True if it changed a row (an INSERT OR
        IGNORE or a DELETE that did something)."""
        async with self.transaction() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount > 0

    async def _write_in_one_trip(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` inside BEGIN IMMEDIATE .. COMMIT, as ONE call on aiosqlite's
        database thread instead of one hand-off per statement: for the trivia answers (the
        hottest write: a scoring click is committed before it is acknowledged) and the daily
        answer, which shares their week-board helper. `work` must not touch the event
        loop. Uses aiosqlite's `_execute`, private API: aiosqlite is pinned, and the trivia
        tests go through this path."""
        async with self._write_lock:
            return await self.conn._execute(_in_transaction, self.conn._conn, work)

    # One trip to aiosqlite's thread per query: execute + fetch + close were three, and each
    # trip is a thread hand-off and an event-loop wake-up (a scoring click paid ~0.1 ms each).
    # For keyed lookups and LIMITed pages only: every row comes back at once.

    async def _fetchone(self, sql: str, params: tuple[object, ...] = ()) -> aiosqlite.Row | None:
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def _fetchall(self, sql: str, params: tuple[object, ...] = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))


def _in_transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return result
