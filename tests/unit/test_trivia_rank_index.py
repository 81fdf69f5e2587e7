"""The own-rank line of the leaderboard must not read the members ahead one by one: it sums the
per-value counts (`trivia_rank_counts`, by primary key) and counts the member's tie group on a
covering index (a table lookup per member made it ~50 ms at 100k members, an index count of
everyone ahead 7-10 ms)."""

from __future__ import annotations

import pytest

from lantern.database import Database
from lantern.database.trivia import BOARD_ORDER, entry_query
from tests.unit.plans import postgres_plan


@pytest.mark.parametrize("week", [None, "2026-11-23"])
@pytest.mark.parametrize("sort", sorted(BOARD_ORDER))
async def test_the_own_rank_reads_only_counts_and_covering_indexes(
    db: Database, sort: str, week: str | None
) -> None:
    sql, params = entry_query(1, sort, week, member_id=1)  # type: ignore[arg-type]
    if db.dialect == "postgres":
        # Both subqueries by index: the counts by their key range, the ties by an index of
        # the board's table (which one is the planner's call on real data), never a scan.
        text = await postgres_plan(db, sql, params)
        assert "Index Scan using trivia_rank_counts_pkey" in text, text
        assert "value > " in text, text
        table = "trivia_weekly" if week else "trivia_members"
        assert f"Scan using {table}_" in text, text
        assert "Seq Scan" not in text and "Sort" not in text, text
        return
    plan = await db._fetchall(f"EXPLAIN QUERY PLAN {sql}", params)
    # The member's own row by its key, then the two subqueries that count.
    steps = [step["detail"] for step in plan if "SCALAR SUBQUERY" not in step["detail"]]
    assert len(steps) == 3, steps
    own, counts, ties = steps
    assert own.startswith("SEARCH me USING") and "member_id=?" in own, own
    assert counts.startswith("SEARCH trivia_rank_counts USING PRIMARY KEY"), counts
    assert "value>?" in counts, counts  # a range over the values above, not the whole board
    assert ties.startswith("SEARCH trivia_") and "COVERING INDEX" in ties, ties
    value = BOARD_ORDER[sort].value
    assert f"{value}=?" in ties, ties  # bounded by the tie group
