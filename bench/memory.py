"""Memory: resident set size after READY, each bot in its own fresh process, with 10/100/1,000
guilds on the loopback Discord; Lantern against the floor bot with the same intents. Split into
anonymous memory and mapped files where /proc gives it, to show where a difference lies."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable
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


async def rss_with_env(
    guilds: int, kind: str, env: dict[str, str], identify_at_once: int = 1
) -> float:
    """RSS (MiB) after READY of one fresh bot process with `env` on top of the bench's settings;
    `identify_at_once`: the loopback's session_start_limit.max_concurrency."""
    async with loopback(extra_guilds=guilds - 1) as stage:
        stage.extra_env = env
        stage.server.max_concurrency = identify_at_once
        async with running(stage, kind) as bot:
            await asyncio.sleep(SETTLE_SECONDS)
            return round(bot.rss() / MIB, 2)


async def measured(log: Any, label: str, measure: Awaitable[float]) -> dict[str, Any]:
    """`{"mib": ...}`, or `{"error": ...}` when the run fails, so the other runs still count."""
    try:
        mib = await measure
    except Exception as error:  # a bot that did not start, a loopback that closed a shard
        log(f"  {label}: failed: {str(error)[:2000]}")
        return {"error": str(error)[-2000:]}
    log(f"  {label}: {mib} MiB")
    return {"mib": mib}


def linear_fit(points: list[tuple[int, float]]) -> dict[str, float] | None:
    """Least squares RSS = fixed + per_guild * guilds: fixed MiB, per-guild KiB (None below
    two points)."""
    n = len(points)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points) or 1.0
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return {"fixed_mib": round(mean_y - slope * mean_x, 2), "per_guild_kib": round(slope * 1024, 3)}


async def sharded_memory_costs(sizes: Sizes, log: Any = print) -> dict[str, Any]:
    """Lantern SHARD_COUNT=4 SHARD_IDS=0-3 in one process against a bare AutoShardedBot with
    shard_count=4 and the same intents, each at every size; a linear fit per bot. The loopback
    lets all 4 shards identify at once (max_concurrency 4) for both: Lantern follows it, the
    bare bot keeps discord.py's fixed 5 s between shards. A size that fails is kept as its error
    and the others still count."""
    shards = {"SHARD_COUNT": str(SHARDS), "SHARD_IDS": f"0-{SHARDS - 1}"}
    rows: dict[str, Any] = {}
    for guilds in sizes.sharded_memory_guilds:
        started = time.perf_counter()
        row: dict[str, Any] = {}
        for kind, process in (("floor", "floor_sharded"), ("lantern", "lantern")):
            result = await measured(
                log,
                f"{guilds:,} guilds, {kind}",
                rss_with_env(guilds, process, shards, identify_at_once=SHARDS),
            )
            row |= {f"{kind}_{key}": value for key, value in result.items()}
        if "floor_mib" in row and "lantern_mib" in row:
            row["ratio"] = ratio(row["lantern_mib"], row["floor_mib"])
        row["seconds"] = round(time.perf_counter() - started, 1)  # both bots, loopbacks included
        rows[str(guilds)] = row
    fits = {
        kind: linear_fit(
            [(int(g), row[f"{kind}_mib"]) for g, row in rows.items() if f"{kind}_mib" in row]
        )
        for kind in ("floor", "lantern")
    }
    return {"shards": SHARDS, "sizes": rows, "fit": fits}


async def twist_memory_costs(sizes: Sizes, log: Any = print) -> dict[str, Any]:
    """Lantern with the film's twist rules and with a pack copy without them, against the floor."""
    guilds = sizes.twist_memory_guilds
    result: dict[str, Any] = {"guilds": guilds}
    with tempfile.TemporaryDirectory(prefix="lantern-pack-") as scratch:
        plain = {"FILM_PACK_DIR": str(pack_without_twists(Path(scratch)))}
        for name, kind, env in (
            ("floor", "floor", {}),
            ("with_twists", "lantern", {}),
            ("without_twists", "lantern", plain),
        ):
            run = await measured(log, f"{guilds:,} guilds, {name}", rss_with_env(guilds, kind, env))
            result |= {f"{name}_{key}": value for key, value in run.items()}
    for name in ("with", "without"):
        if f"{name}_twists_mib" in result and "floor_mib" in result:
            result[f"ratio_{name}"] = ratio(result[f"{name}_twists_mib"], result["floor_mib"])
    return result


async def fixed_cost_parts() -> list[dict[str, Any]]:
    """`python -m bench.memory_parts` in a fresh process: Lantern's start-up step by step."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.memory_parts",
        cwd=PROJECT_ROOT,
        env=os.environ | {"PYTHONPATH": str(PROJECT_ROOT)},
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"bench.memory_parts exited with {process.returncode}")
    return json.loads(output)
