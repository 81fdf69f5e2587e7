"""What every group of queries shares: the one connection and a transaction helper."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite


class QueriesBase:
    """Base of the per-feature query mixins; `Database` combines them into one class."""

    _conn: aiosqlite.Connection | None
    _write_lock: asyncio.Lock

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("the database is not open")
        return self._conn

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

    # One trip to aiosqlite's thread per query: execute + fetch + close were three, and each
    # trip is a thread hand-off and an event-loop wake-up (a scoring click paid ~0.1 ms each).
    # For keyed lookups and LIMITed pages only: every row comes back at once.

    async def _fetchone(self, sql: str, params: tuple[object, ...] = ()) -> aiosqlite.Row | None:
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def _fetchall(self, sql: str, params: tuple[object, ...] = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))
