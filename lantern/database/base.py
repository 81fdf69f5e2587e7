"""What every store shares: the backend (SQLite or PostgreSQL) behind one small interface.

The stores write their SQL once, with `?` parameters, in the subset both dialects accept
(`ON CONFLICT ... DO NOTHING / DO UPDATE`, `RETURNING`, qualified columns in upserts); the
PostgreSQL backend numbers the parameters (`$1`, `$2`, ...). The few statements the dialects
disagree on (full-text search) are chosen per backend by the store, from `Store.dialect`.

A transaction body that must be one trip to the database (the scoring click) is a generator
of `Statement`s: it yields each statement and is sent back its result. The SQLite backend runs
the whole generator on aiosqlite's thread in one hand-off, the PostgreSQL backend awaits each
statement on one connection inside one transaction: the same code, the same SQL.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
Params = Sequence[object]
Dialect = Literal["sqlite", "postgres"]


class Row(Protocol):
    """A result row: by column name or position (aiosqlite.Row and asyncpg.Record both are)."""

    def __getitem__(self, key: str | int) -> Any: ...


@dataclass(frozen=True)
class Statement:
    """One statement of a one-trip body; the body is sent back the first row (`row=True`)
    or the number of rows changed."""

    sql: str
    params: Params = ()
    row: bool = False


def one(sql: str, params: Params = ()) -> Statement:
    """A statement whose first row (or None) the body is sent back."""
    return Statement(sql, params, row=True)


def change(sql: str, params: Params = ()) -> Statement:
    """A statement whose count of changed rows the body is sent back."""
    return Statement(sql, params)


Body = Generator[Statement, Any, T]


class Transaction(Protocol):
    """What a store does inside `Store.transaction()`."""

    async def execute(self, sql: str, params: Params = ()) -> int: ...
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...


class Backend(abc.ABC):
    """A database server's driver, as the stores see it."""

    dialect: Dialect
    # What the driver raises for a statement the server refuses (a full-text query, say).
    refused: tuple[type[Exception], ...] = ()

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    @abc.abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abc.abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]: ...

    @abc.abstractmethod
    async def run(self, body: Callable[[], Body[T]], *, turn_of: int | None = None) -> T:
        """`body()` in one write transaction, committed as a whole or not at all. Writers
        with the same `turn_of` (a guild id) take turns: their transactions never overlap."""


class SharedConnection:
    """The backend every store of one `Database` shares (set while the database is open)."""

    def __init__(self) -> None:
        self.backend: Backend | None = None


class Store:
    """Base of the per-feature stores (`db.trivia`, `db.quotes`, ...): each holds its
    feature's SQL and works over the backend it shares with the others."""

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared

    @property
    def backend(self) -> Backend:
        if self._shared.backend is None:
            raise RuntimeError("the database is not open")
        return self._shared.backend

    @property
    def dialect(self) -> Dialect:
        return self.backend.dialect

    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """An explicit write transaction: committed on success, rolled back on error."""
        return self.backend.transaction()

    async def _changed(self, sql: str, params: Params) -> bool:
        """Run one write in its own transaction; True if it changed a row (an insert that
        did not conflict, a DELETE that did something)."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params) > 0

    async def _run(self, body: Callable[[], Body[T]], *, turn_of: int | None = None) -> T:
        """A one-trip write transaction (see the module's docstring); see `Backend.run`
        for `turn_of`."""
        return await self.backend.run(body, turn_of=turn_of)

    async def _fetchone(self, sql: str, params: Params = ()) -> Row | None:
        return await self.backend.fetchone(sql, params)

    async def _fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return await self.backend.fetchall(sql, params)


async def drive(body: Body[T], execute: Callable[[Statement], Any]) -> T:
    """Run a one-trip body with an async `execute(statement) -> result`."""
    try:
        statement = next(body)
        while True:
            statement = body.send(await execute(statement))
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


def drive_sync(body: Body[T], execute: Callable[[Statement], Any]) -> T:
    """Run a one-trip body with a blocking `execute(statement) -> result`."""
    try:
        statement = next(body)
        while True:
            statement = body.send(execute(statement))
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


def describe(url: str) -> str:
    """host:port/database of a URL, without the user or password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path or '/'}"
