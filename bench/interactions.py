"""Interaction latency: INTERACTION_CREATE sent -> callback received, one at a time and in bursts.

Floor: `/ping` on the bare bot. Lantern: `/quote search`, a scoring trivia click (its answer is
committed before the acknowledgement) and `/trivia leaderboard`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bench.probe import Pending
from bench.sizes import Sizes
from bench.stage import Stage, running
from bench.stats import median, summary
from loopback_discord.state import Message

SEARCH_TEXT = "promise"
SETTLE = 0.2  # seconds for a batch's trailing work to finish before the next one
QUIZ_ROUNDS, QUIZ_SECONDS = 3, 120


def describe(batch: list[Pending]) -> dict[str, Any]:
    answered = [p.latency_ms for p in batch if p.ok]
    return {**summary(answered), "lost": len(batch) - len(answered), "samples_ms": answered}


async def measure(
    stage: Stage, make: Callable[[], Pending], sizes: Sizes
) -> dict[str, dict[str, Any]]:
    probe = stage.probe
    await probe.one_at_a_time(make, sizes.warmup)
    await asyncio.sleep(SETTLE)
    results = {"one": await with_cpu(stage, probe.one_at_a_time(make, sizes.sequential))}
    for size in sizes.bursts:
        results[f"burst{size}"] = await with_cpu(stage, probe.burst([make() for _ in range(size)]))
    return results


async def with_cpu(stage: Stage, batch: Awaitable[list[Pending]]) -> dict[str, Any]:
    """The batch's latencies, and the bot process's CPU time per interaction (its own work
    after each callback included: the figure other load on the machine disturbs least)."""
    assert stage.bot is not None
    before = stage.bot.cpu_seconds()
    finished = await batch
    await asyncio.sleep(SETTLE)  # follow-up work (original_response, edits) counts too
    row = describe(finished)
    row["cpu_ms_each"] = round((stage.bot.cpu_seconds() - before) * 1000 / max(len(finished), 1), 4)
    return row


async def floor_latency(stage: Stage, sizes: Sizes) -> dict[str, Any]:
    world = stage.server.world
    async with running(stage, "floor"):
        return await measure(
            stage, lambda: stage.probe.slash("ping", world.alice, world.general), sizes
        )


async def lantern_latency(stage: Stage, sizes: Sizes) -> dict[str, Any]:
    world = stage.server.world
    async with running(stage, "lantern"):
        search = await measure(
            stage,
            lambda: stage.probe.slash("quote search", world.alice, world.general, text=SEARCH_TEXT),
            sizes,
        )
        clicks = await scoring_clicks(stage, sizes)
        board = await measure(
            stage, lambda: stage.probe.slash("trivia leaderboard", world.alice, world.quiz), sizes
        )
        violations = len(stage.server.recorder.violations)
    return {
        "quote_search": search,
        "trivia_click": clicks,
        "trivia_leaderboard": board,
        "loopback_violations": violations,
    }


async def scoring_clicks(stage: Stage, sizes: Sizes) -> dict[str, Any]:
    """Every click is a different member picking the right answer on one open question."""
    question, custom_id = await open_question(stage)
    before = answers_recorded(stage)

    def click() -> Pending:
        (member,) = stage.members(1)
        return stage.probe.click(question, custom_id, member)

    results = await measure(stage, click, sizes)
    spread = [click() for _ in range(sizes.spread)]
    results["spread"] = await with_cpu(stage, stage.probe.spread(spread, sizes.spread_seconds))
    sent = sizes.warmup + sizes.sequential + sum(sizes.bursts) + sizes.spread
    results["answers_committed"] = answers_recorded(stage) - before
    results["clicks_sent"] = sent
    return results


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
    ((quiz, number, correct),) = stage.sql(
        "SELECT quiz_id, number, correct_index FROM trivia_rounds ORDER BY id DESC LIMIT 1"
    )
    custom_id = f"trivia:q:{quiz}:{number}:{correct}"
    if custom_id not in {b.custom_id for b in seen.buttons}:
        raise RuntimeError(f"the question shows no button {custom_id}")
    return stage.server.state.messages[seen.id], custom_id


def answers_recorded(stage: Stage) -> int:
    ((count,),) = stage.sql("SELECT COUNT(*) FROM trivia_answers")
    return int(count)


def combine_rounds(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Several runs of the same measurement: the median of each statistic (one noisy run on a
    shared machine moves it less than pooling would), counts summed, samples pooled."""
    first = rounds[0]
    combined: dict[str, Any] = {}
    for key, value in first.items():
        values = [r[key] for r in rounds]
        if isinstance(value, dict) and "p50_ms" in value:
            combined[key] = {
                **{
                    s: median([v[s] for v in values])
                    for s in ("p50_ms", "p99_ms", "max_ms", "cpu_ms_each")
                },
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
