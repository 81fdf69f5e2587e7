"""Interaction latency: INTERACTION_CREATE sent -> callback received, one at a time and in bursts.

Floor: `/ping` on the bare bot. Lantern: `/quote search`, a scoring trivia click (its answer is
committed before the acknowledgement), `/trivia leaderboard`, `/discuss prompt` (the prompt is
the response; its thread opens after it) and `/ratings` over seeded ratings (the callback defers;
the chart follows); on PostgreSQL (a throwaway server of the benchmark's own) the click and the
leaderboard, the commands that write and read the scores.

Both bots run at once, each on its own loopback, and take turns: ten requests each in the
one-at-a-time runs, burst by burst. A slow spell of a shared machine then hits both alike, and each Lantern
command is compared with the floor measured beside it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from operator import methodcaller
from typing import Any

from bench.probe import Pending
from bench.report import STATS
from bench.sizes import Sizes
from bench.stage import Stage, loopback, running
from bench.stats import median, summary
from loopback_discord.state import Message

SEARCH_TEXT = "promise"
SETTLE = 0.2  # seconds for a batch's trailing work to finish before the next one
QUIZ_ROUNDS, QUIZ_SECONDS = 3, 120
# One-at-a-time requests per turn: short enough that both bots see the same spell of machine
# load, long enough that each request does not follow the other bot's (cold caches for both).
TURN = 10
RATED_MEMBERS = 200
Rows = dict[str, Any]
ALL_COMMANDS = ("quote_search", "trivia_click", "trivia_leaderboard", "discuss_prompt", "ratings")
POSTGRES_COMMANDS = ("trivia_click", "trivia_leaderboard")


@dataclass(frozen=True)
class Side:
    """One bot under measurement and how to build its next interaction."""

    stage: Stage
    make: Callable[[], Pending]

    def one_at_a_time(self, count: int) -> Awaitable[list[Pending]]:
        return self.stage.probe.one_at_a_time(self.make, count)

    def burst(self, size: int) -> Awaitable[list[Pending]]:
        return self.stage.probe.burst([self.make() for _ in range(size)])

    def cpu_seconds(self) -> float:
        assert self.stage.bot is not None
        return self.stage.bot.cpu_seconds()


def describe(batch: list[Pending]) -> Rows:
    answered = [p.latency_ms for p in batch if p.ok]
    return {**summary(answered), "lost": len(batch) - len(answered), "samples_ms": answered}


async def interaction_round(sizes: Sizes, database_url: str | None = None) -> tuple[Rows, Rows]:
    """(the floor paired with each Lantern command, Lantern) from one fresh pair of bots;
    with `database_url`, Lantern on that (empty) PostgreSQL database, for POSTGRES_COMMANDS."""
    commands = ALL_COMMANDS if database_url is None else POSTGRES_COMMANDS
    async with (
        loopback() as floor_stage,
        loopback(sizes.crowd, database_url=database_url) as stage,
        running(floor_stage, "floor"),
        running(stage, "lantern"),
    ):
        return await measure_commands(floor_stage, stage, sizes, commands)


async def measure_commands(
    floor_stage: Stage, stage: Stage, sizes: Sizes, commands: tuple[str, ...] = ALL_COMMANDS
) -> tuple[Rows, Rows]:
    ping = Side(floor_stage, slash(floor_stage, "ping", "general"))
    floor, lantern = {}, {}
    if "quote_search" in commands:
        search = Side(stage, slash(stage, "quote search", "general", text=SEARCH_TEXT))
        floor["quote_search"], lantern["quote_search"] = await paired(ping, search, sizes)
    clicks = await ScoringClicks.open(stage)
    floor["trivia_click"], lantern["trivia_click"] = await paired(
        ping, Side(stage, clicks.make), sizes
    )
    lantern["trivia_click"].update(await clicks.spread_and_count(sizes))
    board = Side(stage, slash(stage, "trivia leaderboard", "quiz"))
    floor["trivia_leaderboard"], lantern["trivia_leaderboard"] = await paired(ping, board, sizes)
    if "discuss_prompt" in commands:
        prompt = Side(stage, slash(stage, "discuss prompt", "general"))
        floor["discuss_prompt"], lantern["discuss_prompt"] = await paired(ping, prompt, sizes)
    if "ratings" in commands:
        seed_ratings(stage, RATED_MEMBERS)  # SQLite's file: the PostgreSQL round leaves it out
        ratings = Side(stage, slash(stage, "ratings", "quiz"))
        floor["ratings"], lantern["ratings"] = await paired(ping, ratings, sizes)
    lantern["loopback_violations"] = len(stage.server.recorder.violations)
    return floor, lantern


def seed_ratings(stage: Stage, count: int) -> None:
    """`count` members' ratings and reviews, written into the bot's database from outside (the
    `/ratings` being measured reads them; how they got there does not matter to it)."""
    guild_id = stage.server.world.guild.id
    rows = [
        (guild_id, 10_000 + n, 1 + (n * 7) % 10, f"Review {n}: the lighting stayed with me.",
         f"2026-11-{1 + n % 28:02d} 12:{n % 60:02d}:00")
        for n in range(count)
    ]  # fmt: skip
    with stage.connection() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO ratings (guild_id, member_id, score, review, rated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )


def slash(stage: Stage, command: str, channel: str, **options: Any) -> Callable[[], Pending]:
    """Builds Alice's `/command` in one of the world's channels."""
    world = stage.server.world
    return lambda: stage.probe.slash(command, world.alice, getattr(world, channel), **options)


async def paired(floor: Side, lantern: Side, sizes: Sizes) -> tuple[Rows, Rows]:
    """(floor rows, Lantern rows) by mode, the two taking turns throughout."""
    for side in (floor, lantern):
        await side.stage.probe.one_at_a_time(side.make, sizes.warmup)
    await asyncio.sleep(SETTLE)
    turn = min(TURN, sizes.sequential)
    some = methodcaller("one_at_a_time", turn)
    floor_rows, lantern_rows = await take_turns(floor, lantern, some, sizes.sequential // turn)
    rows = ({"one": floor_rows}, {"one": lantern_rows})
    for size in sizes.bursts:
        burst = methodcaller("burst", size)
        rows[0][f"burst{size}"], rows[1][f"burst{size}"] = await take_turns(
            floor, lantern, burst, 1
        )
    return rows


async def take_turns(
    floor: Side, lantern: Side, run: Callable[[Side], Awaitable[list[Pending]]], turns: int
) -> tuple[Rows, Rows]:
    """`run` on each side in turn, `turns` times: each side's latencies and its bot process's
    CPU time per interaction (its own work after each callback included: the figure other
    load on the machine disturbs least)."""
    cpu_before = floor.cpu_seconds(), lantern.cpu_seconds()
    done: tuple[list[Pending], list[Pending]] = ([], [])
    for _ in range(turns):
        done[0].extend(await run(floor))
        done[1].extend(await run(lantern))
    await asyncio.sleep(SETTLE)  # follow-up work (original_response, edits) counts too
    return (
        with_cpu(describe(done[0]), floor, cpu_before[0]),
        with_cpu(describe(done[1]), lantern, cpu_before[1]),
    )


def with_cpu(row: Rows, side: Side, cpu_before: float) -> Rows:
    spent = side.cpu_seconds() - cpu_before
    return {**row, "cpu_ms_each": round(spent * 1000 / max(row["n"] + row["lost"], 1), 4)}


@dataclass
class ScoringClicks:
    """Every click is a different member picking the right answer on one open question."""

    stage: Stage
    question: Message
    custom_id: str
    answers_before: int
    sent: int = 0

    @classmethod
    async def open(cls, stage: Stage) -> ScoringClicks:
        question, custom_id = await open_question(stage)
        return cls(stage, question, custom_id, await answers_recorded(stage))

    def make(self) -> Pending:
        (member,) = self.stage.members(1)
        self.sent += 1
        return self.stage.probe.click(self.question, self.custom_id, member)

    async def spread_and_count(self, sizes: Sizes) -> Rows:
        """Members clicking one after another within `spread_seconds`, then the answers the
        database holds against the clicks sent."""
        side = Side(self.stage, self.make)
        cpu_before = side.cpu_seconds()
        spread = [self.make() for _ in range(sizes.spread)]
        finished = await self.stage.probe.spread(spread, sizes.spread_seconds)
        await asyncio.sleep(SETTLE)
        return {
            "spread": with_cpu(describe(finished), side, cpu_before),
            "answers_committed": await answers_recorded(self.stage) - self.answers_before,
            "clicks_sent": self.sent,
        }


async def open_question(stage: Stage) -> tuple[Message, str]:
    driver, world = stage.driver, stage.server.world
    await driver.slash(
        "trivia start",
        user=world.alice,
        channel=world.quiz,
        rounds=QUIZ_ROUNDS,
        seconds=QUIZ_SECONDS,
    )
    seen = await driver.wait_for_message(world.quiz, lambda m: bool(m.buttons), timeout=10)
    ((quiz, number, correct),) = await stage.query(
        "SELECT quiz_id, number, correct_index FROM trivia_rounds ORDER BY id DESC LIMIT 1"
    )
    custom_id = f"trivia:q:{quiz}:{number}:{correct}"
    if custom_id not in {b.custom_id for b in seen.buttons}:
        raise RuntimeError(f"the question shows no button {custom_id}")
    return stage.server.state.messages[seen.id], custom_id


async def answers_recorded(stage: Stage) -> int:
    ((count,),) = await stage.query("SELECT COUNT(*) FROM trivia_answers")
    return int(count)


def combine_rounds(rounds: list[Rows]) -> Rows:
    """Several runs of the same measurement: the median of each statistic (one noisy run on a
    shared machine moves it less than pooling would), counts summed, samples pooled."""
    first = rounds[0]
    combined: Rows = {}
    for key, value in first.items():
        values = [r[key] for r in rounds]
        if isinstance(value, dict) and "p50_ms" in value:
            combined[key] = {
                **{s: median([v[s] for v in values]) for s in STATS},
                "worst_ms": max(v.get("worst_ms", v["max_ms"]) for v in values),
                "n": sum(v["n"] for v in values),
                "lost": sum(v["lost"] for v in values),
                "rounds": len(values),
                "samples_ms": [x for v in values for x in v["samples_ms"]],
            }
        elif isinstance(value, dict):
            combined[key] = combine_rounds(values)
        else:
            combined[key] = sum(values)
    return combined
