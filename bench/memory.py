"""Memory: resident set size after READY, each bot in its own fresh process, with 10/100/1,000
guilds on the loopback Discord; Lantern against the floor bot with the same intents. Split into
anonymous memory and mapped files where /proc gives it, to show where a difference lies."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.sizes import Sizes
from bench.stage import loopback, running
from bench.stats import ratio
from lantern.settings import PROJECT_ROOT

SETTLE_SECONDS = 1.0
MIB = 1024 * 1024
SHARDS = 4


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


def pack_without_twists(scratch: Path) -> Path:
    """A copy of the film pack (data/) whose film.toml has no [[twists]] tables: Lantern runs
    the same, with no twist rules for the ClaimDetector to compile (FILM_PACK_DIR points at it)."""
    pack = scratch / "pack-without-twists"
    shutil.copytree(PROJECT_ROOT / "data", pack)
    kept, skipping = [], False
    for line in (pack / "film.toml").read_text().splitlines(keepends=True):
        if line.startswith("["):
            skipping = line.strip() == "[[twists]]"
        if not skipping:
            kept.append(line)
    (pack / "film.toml").write_text("".join(kept))
    return pack


async def rss_with_env(guilds: int, kind: str, env: dict[str, str]) -> float:
    async with loopback(extra_guilds=guilds - 1) as stage:
        stage.extra_env = env
        async with running(stage, kind) as bot:
            await asyncio.sleep(SETTLE_SECONDS)
            return round(bot.rss() / MIB, 2)


def linear_fit(points: list[tuple[int, float]]) -> dict[str, float]:
    """Least squares RSS = fixed + per_guild * guilds: fixed MiB, per-guild KiB."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points) or 1.0
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return {"fixed_mib": round(mean_y - slope * mean_x, 2), "per_guild_kib": round(slope * 1024, 3)}


async def sharded_memory_costs(sizes: Sizes) -> dict[str, Any]:
    """Lantern SHARD_COUNT=4 SHARD_IDS=0-3 in one process against a bare AutoShardedBot with
    shard_count=4 and the same intents, each at every size; a linear fit per bot."""
    shards = {"SHARD_COUNT": str(SHARDS), "SHARD_IDS": f"0-{SHARDS - 1}"}
    rows: dict[str, Any] = {}
    for guilds in sizes.sharded_memory_guilds:
        started = time.perf_counter()
        floor = await rss_with_env(guilds, "floor_sharded", shards)
        lantern = await rss_with_env(guilds, "lantern", shards)
        rows[str(guilds)] = {
            "floor_mib": floor,
            "lantern_mib": lantern,
            "ratio": ratio(lantern, floor),
            "seconds": round(
                time.perf_counter() - started, 1
            ),  # both bots, loopback set-up included
        }
    fits = {
        kind: linear_fit([(int(g), row[f"{kind}_mib"]) for g, row in rows.items()])
        for kind in ("floor", "lantern")
    }
    return {"shards": SHARDS, "sizes": rows, "fit": fits}


async def twist_memory_costs(sizes: Sizes) -> dict[str, Any]:
    """Lantern with the film's twist rules and with a pack copy without them, against the floor."""
    guilds = sizes.twist_memory_guilds
    with tempfile.TemporaryDirectory(prefix="lantern-pack-") as scratch:
        plain = {"FILM_PACK_DIR": str(pack_without_twists(Path(scratch)))}
        floor = await rss_with_env(guilds, "floor", {})
        with_twists = await rss_with_env(guilds, "lantern", {})
        without = await rss_with_env(guilds, "lantern", plain)
    return {
        "guilds": guilds,
        "floor_mib": floor,
        "with_twists_mib": with_twists,
        "without_twists_mib": without,
        "ratio_with": ratio(with_twists, floor),
        "ratio_without": ratio(without, floor),
    }
