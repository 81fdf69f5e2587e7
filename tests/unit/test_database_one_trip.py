"""The one-trip write transaction the scoring click uses: committed as a whole, or not at all,
on both backends."""

from __future__ import annotations

import pytest

from lantern.database import Database
from lantern.database.base import Body, change


def set_two(fail: bool) -> Body[int]:
    yield change("INSERT INTO meta (key, value) VALUES ('a', '1')")
    yield change("INSERT INTO meta (key, value) VALUES ('b', '2')")
    if fail:
        raise RuntimeError("boom")
    return 2


async def test_a_one_trip_write_commits_everything_or_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        await db._run(lambda: set_two(fail=True))
    assert await db.core.get_meta("a") is None  # rolled back, and the connection still works
    assert await db._run(lambda: set_two(fail=False)) == 2
    assert (await db.core.get_meta("a"), await db.core.get_meta("b")) == ("1", "2")


async def test_a_statement_sees_the_count_of_rows_it_changed(db: Database) -> None:
    def body() -> Body[tuple[int, int]]:
        first = yield change(
            "INSERT INTO meta (key, value) VALUES ('k', 'v') ON CONFLICT DO NOTHING"
        )
        again = yield change(
            "INSERT INTO meta (key, value) VALUES ('k', 'v') ON CONFLICT DO NOTHING"
        )
        return first, again

    assert await db._run(body) == (1, 0)


async def test_a_pooled_connection_comes_back_clean_without_asyncpg_reset(
    postgres_url: str,
) -> None:
    """The pool skips asyncpg's reset query (one round trip per use): a transaction that
    failed must still leave its connection out of any transaction for the next user. One
    connection in the pool, so the next use gets that very connection."""
    database = Database(postgres_url, pool_size=1)
    await database.open()
    try:
        with pytest.raises(RuntimeError):
            await database._run(lambda: set_two(fail=True))
        row = await database._fetchone("SELECT pg_current_xact_id_if_assigned() IS NULL AS clean")
        assert row is not None and row["clean"]
        assert await database.core.get_meta("a") is None
        assert await database._run(lambda: set_two(fail=False)) == 2
    finally:
        await database.close()
