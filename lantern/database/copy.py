"""Moving over: copy a SQLite database into an empty PostgreSQL one (`bot.py --copy-database`).

Both are opened with `Database`, so both are at the latest schema first. Every table of the
SQLite file is copied (parents before the tables that refer to them) in ONE PostgreSQL
transaction with COPY, its row count is checked before the commit, and the auto-numbered ids
continue after the copied ones. `trivia_rank_counts` is not copied but counted afresh from the
copied totals (the count triggers are off meanwhile: row by row, a bulk load inside one
transaction slows down with the square of its size), then compared with SQLite's. A target that
already holds rows is refused, unless it holds exactly what the source has: then there is
nothing to do (a second run).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import asyncpg

from lantern.database.base import Row
from lantern.database.database import Database
from lantern.database.postgres import PostgresBackend
from lantern.database.sqlite import SqliteBackend
from lantern.database.trivia import COUNT_TRIGGERS, REBUILD_RANK_COUNTS_SQL

log = logging.getLogger(__name__)

# Kept by triggers from the totals on both backends: compared, not copied.
DERIVED_TABLES = ("trivia_rank_counts",)
CHUNK = 5_000
RANK_COUNTS_SQL = (
    "SELECT guild_id, week, board, value, members FROM trivia_rank_counts WHERE members > 0"
)


class CopyRefused(Exception):
    """The copy cannot be made (a non-empty target, a count that does not match)."""


@dataclass(frozen=True)
class CopyReport:
    counts: dict[str, int]  # rows per table, as found in the target afterwards
    copied: bool  # False: the target already held exactly these rows (nothing to do)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


async def copy_database(
    source: Database, target: Database, say: Callable[[str], None] = log.info
) -> CopyReport:
    """Copy the open SQLite `source` into the open PostgreSQL `target`."""
    assert isinstance(source.backend, SqliteBackend) and isinstance(target.backend, PostgresBackend)
    tables = await copy_order(source)
    wanted = {table: await _count(source, table) for table in tables}
    present = {table: await _count(target, table) for table in tables}
    if present == wanted and any(wanted.values()):
        return CopyReport(present, copied=False)
    if any(present.values()):
        held = [f"{table} ({rows} rows)" for table, rows in present.items() if rows]
        busy = ", ".join(held[:3]) + (f" and {len(held) - 3} more tables" if len(held) > 3 else "")
        raise CopyRefused(f"{target.where} is not empty: {busy}; copy into an empty database")
    async with target.backend.pool.acquire() as conn, conn.transaction():
        for table, trigger in COUNT_TRIGGERS.items():
            await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        for table in tables:
            copied = await _copy_table(source, conn, table)
            if copied != wanted[table]:
                raise CopyRefused(f"{table}: {wanted[table]} rows in SQLite, {copied} copied")
            say(f"{table}: {copied} rows")
        await _continue_ids(conn, tables)
        for statement in REBUILD_RANK_COUNTS_SQL:
            await conn.execute(statement)
        for table, trigger in COUNT_TRIGGERS.items():
            await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        await _check_rank_counts(source, conn)
    return CopyReport({table: await _count(target, table) for table in tables}, copied=True)


async def copy_order(source: Database) -> list[str]:
    """The source's tables, each after the tables its foreign keys refer to."""
    rows = await source._fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'quote_fts_%' ORDER BY name"
    )
    names = [str(row["name"]) for row in rows if row["name"] not in DERIVED_TABLES]
    parents = {name: await _parents(source, name) for name in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:
            raise CopyRefused(
                f"foreign keys form a cycle among {sorted(set(names) - set(ordered))}"
            )
        ordered.extend(ready)
    return ordered


async def _parents(source: Database, table: str) -> set[str]:
    rows = await source._fetchall(f"PRAGMA foreign_key_list({_quoted(table)})")
    return {str(row["table"]) for row in rows} - {table}


async def _columns(source: Database, table: str) -> list[str]:
    rows = await source._fetchall(f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
    if rows:
        return [str(row["name"]) for row in rows]
    # A virtual table (FTS5) lists no columns there: take them from a row's keys.
    row = await source._fetchone(f"SELECT * FROM {_quoted(table)} LIMIT 1")
    return list(row.keys()) if row is not None else []  # type: ignore[attr-defined]


async def _count(db: Database, table: str) -> int:
    row = await db._fetchone(f"SELECT COUNT(*) FROM {_quoted(table)}")
    return int(row[0]) if row else 0


async def _copy_table(source: Database, conn: asyncpg.Connection, table: str) -> int:
    columns = await _columns(source, table)
    if not columns:
        return 0
    assert isinstance(source.backend, SqliteBackend)
    select = f"SELECT {', '.join(map(_quoted, columns))} FROM {_quoted(table)}"
    copied = 0
    async with source.backend.conn.execute(select) as cursor:
        while rows := await cursor.fetchmany(CHUNK):
            records = [tuple(row) for row in rows]
            await conn.copy_records_to_table(table, records=records, columns=columns)
            copied += len(records)
    return copied


async def _continue_ids(conn: asyncpg.Connection, tables: list[str]) -> None:
    """Identity columns go on after the highest copied id (COPY does not move them)."""
    rows = await conn.fetch(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
        " AND identity_generation = 'BY DEFAULT'"
    )
    for row in rows:
        table, column = row["table_name"], row["column_name"]
        if table in tables:
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                f" COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
            )


async def _check_rank_counts(source: Database, conn: asyncpg.Connection) -> None:
    expected = sorted(_plain(row) for row in await source._fetchall(RANK_COUNTS_SQL))
    rebuilt = sorted(_plain(row) for row in await conn.fetch(RANK_COUNTS_SQL))
    if expected != rebuilt:
        raise CopyRefused("trivia_rank_counts rebuilt by PostgreSQL differ from SQLite's")


def _plain(row: Row) -> tuple[object, ...]:
    return tuple(row[index] for index in range(5))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
