"""`python bot.py --copy-database URL`: a SQLite database made by the bot's own services
(quizzes, answers, a daily question, spoiler settings and tracking, quote searches, a daily
quote) arrives whole in an empty PostgreSQL database; a second run has nothing to do, a target
holding other rows is refused, and the copy works as the bot's database afterwards."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.database.copy import RANK_COUNTS_SQL
from lantern.discussion.weekly import WeeklySchedule
from lantern.identify import TURN_SPACING
from lantern.pack import load_film_pack
from lantern.quotes.index import QuoteFilter, QuoteIndex
from lantern.quotes.search import SavedSearch
from lantern.quotes.service import QuoteService
from lantern.ratings.model import Rating
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.policy import Mode
from lantern.spoilers.terms import clean_term
from lantern.trivia.bank import QuestionBank
from lantern.trivia.service import QuizRequest, TriviaService
from lantern.watchparty.model import WatchParty
from tests.pgcluster import PostgresCluster

PACK = load_film_pack(PROJECT_ROOT / "data")
GUILD, CHANNEL = 1_000_000_000_000_000_001, 77
MEMBERS = (11, 12, 13)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def make_history(path: Path) -> None:
    """A guild's life through the services and stores the cogs use."""
    db, clock = Database(path), ManualClock(NOW)
    await db.open()
    try:
        trivia = TriviaService(db.trivia, QuestionBank.from_pack(PACK), clock, random.Random(3))
        await trivia.update_settings(GUILD, default_seconds=30, typed_answers=False)
        await play_a_quiz(trivia, clock)
        daily, _ = await trivia.daily(GUILD, MEMBERS[0])
        await trivia.answer_daily(GUILD, MEMBERS[0], daily.day, daily.correct_index)
        quotes = QuoteService(db.quotes, QuoteIndex.from_pack(PACK), clock)
        await quotes.rebuild_search_index()
        await quotes.save_search(SavedSearch(555, GUILD, CHANNEL, MEMBERS[1], "jade", None))
        await quotes.configure_daily(GUILD, CHANNEL, 9, MEMBERS[2])
        await quotes.random_quote(GUILD, CHANNEL, QuoteFilter())
        await spoiler_history(db)
        await discussion_history(db)
        await db.core.set_meta("command_sync_hash:global", "0" * 64)  # what a sync records
        await db.core.claim_identify_turn(0, TURN_SPACING)  # what an IDENTIFY records
    finally:
        await db.close()


async def play_a_quiz(trivia: TriviaService, clock: ManualClock) -> None:
    quiz = await trivia.start_quiz(QuizRequest(guild_id=GUILD, channel_id=CHANNEL, starter_id=11))
    for number in range(2):
        live = await trivia.open_round(quiz)
        for offset, member in enumerate(MEMBERS):
            clock.advance(1)
            right = live.info.correct_index
            choice = right if member != MEMBERS[2] else (right + 1) % len(live.info.choices)
            await trivia.answer(
                quiz_id=quiz.id,
                number=live.info.number,
                member_id=member,
                choice_index=choice,
                interaction_id=10_000 + number * 10 + offset,
            )
        await trivia.close_round(quiz)
    await trivia.end_quiz(quiz, "finished")


async def discussion_history(db: Database) -> None:
    """A used prompt, a weekly prompt, a rating and a watch party."""
    await db.discussion.mark_prompt_used(GUILD, PACK.prompts[0].id, NOW)
    await db.discussion.set_weekly(WeeklySchedule(GUILD, CHANNEL, 4, 18, NOW), MEMBERS[0])
    await db.ratings.save_rating(Rating(GUILD, MEMBERS[1], 8, "Lovely ||colours||.", NOW))
    later = NOW + timedelta(days=2)
    party = WatchParty(4242, GUILD, CHANNEL, later, later + timedelta(hours=2), None, MEMBERS[2])
    await db.watchparty.add_party(party, NOW)


async def spoiler_history(db: Database) -> None:
    spoilers = db.spoilers
    await spoilers.set_spoiler_mode(GUILD, Mode("wrap"))
    await spoilers.add_spoiler_channel(GUILD, 88)
    await spoilers.add_spoiler_term(GUILD, clean_term("the twist"), MEMBERS[0], NOW)
    await spoilers.add_spoiler_exempt_role(GUILD, 99)
    await spoilers.record_spoiler_notice(GUILD, "missing", "Manage Messages", NOW)
    await spoilers.record_spoiler_tags(
        guild_id=GUILD, channel_id=CHANNEL, member_id=12, message_id=3, segments=2, now=NOW
    )
    violation = await spoilers.record_spoiler_violation(
        guild_id=GUILD,
        channel_id=CHANNEL,
        member_id=13,
        message_id=4,
        source="create",
        terms=["the twist"],
        now=NOW,
    )
    await spoilers.record_spoiler_action(
        violation_id=violation,
        action=Mode("wrap"),
        configured=Mode("wrap"),
        outcome="done",
        detail="",
        now=NOW,
    )


def copy_command(source: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "bot.py", "--copy-database", url],
        cwd=PROJECT_ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_PATH": str(source), "LOG_FILE": "off"},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def table_rows(db: Database, table: str) -> list[tuple[object, ...]]:
    columns = "quote_id, spoiler, body" if table == "quote_fts" else "*"
    rows = await db._fetchall(f"SELECT {columns} FROM {table}")
    return sorted((tuple(row) for row in rows), key=repr)


@pytest.fixture
async def source(tmp_path: Path) -> Path:
    path = tmp_path / "lantern.sqlite3"
    await make_history(path)
    return path


async def test_every_table_arrives_and_a_second_run_has_nothing_to_do(
    source: Path, postgres_cluster: PostgresCluster
) -> None:
    url = await postgres_cluster.new_database(migrated=False)
    first = copy_command(source, url)
    assert first.returncode == 0, first.stderr
    assert "trivia_answers: 6 rows" in first.stdout
    assert "every table's count matches" in first.stdout

    second = copy_command(source, url)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().startswith("Nothing to do:"), second.stdout

    sqlite, postgres = Database(source), Database(url)
    await sqlite.open()
    await postgres.open()
    try:
        from lantern.database.copy import copy_order

        tables = await copy_order(sqlite)
        assert {"trivia_answers", "trivia_daily", "spoiler_actions", "quote_searches"} <= set(
            tables
        )
        for table in tables:
            expected = await table_rows(sqlite, table)
            assert expected, f"the history left {table} empty: the test would prove nothing"
            assert await table_rows(postgres, table) == expected, table
        counts = sorted(map(tuple, await sqlite._fetchall(RANK_COUNTS_SQL)))
        assert sorted(map(tuple, await postgres._fetchall(RANK_COUNTS_SQL))) == counts
        await the_copy_works_as_the_bots_database(sqlite, postgres)
    finally:
        await sqlite.close()
        await postgres.close()


async def the_copy_works_as_the_bots_database(sqlite: Database, postgres: Database) -> None:
    for sort in ("points", "accuracy", "streak"):
        assert await postgres.trivia.leaderboard_rows(
            GUILD, sort, None, 0, 10
        ) == await sqlite.trivia.leaderboard_rows(GUILD, sort, None, 0, 10)
    new_quiz = await postgres.trivia.create_quiz(
        guild_id=GUILD,
        channel_id=CHANNEL + 1,
        starter_id=11,
        rounds=1,
        seconds=20,
        difficulty="mixed",
        spoilers=False,
        started_at=NOW + timedelta(days=1),
    )
    assert new_quiz == 2  # ids go on after the copied ones


async def test_a_target_holding_rows_is_refused_and_left_alone(
    source: Path, postgres_cluster: PostgresCluster
) -> None:
    url = await postgres_cluster.new_database()
    db = Database(url)
    await db.open()
    await db.core.set_meta("someone", "else's")
    await db.close()
    refused = copy_command(source, url)
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("error: ") and "is not empty: meta (1 rows)" in line, line
    db = Database(url)
    await db.open()
    try:
        assert await db._fetchall("SELECT * FROM trivia_answers") == []
    finally:
        await db.close()
