"""The one-trip write transaction the scoring click uses: committed as a whole, or not at all."""

from __future__ import annotations

import sqlite3

import pytest

from lantern.database import Database


def set_two(conn: sqlite3.Connection, fail: bool) -> int:
    conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
    conn.execute("INSERT INTO meta (key, value) VALUES ('b', '2')")
    if fail:
        raise RuntimeError("boom")
    return 2


async def test_a_one_trip_write_commits_everything_or_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        await db._write_in_one_trip(lambda conn: set_two(conn, fail=True))
    assert await db.core.get_meta("a") is None  # rolled back, and the connection still works
    assert await db._write_in_one_trip(lambda conn: set_two(conn, fail=False)) == 2
    assert (await db.core.get_meta("a"), await db.core.get_meta("b")) == ("1", "2")
