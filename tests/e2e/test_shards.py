"""Lantern at scale through the loopback Discord: two bot processes (`python bot.py`), two
shards each of four, 40 guilds, one PostgreSQL. Quizzes run in guilds of both processes at
once and every click is answered (the loopback sends a guild's interactions only to the
shard that owns it); the command tree is synced once; a daily quote is posted once in every
guild; one process is SIGKILLed and restarted: its guilds come back with nothing acknowledged
lost, and the other process goes on answering throughout. Started at the same moment, the
processes take turns to IDENTIFY through the database: Discord refuses none (on SQLite files of
their own, which cannot tell each other anything, it does)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from lantern.database import Database
from lantern.settings import PROJECT_ROOT
from lantern.shards import shard_of
from loopback_discord import Driver, LoopbackDiscord, SeenMessage
from loopback_discord.process import SubprocessBot, bot_environment

pytestmark = [pytest.mark.e2e, pytest.mark.lantern(start=False)]

SHARDS = 4
RANGES = {"first": (0, 1), "second": (2, 3)}
SYNC_ROUTE = "PUT /applications/{application_id}/commands"
DAILY_TITLE = "Quote of the day"


def owner_of(channel: Any) -> str:
    shard = shard_of(channel.guild_id, SHARDS)
    return next(name for name, ids in RANGES.items() if shard in ids)


def is_question(message: SeenMessage) -> bool:
    return bool(message.embeds and (message.embeds[0].title or "").startswith("Question"))


async def schedule_daily_quotes(url: str, channels: list[Any]) -> None:
    """Every guild's daily quote due a minute ago, as `/quote daily` leaves it once its hour
    has come (the bots run on the real clock, which the test cannot move)."""
    now = datetime.now(UTC)
    db = Database(url)
    await db.open()
    try:
        for channel in channels:
            await db.quotes.set_daily_quote(
                channel.guild_id, channel.id, now.hour, now - timedelta(minutes=1), 1
            )
    finally:
        await db.close()


def shard_processes(
    server: LoopbackDiscord, database: Callable[[str], dict[str, str]]
) -> dict[str, SubprocessBot]:
    """A `bot.py` process per shard range, each on the database `database(name)` names."""
    return {
        name: SubprocessBot(
            [sys.executable, "bot.py"],
            env=bot_environment(server)
            | database(name)
            | {
                "SHARD_COUNT": str(SHARDS),
                "SHARD_IDS": f"{ids[0]}-{ids[-1]}",
                "LOG_FILE": "off",
            },
            cwd=PROJECT_ROOT,
        )
        for name, ids in RANGES.items()
    }


@pytest.fixture
async def processes(
    discord: Driver, loopback_server: LoopbackDiscord, postgres_url: str, tmp_path: Path
) -> AsyncIterator[dict[str, SubprocessBot]]:
    loopback_server.max_concurrency = SHARDS  # every shard may identify at once
    shared = {"DATABASE_URL": postgres_url, "DATABASE_PATH": str(tmp_path / "unused.sqlite3")}
    bots = shard_processes(loopback_server, lambda _name: shared)
    try:
        yield bots
    finally:
        for bot in bots.values():
            await bot.stop()


async def start_all(discord: Driver, bots: dict[str, SubprocessBot]) -> None:
    await asyncio.gather(*(bot.start() for bot in bots.values()))
    await discord.wait_until_ready(timeout=30, identifies=SHARDS)
    await discord.wait_for_commands(timeout=30)


async def test_two_processes_share_forty_guilds(
    discord: Driver,
    loopback_server: LoopbackDiscord,
    processes: dict[str, SubprocessBot],
    postgres_url: str,
    alice: Any,
    bob: Any,
) -> None:
    carol = discord.add_user("carol")
    channels = [discord.general] + [
        discord.add_guild(f"Guild {n}", members=[alice, bob, carol]) for n in range(39)
    ]
    assert {owner_of(c) for c in channels} == set(RANGES)
    await schedule_daily_quotes(postgres_url, channels)
    await start_all(discord, processes)

    assert len(loopback_server.recorder.requests_to(SYNC_ROUTE)) == 1  # one process synced
    for name, bot in processes.items():  # what each process says at start-up
        first_id, last_id = RANGES[name]
        owned = sum(owner_of(c) == name for c in channels)
        line = f"Ready: shards {first_id}-{last_id} of {SHARDS}, {owned} guilds"
        await discord.wait_until(lambda bot=bot, line=line: line in bot.output(), timeout=15)
    await every_guild_gets_one_daily_quote(discord, channels)

    first = next(c for c in channels if owner_of(c) == "first")
    second = next(c for c in channels if owner_of(c) == "second")
    questions = {c.id: await start_quiz(discord, c, alice) for c in (first, second)}
    for channel in (first, second):  # each answered by the process owning its guild
        reply = await discord.click(
            questions[channel.id], first_label(questions[channel.id]), user=alice
        )
        assert "You picked" in reply.content

    await processes["first"].kill()  # SIGKILL: no shutdown code runs
    reply = await discord.click(questions[second.id], first_label(questions[second.id]), user=bob)
    assert "You picked" in reply.content  # the other process never noticed
    await processes["first"].start()
    await discord.wait_until_ready(timeout=30, identifies=SHARDS + 2)

    note = await discord.wait_for_message(first, lambda m: "interrupted" in m.content, timeout=20)
    assert "kept" in note.content
    stats = await discord.slash("trivia stats", user=alice, channel=first)
    assert {f.name: f.value for f in stats.embed.fields}["Answered"] == "1"  # nothing lost
    board = await discord.slash("trivia leaderboard", user=bob, channel=second)
    assert {f"<@{alice.id}>", f"<@{bob.id}>"} <= set(board.embed.description.split())
    # The restarted process ended its own interrupted quiz only: the other's still scores.
    reply = await discord.click(questions[second.id], first_label(questions[second.id]), user=carol)
    assert "You picked" in reply.content
    assert not any("interrupted" in m.content for m in discord.history(second))
    await discord.settle()
    await every_guild_gets_one_daily_quote(discord, channels)  # the restart posts none again
    assert discord.identify_refused == 0  # the restarted process waited for its turns


async def test_processes_started_together_take_turns_to_identify(
    discord: Driver, loopback_server: LoopbackDiscord, processes: dict[str, SubprocessBot]
) -> None:
    channels = [discord.general] + [discord.add_guild(f"Guild {n}") for n in range(7)]
    # Shards 0 and 2 (one in each process) share bucket 0, shards 1 and 3 bucket 1.
    loopback_server.max_concurrency = 2
    await start_all(discord, processes)
    for shard in range(SHARDS):
        line = f"Shard {shard} of {SHARDS} ready"
        await discord.wait_until(lambda line=line: line in all_output(processes), timeout=15)
    assert discord.identify_refused == 0
    assert all(loopback_server.gateway.sessions[(shard, SHARDS)] for shard in range(SHARDS))
    assert {owner_of(c) for c in channels} == set(RANGES)
    # The processes met: one waited for the turn the other had just taken.
    assert "for its IDENTIFY turn" in all_output(processes)


@pytest.mark.lantern(start=False, refused_identifies=True)
async def test_without_a_shared_database_processes_started_together_are_refused(
    discord: Driver, loopback_server: LoopbackDiscord, tmp_path: Path
) -> None:
    """The same start, each process on a SQLite file of its own: each paces only itself."""
    loopback_server.max_concurrency = 2
    bots = shard_processes(
        loopback_server, lambda name: {"DATABASE_PATH": str(tmp_path / f"{name}.sqlite3")}
    )
    try:
        await start_all(discord, bots)  # the refused shards identify again after their wait
        assert discord.identify_refused >= 1
    finally:
        for bot in bots.values():
            await bot.stop()


def all_output(bots: dict[str, SubprocessBot]) -> str:
    return "\n".join(bot.output() for bot in bots.values())


async def every_guild_gets_one_daily_quote(discord: Driver, channels: list[Any]) -> None:
    def posted(channel: Any) -> int:
        return sum(
            1
            for m in discord.history(channel)
            if m.embeds and (m.embeds[0].title or "") == DAILY_TITLE
        )

    await discord.wait_until(lambda: all(posted(c) >= 1 for c in channels), timeout=30)
    await discord.settle()
    assert [posted(c) for c in channels] == [1] * len(channels)


async def start_quiz(discord: Driver, channel: Any, user: Any) -> SeenMessage:
    started = await discord.slash("trivia start", user=user, channel=channel, rounds=2, seconds=120)
    assert "started a trivia quiz" in started.content
    return await discord.wait_for_message(
        channel, lambda m: is_question(m) and bool(m.buttons), timeout=15
    )


def first_label(question: SeenMessage) -> str:
    return next(label for label in question.button_labels if label)
