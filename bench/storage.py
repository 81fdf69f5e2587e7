"""Storage: the leaderboard page and member stats on databases seeded with bulk SQL (not
through the bot) at 1k/100k members and 10k/1M answers; milliseconds per call through the same
`TriviaService` and `Database` the bot uses. On SQLite files and on PostgreSQL databases (the
same seed; the rank-count triggers fire on both)."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg

from bench.sizes import Sizes
from bench.stats import summary
from lantern.clock import ManualClock
from lantern.database import Database
from lantern.database.trivia import COUNT_TRIGGERS, REBUILD_RANK_COUNTS_SQL
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.trivia.bank import QuestionBank
from lantern.trivia.service import TriviaService
from lantern.trivia.timeutil import week_key
from tests.pgcluster import PostgresCluster

GUILD = 4242
FIRST_MEMBER = 1_000
SEED_SQL = """
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :members)
INSERT INTO trivia_members (guild_id, member_id, points, answered, correct, accuracy, streak,
                            best_streak, fastest_ms)
SELECT :guild, :first + i, (i * 7919) % 5003, 1 + (i * 31) % 500,
       ((1 + (i * 31) % 500) * ((i * 17) % 100)) / 100,
       (((1 + (i * 31) % 500) * ((i * 17) % 100)) / 100) * 1000 / (1 + (i * 31) % 500),
       (i * 7) % 10, (i * 13) % 40, 800 + (i * 37) % 9000
FROM n;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :members)
INSERT INTO trivia_weekly (guild_id, week, member_id, points, answered, correct, accuracy,
                           best_streak)
SELECT :guild, :week, :first + i, (i * 613) % 701, 1 + (i * 11) % 60,
       ((1 + (i * 11) % 60) * ((i * 29) % 100)) / 100,
       (((1 + (i * 11) % 60) * ((i * 29) % 100)) / 100) * 1000 / (1 + (i * 11) % 60),
       (i * 3) % 15
FROM n;

INSERT INTO trivia_quizzes (id, guild_id, channel_id, starter_id, status, rounds, seconds,
                            difficulty, spoilers, started_at, ended_at)
VALUES (1, :guild, 1, :first, 'finished', :rounds, 20, 'mixed', 0,
        '2026-01-01T00:00:00+00:00', '2026-01-01T01:00:00+00:00');

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :rounds)
INSERT INTO trivia_rounds (id, quiz_id, guild_id, number, question_id, choices, correct_index,
                           difficulty, opened_at, closes_at, closed_at, message_id)
SELECT i, 1, :guild, i, 'q' || (i % 50), '["a","b","c","d"]', i % 4, 'easy',
       '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:20+00:00', '2026-01-01T00:00:20+00:00', i
FROM n;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :answers)
INSERT INTO trivia_answers (round_id, member_id, guild_id, interaction_id, choice_index, correct,
                            points, elapsed_ms, streak_after, answered_at, via)
SELECT 1 + i / :members, :first + i % :members, :guild, 1000000000 + i, i % 4,
       CASE WHEN i % 3 != 0 THEN 1 ELSE 0 END,
       CASE WHEN i % 3 != 0 THEN 10 ELSE 0 END, 500 + i % 19000, i % 7,
       '2026-01-01T00:00:10+00:00', 'button'
FROM n;
"""


async def create_schema(path: Path) -> None:
    db = Database(path)
    await db.open()
    await db.close()


def seed(path: Path, members: int, answers: int, week: str) -> float:
    """Bulk-insert a guild's trivia history; returns the seconds it took."""
    rounds = -(-answers // members)
    params = {
        "guild": GUILD,
        "first": FIRST_MEMBER,
        "members": members,
        "answers": answers,
        "rounds": rounds,
        "week": week,
    }
    started = time.perf_counter()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA synchronous = OFF")
        with conn:
            for statement in SEED_SQL.split(";\n"):
                if statement.strip():
                    conn.execute(statement, params)  # each takes the names it uses
        conn.execute("ANALYZE")
    return round(time.perf_counter() - started, 2)


async def time_calls(call: Any, repeats: int) -> dict[str, float]:
    await call()  # warm the page cache and the statement cache
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return summary(samples)


async def seed_postgres(url: str, members: int, answers: int, week: str) -> float:
    """The same seed on PostgreSQL (its values are this module's integers and an ISO week,
    written into the SQL: the script runs as one simple-protocol batch), loaded as
    `--copy-database` loads: count triggers off, the rank counts counted afterwards (row by
    row in one transaction, the load would slow down with the square of its size)."""
    values = {"guild": GUILD, "first": FIRST_MEMBER, "members": members, "answers": answers}
    values |= {"rounds": -(-answers // members)}
    script = SEED_SQL.replace(":week", f"'{week}'")
    for name, value in values.items():
        script = script.replace(f":{name}", str(int(value)))
    started = time.perf_counter()
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            for table, trigger in COUNT_TRIGGERS.items():
                await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            await conn.execute(script)
            for statement in REBUILD_RANK_COUNTS_SQL:
                await conn.execute(statement)
            for table, trigger in COUNT_TRIGGERS.items():
                await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return round(time.perf_counter() - started, 2)


async def storage_costs_postgres(sizes: Sizes, cluster: PostgresCluster) -> dict[str, Any]:
    results: dict[str, Any] = {}
    week = week_key(ManualClock().now())
    for members in sizes.storage_members:
        for answers in sizes.storage_answers:
            url = await cluster.new_database()
            seconds = await seed_postgres(url, members, answers, week)
            figures = await measure_database(url, members, sizes)
            results[f"{members}m_{answers}a"] = {
                "members": members,
                "answers": answers,
                "seed_seconds": seconds,
                **figures,
            }
            await cluster.admin(f"DROP DATABASE {url.rsplit('/', 1)[-1]}")
    return results


async def measure_database(path: Path | str, members: int, sizes: Sizes) -> dict[str, Any]:
    clock = ManualClock()
    db = Database(path)
    await db.open()
    try:
        service = TriviaService(
            db.trivia, QuestionBank.from_pack(load_film_pack(PROJECT_ROOT / "data")), clock
        )
        middle = await median_ranked_member(service, members)
        repeats = sizes.storage_repeats

        def board(period: str = "all-time", page: int = 0, sort: str = "points") -> Any:
            return lambda: service.leaderboard(
                GUILD, sort=sort, period=period, page=page, member_id=middle
            )

        return {
            "leaderboard_page_ms": await time_calls(board(), repeats),
            "leaderboard_page10_ms": await time_calls(board(page=10), repeats),
            "leaderboard_week_ms": await time_calls(board("week"), repeats),
            "leaderboard_accuracy_ms": await time_calls(board(sort="accuracy"), repeats),
            "stats_ms": await time_calls(lambda: service.stats(GUILD, middle), repeats),
        }
    finally:
        await db.close()


async def median_ranked_member(service: TriviaService, members: int) -> int:
    """A member halfway down the board: their own-rank line is on every page they open."""
    page = (members // 2) // 10
    board = await service.leaderboard(
        GUILD, sort="points", period="all-time", page=page, member_id=FIRST_MEMBER
    )
    return board.rows[0].member_id if board.rows else FIRST_MEMBER


async def storage_costs(sizes: Sizes) -> dict[str, Any]:
    results: dict[str, Any] = {}
    week = week_key(ManualClock().now())
    with tempfile.TemporaryDirectory(prefix="lantern-bench-db-") as scratch:
        for members in sizes.storage_members:
            for answers in sizes.storage_answers:
                path = Path(scratch) / f"m{members}-a{answers}.sqlite3"
                await create_schema(path)
                seconds = seed(path, members, answers, week)
                figures = await measure_database(path, members, sizes)
                results[f"{members}m_{answers}a"] = {
                    "members": members,
                    "answers": answers,
                    "seed_seconds": seconds,
                    **figures,
                }
                path.unlink()
    return results
