"""The own-rank line of the leaderboard counts the members ahead; with 100k members that count
must come from an index alone (a table lookup per member ahead made it ~50 ms)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lantern.database import Database
from lantern.database.trivia import BOARD_ORDER


@pytest.mark.parametrize("sort", sorted(BOARD_ORDER))
async def test_the_own_rank_count_reads_a_covering_index(tmp_path: Path, sort: str) -> None:
    db = Database(tmp_path / "rank.sqlite3")
    await db.open()
    try:
        table, scope, params = db._board_scope(1, None)
        _, ahead = BOARD_ORDER[sort]
        holes = ahead.count("?")
        plan = await db._fetchall(
            f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM {table} WHERE {scope} AND {ahead}",
            (*params, *([1] * holes)),
        )
    finally:
        await db.close()
    details = " ".join(row["detail"] for row in plan)
    assert "COVERING INDEX" in details, details
