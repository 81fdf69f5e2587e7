"""Several processes on one database, each running a shard range: each one's schedulers act
for its own guilds only, and where they must agree (who syncs the command tree, who posts a
guild's daily quote) the database decides. On both backends."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.discussion.service import DiscussionService
from lantern.pack import load_film_pack
from lantern.quotes.index import QuoteIndex
from lantern.quotes.service import QuoteService
from lantern.shards import ShardRange
from lantern.trivia.bank import QuestionBank
from lantern.trivia.service import QuizRequest, TriviaService
from lantern.watchparty.model import WatchParty
from lantern.watchparty.service import WatchPartyService

PACK = load_film_pack(Path(__file__).resolve().parents[2] / "data")
FIRST, SECOND = ShardRange(2, (0,)), ShardRange(2, (1,))
GUILD_ON_0, GUILD_ON_1 = 1000 << 22, 1001 << 22
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def test_recovery_ends_only_the_quizzes_of_our_own_guilds(db: Database) -> None:
    clock = ManualClock(NOON)
    bank = QuestionBank.from_pack(PACK)
    running = TriviaService(db.trivia, bank, clock, random.Random(1))
    for guild, channel in ((GUILD_ON_0, 1), (GUILD_ON_1, 2)):
        await running.start_quiz(QuizRequest(guild_id=guild, channel_id=channel, starter_id=9))
    restarted = TriviaService(db.trivia, bank, clock, random.Random(2))  # shard 0's process
    interrupted = await restarted.recover_interrupted(FIRST.owns)
    assert [quiz.info.guild_id for quiz in interrupted] == [GUILD_ON_0]
    still = await db.trivia.running_quizzes()
    assert [quiz.guild_id for quiz in still] == [GUILD_ON_1]  # the other process's quiz lives


async def test_each_process_posts_the_daily_quotes_of_its_guilds_once(db: Database) -> None:
    clock = ManualClock(NOON)
    index = QuoteIndex.from_pack(PACK)
    first, second = (QuoteService(db.quotes, index, clock) for _ in range(2))
    for guild in (GUILD_ON_0, GUILD_ON_1):
        await first.configure_daily(guild, guild + 1, 13, 5)
    clock.advance(timedelta(hours=1).total_seconds())
    posts = await asyncio.gather(
        first.claim_due_daily_posts(FIRST.owns), second.claim_due_daily_posts(SECOND.owns)
    )
    assert [[p.schedule.guild_id for p in found] for found in posts] == [[GUILD_ON_0], [GUILD_ON_1]]
    # A process that (wrongly) served every guild would still not post a second time today.
    assert await first.claim_due_daily_posts() == []


async def test_of_processes_racing_to_claim_a_change_exactly_one_wins(db: Database) -> None:
    key = "command_sync_hash:global"
    wins = await asyncio.gather(*(db.core.swap_meta(key, None, "new") for _ in range(5)))
    assert sorted(wins) == [False] * 4 + [True]
    wins = await asyncio.gather(*(db.core.swap_meta(key, "new", "newer") for _ in range(5)))
    assert sorted(wins) == [False] * 4 + [True]
    assert await db.core.get_meta(key) == "newer"
    assert await db.core.swap_meta(key, "newer", None) and await db.core.get_meta(key) is None


async def test_each_process_posts_the_weekly_prompts_of_its_guilds(db: Database) -> None:
    clock = ManualClock(NOON)
    first, second = (DiscussionService(db.discussion, PACK.prompts, clock) for _ in range(2))
    for guild in (GUILD_ON_0, GUILD_ON_1):
        await first.set_weekly(guild, guild + 1, NOON.weekday(), 13, 5)
    clock.advance(timedelta(hours=1).total_seconds())
    posts = await asyncio.gather(
        first.claim_due_weekly(FIRST.owns), second.claim_due_weekly(SECOND.owns)
    )
    # A process must not claim a slot of a guild it cannot see: it would skip it, lost.
    assert [[p.schedule.guild_id for p in found] for found in posts] == [[GUILD_ON_0], [GUILD_ON_1]]


async def test_each_process_runs_the_watch_parties_of_its_guilds(db: Database) -> None:
    clock = ManualClock(NOON)
    first, second = (WatchPartyService(db.watchparty, clock, 120) for _ in range(2))
    start = NOON + timedelta(minutes=30)
    for number, guild in enumerate((GUILD_ON_0, GUILD_ON_1)):
        party = WatchParty(
            500 + number, guild, guild + 1, start, start + timedelta(hours=2), None, 5
        )
        await first.record(party)
    clock.advance(timedelta(hours=3).total_seconds())
    for claim in ("claim_due_starts", "claim_due_ends"):
        found = await asyncio.gather(
            getattr(first, claim)(FIRST.owns), getattr(second, claim)(SECOND.owns)
        )
        assert [[p.guild_id for p in parties] for parties in found] == [[GUILD_ON_0], [GUILD_ON_1]]
