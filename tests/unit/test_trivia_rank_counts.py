"""A member's own rank comes from per-value member counts (`trivia_rank_counts`, kept by
triggers) plus a count inside their tie group. It must agree exactly with the leaderboard's
page order, ties included, on every board, after any mix of answers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantern.database import Database
from lantern.database.database import discover_migrations
from lantern.database.trivia import BOARD_ORDER, AnswerInput, board_scope
from lantern.trivia.scoring import StreakScores
from tests.pgcluster import PostgresCluster

GUILDS = (1, 2)
WEEKS = ("2026-11-23", "2026-11-30")
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Answer:
    """One answer as the bot stores it: a quiz click (totals + week) or a daily question."""

    guild: int
    member: int
    week: str
    points: int
    correct: bool
    daily: bool


answers = st.builds(
    Answer,
    guild=st.sampled_from(GUILDS),
    member=st.integers(1, 7),  # few members, few values: plenty of ties
    week=st.sampled_from(WEEKS),
    points=st.sampled_from((0, 10, 20)),
    correct=st.booleans(),
    daily=st.booleans(),
)


async def store(db: Database, answer: Answer, day: int) -> None:
    """Store an answer through the bot's own write path; `day` numbers it (unique per test)."""
    if answer.daily:
        await store_daily(db, answer, day)
        return
    round_id = await open_round(db, answer.guild, day)
    stored = await db.trivia.record_trivia_answer(
        AnswerInput(
            round_id=round_id,
            guild_id=answer.guild,
            member_id=answer.member,
            interaction_id=day,
            choice_index=0 if answer.correct else 1,
            correct=answer.correct,
            elapsed_ms=900,
            answered_at=NOON,
            week=answer.week,
            via="button",
        ),
        # The drawn points, whatever the streak before (the streak itself follows the rules).
        StreakScores(answer.correct, (answer.points,)),
    )
    assert stored is not None and stored.inserted


async def open_round(db: Database, guild: int, channel: int) -> int:
    """An open round of a quiz of its own (a channel per round, so never a running one)."""
    quiz_id = await db.trivia.create_quiz(
        guild_id=guild,
        channel_id=channel,
        starter_id=1,
        rounds=1,
        seconds=30,
        difficulty="easy",
        spoilers=False,
        started_at=NOON,
    )
    assert quiz_id is not None
    opened = await db.trivia.add_round(
        quiz_id=quiz_id,
        guild_id=guild,
        number=1,
        question_id="q1",
        choices=("a", "b"),
        correct_index=0,
        difficulty="easy",
        opened_at=NOON,
        closes_at=NOON,
    )
    return opened.id


async def store_daily(db: Database, answer: Answer, day: int) -> None:
    """The daily path: a member's first answer creates their totals row already on the
    board, a later one (or one after a quiz answer) updates it: the counts must follow."""
    today = f"2026-12-{day:02d}"
    await db.trivia.issue_daily(
        guild_id=answer.guild,
        member_id=answer.member,
        day=today,
        question_id="q1",
        choices=("a", "b"),
        correct_index=0,
        issued_at=NOON,
    )
    await db.trivia.answer_daily(
        guild_id=answer.guild,
        member_id=answer.member,
        day=today,
        yesterday="",
        week=answer.week,
        choice_index=0 if answer.correct else 1,
        correct=answer.correct,
        points=answer.points,
        answered_at=NOON,
    )


def brute_force_order(rows: list[dict[str, int]], sort: str) -> list[int]:
    """The board's order written out in Python, independent of the SQL."""
    keys = {
        "points": lambda r: (-r["points"], r["member_id"]),
        "streak": lambda r: (-r["best_streak"], r["member_id"]),
        "accuracy": lambda r: (-r["accuracy"], -r["answered"], r["member_id"]),
    }
    return [row["member_id"] for row in sorted(rows, key=keys[sort])]


async def board_members(db: Database, guild: int, week: str | None) -> list[dict[str, int]]:
    table, scope, params = board_scope(guild, week)
    rows = await db._fetchall(
        f"SELECT member_id, points, answered, best_streak, accuracy FROM {table} WHERE {scope}",
        params,
    )
    return [dict(row) for row in rows]


async def assert_ranks_agree(db: Database, guild: int, week: str | None, sort: str) -> None:
    expected = brute_force_order(await board_members(db, guild, week), sort)
    page = await db.trivia.leaderboard_rows(guild, sort, week, 0, 1_000)
    assert [row.member_id for row in page] == expected
    for position, member in enumerate(expected, start=1):
        entry = await db.trivia.leaderboard_entry(guild, sort, week, member)
        assert entry is not None and entry.rank == position, (sort, week, member)


async def assert_counts_match_totals(db: Database) -> None:
    kept = await db._fetchall(
        "SELECT guild_id, week, board, value, members FROM trivia_rank_counts WHERE members > 0"
    )
    recounted = await db._fetchall(
        "SELECT guild_id, '' AS week, 'points' AS board, points AS value, COUNT(*) FROM"
        " trivia_members WHERE answered > 0 GROUP BY guild_id, points"
        " UNION ALL SELECT guild_id, '', 'streak', best_streak, COUNT(*) FROM trivia_members"
        " WHERE answered > 0 GROUP BY guild_id, best_streak"
        " UNION ALL SELECT guild_id, '', 'accuracy', accuracy, COUNT(*) FROM trivia_members"
        " WHERE answered > 0 GROUP BY guild_id, accuracy"
        " UNION ALL SELECT guild_id, week, 'points', points, COUNT(*) FROM trivia_weekly"
        " GROUP BY guild_id, week, points"
        " UNION ALL SELECT guild_id, week, 'streak', best_streak, COUNT(*) FROM trivia_weekly"
        " GROUP BY guild_id, week, best_streak"
        " UNION ALL SELECT guild_id, week, 'accuracy', accuracy, COUNT(*) FROM trivia_weekly"
        " GROUP BY guild_id, week, accuracy"
    )
    assert sorted(map(tuple, kept)) == sorted(map(tuple, recounted))


async def replay_and_check(history: list[Answer], target: str = ":memory:") -> None:
    db = Database(target)
    await db.open()
    try:
        if db.dialect == "postgres":  # one database for every example: start each one empty
            async with db.transaction() as tx:
                await tx.execute(
                    "TRUNCATE trivia_answers, trivia_rounds, trivia_quizzes, trivia_members,"
                    " trivia_weekly, trivia_daily, trivia_rank_counts"
                )
        for day, answer in enumerate(history, start=1):
            await store(db, answer, day)
        await assert_counts_match_totals(db)
        for guild in GUILDS:
            for week in (None, *WEEKS):
                for sort in BOARD_ORDER:
                    await assert_ranks_agree(db, guild, week, sort)
    finally:
        await db.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(answers, max_size=28))
def test_own_rank_matches_the_page_order_on_random_boards(history: list[Answer]) -> None:
    asyncio.run(replay_and_check(history))


@pytest.fixture(scope="module")
def postgres_target(postgres_cluster: PostgresCluster) -> str:
    return asyncio.run(postgres_cluster.new_database())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(answers, max_size=28))
def test_own_rank_matches_the_page_order_on_postgres(
    postgres_target: str, history: list[Answer]
) -> None:
    """The same property on PostgreSQL, whose counts are kept by its own triggers."""
    asyncio.run(replay_and_check(history, postgres_target))


async def test_an_upgraded_database_counts_the_totals_it_already_had(tmp_path: Path) -> None:
    path = tmp_path / "upgrade.sqlite3"
    migrations = discover_migrations()
    old = Database(path, migrations=migrations[:4])
    await old.open()
    async with old.transaction() as conn:
        await conn.executemany(
            "INSERT INTO trivia_members (guild_id, member_id, points, answered, correct,"
            " accuracy, best_streak) VALUES (1, ?, ?, ?, 1, ?, ?)",
            [(10, 30, 2, 500, 2), (11, 30, 1, 1000, 1), (12, 50, 3, 333, 2), (13, 0, 0, 0, 0)],
        )
        await conn.execute(
            "INSERT INTO trivia_weekly (guild_id, week, member_id, points, answered, correct,"
            " accuracy, best_streak) VALUES (1, ?, 10, 30, 2, 1, 500, 2)",
            (WEEKS[0],),
        )
    await old.close()

    db = Database(path)
    await db.open()
    try:
        await assert_counts_match_totals(db)
        for sort in BOARD_ORDER:
            await assert_ranks_agree(db, 1, None, sort)
            await assert_ranks_agree(db, 1, WEEKS[0], sort)
        assert await db.trivia.leaderboard_entry(1, "points", None, 13) is None  # never answered
    finally:
        await db.close()


async def test_a_deleted_member_leaves_the_counts(db: Database) -> None:
    for member in (1, 2, 3):
        await store(db, Answer(1, member, WEEKS[0], 10 * member, True, False), member)
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM trivia_members WHERE member_id = 3")
        await conn.execute("DELETE FROM trivia_weekly WHERE member_id = 3")
    await assert_counts_match_totals(db)
    entry = await db.trivia.leaderboard_entry(1, "points", None, 2)
    assert entry is not None and entry.rank == 1
