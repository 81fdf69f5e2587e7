"""Memory: resident set size after READY, each bot in its own fresh process, with 10/100/1,000
guilds on the loopback Discord; Lantern against the floor bot with the same intents. Split into
anonymous memory and mapped files where /proc gives it, to show where a difference lies."""

from __future__ import annotations

import asyncio
from typing import Any

from bench.sizes import Sizes
from bench.stage import loopback, running
from bench.stats import ratio

SETTLE_SECONDS = 1.0
MIB = 1024 * 1024


async def rss_after_ready(guilds: int, kind: str) -> dict[str, float]:
    """`{kind}_mib` (the RSS), plus `{kind}_anon_mib` and `{kind}_file_mib` where /proc says."""
    # A fresh loopback per bot: both see exactly the same guilds and nothing left by the other.
    async with loopback(extra_guilds=guilds - 1) as stage, running(stage, kind) as bot:
        await asyncio.sleep(SETTLE_SECONDS)  # background start-up work (daily loops, notes)
        parts = {f"{kind}_{part}_mib": size for part, size in bot.rss_split().items()}
        return {f"{kind}_mib": bot.rss()} | parts


async def memory_costs(sizes: Sizes) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for guilds in sizes.memory_guilds:
        floor = await rss_after_ready(guilds, "floor")
        lantern = await rss_after_ready(guilds, "lantern")
        row = {key: round(size / MIB, 2) for key, size in (floor | lantern).items()}
        results[str(guilds)] = row | {"ratio": ratio(row["lantern_mib"], row["floor_mib"])}
    return results
