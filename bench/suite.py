"""The whole suite: floor and Lantern latency, chat, storage, memory; ratios and targets."""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.charts import chart_costs
from bench.chat import chat_costs
from bench.interactions import combine_rounds, interaction_round
from bench.memory import (
    fixed_cost_parts,
    memory_costs,
    sharded_memory_costs,
    twist_memory_costs,
)
from bench.postgres import postgres_costs
from bench.sizes import Sizes
from bench.spoiler_burst import spoiler_burst
from bench.storage import storage_costs


async def run_suite(sizes: Sizes, log: Any = print) -> dict[str, Any]:
    started = time.perf_counter()
    results: dict[str, Any] = {
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": report.git_revision(),
        "machine": report.machine(),
        "sizes": asdict(sizes),
    }
    log("interactions: floor and Lantern taking turns through two loopback Discords ...")
    floors, lanterns = [], []
    for _ in range(sizes.interaction_rounds):
        floor_paired, lantern = await interaction_round(sizes)
        floors.append(floor_paired)
        lanterns.append(lantern)
    floor_paired, lantern = combine_rounds(floors), combine_rounds(lanterns)
    results["interactions"] = {
        # The floor of the table and the plot: its runs beside each Lantern command, combined.
        "floor": combine_rounds(list(floor_paired.values())),
        "floor_paired": floor_paired,
        "lantern": lantern,
        "ratios": report.interaction_ratios(floor_paired, lantern),
    }
    log("chat: message handling and the scanner ...")
    results["chat"] = await chat_costs(sizes)
    log("spoiler burst: messages needing the twist rules against slash commands ...")
    results["spoiler_burst"] = await spoiler_burst(sizes)
    log("storage: seeding databases and timing queries ...")
    results["storage"] = await storage_costs(sizes)
    log("charts: the /ratings chart's import and render costs ...")
    results["charts"] = await chart_costs(sizes)
    log("PostgreSQL: scoring click and leaderboard taking turns with the floor, storage ...")
    results["postgres"] = await postgres_costs(sizes)
    log("memory: RSS after READY, one process per bot ...")
    results["memory"] = await memory_costs(sizes)
    results |= await memory_sections(sizes, log)
    results["targets"] = report.targets(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


async def memory_sections(sizes: Sizes, log: Any = print) -> dict[str, Any]:
    """The sharded and twist-rule memory runs, and what Lantern's fixed memory is made of."""
    log("memory: 4 shards in one process, Lantern and a bare AutoShardedBot ...")
    sharded = await sharded_memory_costs(sizes, log)
    log("memory: Lantern with and without the film's twist rules ...")
    twists = await twist_memory_costs(sizes, log)
    log("memory: Lantern's start-up step by step ...")
    parts = await fixed_cost_parts()
    return {"memory_sharded": sharded, "memory_twists": twists, "memory_parts": parts}


def publish(results: dict[str, Any], results_dir: Path, docs_dir: Path | None) -> list[Path]:
    """bench/results/<time>.json (with raw samples); docs/benchmarks.json and docs/latency.png."""
    stamp = results["taken_at"].replace(":", "").replace("+0000", "Z")
    written = [results_dir / f"bench-{stamp}.json"]
    report.write_json(results, written[0], samples=True)
    if docs_dir is not None:
        report.write_json(results, docs_dir / "benchmarks.json", samples=False)
        report.plot(results, docs_dir / "latency.png")
        written += [docs_dir / "benchmarks.json", docs_dir / "latency.png"]
    return written
