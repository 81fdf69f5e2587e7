"""The benchmark suite at tiny sizes: it runs end to end and its figures are well formed.
No timing is asserted (these machines are shared and noisy); only shapes and counts."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from bench.interactions import TURN
from bench.report import COMMANDS, table
from bench.sizes import TINY
from bench.suite import publish, run_suite

pytestmark = pytest.mark.slow


def positive(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


async def test_the_suite_runs_at_tiny_sizes_and_writes_well_formed_figures(tmp_path: Path) -> None:
    results = await run_suite(TINY, log=lambda _: None)

    floor, lantern = results["interactions"]["floor"], results["interactions"]["lantern"]
    rounds = TINY.interaction_rounds
    # Interactions each bot was sent per mode in a round: whole turns one at a time, then bursts.
    sent = {"one": TINY.sequential // min(TURN, TINY.sequential) * min(TURN, TINY.sequential)}
    sent |= {f"burst{n}": n for n in TINY.bursts}
    modes = set(sent)
    assert set(floor) == modes
    assert all(floor[mode]["n"] == len(COMMANDS) * rounds * sent[mode] for mode in modes)
    paired = results["interactions"]["floor_paired"]
    assert {command: set(rows) for command, rows in paired.items()} == dict.fromkeys(
        COMMANDS, modes
    )
    for command in COMMANDS:
        for mode in modes:
            row = lantern[command][mode]
            assert row["lost"] == 0, (command, mode)
            assert row["n"] == len(row["samples_ms"]) == rounds * sent[mode], (command, mode)
            assert 0 < row["p50_ms"] <= row["p99_ms"] <= row["max_ms"]
    click = lantern["trivia_click"]
    assert click["clicks_sent"] == rounds * (TINY.warmup + sum(sent.values()) + TINY.spread)
    assert click["answers_committed"] == click["clicks_sent"]
    assert click["spread"]["n"] == TINY.spread
    assert lantern["loopback_violations"] == 0

    chat = results["chat"]
    terms, lengths = {str(n) for n in TINY.chat_terms}, {str(n) for n in TINY.chat_lengths}
    assert set(chat["floor"]) == lengths
    assert {t: set(by_length) for t, by_length in chat["lantern"].items()} == dict.fromkeys(
        terms, lengths
    )
    assert all(
        positive(r) for by_length in chat["scanner_msgs_per_s"].values() for r in by_length.values()
    )
    for kind in ("cpu", "wall"):
        ratios = chat["ratios"][kind]
        assert {t: set(by_length) for t, by_length in ratios.items()} == dict.fromkeys(
            terms, lengths
        )
        assert all(
            isinstance(r, float) for by_length in ratios.values() for r in by_length.values()
        )

    assert len(results["storage"]) == len(TINY.storage_members) * len(TINY.storage_answers)
    for row in results["storage"].values():
        assert positive(row["leaderboard_page_ms"]["p50_ms"])
        assert positive(row["stats_ms"]["p99_ms"])

    assert set(results["memory"]) == {str(n) for n in TINY.memory_guilds}
    for row in results["memory"].values():
        assert row["floor_mib"] > 10 and row["lantern_mib"] > 10 and positive(row["ratio"])
        for kind in ("floor", "lantern"):
            if not sys.platform.startswith("linux"):
                continue  # only Linux's /proc splits the RSS
            parts = row[f"{kind}_anon_mib"] + row[f"{kind}_file_mib"]
            assert 0.8 * row[f"{kind}_mib"] <= parts <= 1.05 * row[f"{kind}_mib"]
    sharded = results["memory_sharded"]
    assert set(sharded["sizes"]) == {str(n) for n in TINY.sharded_memory_guilds}
    assert all(positive(row["ratio"]) for row in sharded["sizes"].values())
    assert all(fit is not None for fit in sharded["fit"].values())
    assert set(sharded["fit"]) == {"floor", "lantern"}
    twists = results["memory_twists"]
    assert positive(twists["ratio_with"]) and positive(twists["ratio_without"])
    parts = results["memory_parts"]
    assert len(parts) >= 5 and all(positive(part["rss"]) for part in parts)
    postgres = results["postgres"]
    pg_click = postgres["interactions"]["lantern"]["trivia_click"]
    assert set(postgres["interactions"]["lantern"]) >= {"trivia_click", "trivia_leaderboard"}
    assert "quote_search" not in postgres["interactions"]["lantern"]
    for command in ("trivia_click", "trivia_leaderboard"):
        for mode in modes:
            row = postgres["interactions"]["lantern"][command][mode]
            assert row["lost"] == 0 and row["n"] == rounds * sent[mode], (command, mode)
    assert pg_click["answers_committed"] == pg_click["clicks_sent"] > 0
    assert len(postgres["storage"]) == len(TINY.storage_members) * len(TINY.storage_answers)
    assert all(
        positive(row["leaderboard_page_ms"]["p99_ms"]) for row in postgres["storage"].values()
    )

    charts = results["charts"]
    assert charts["plotting_loaded_at_startup"] is False
    assert charts["render"]["n"] == TINY.chart_renders and positive(charts["first_chart_ms"])
    burst = results["spoiler_burst"]
    assert burst["messages"] == TINY.spoiler_burst and burst["mode"] == "warn"
    assert burst["commands"]["n"] >= 1 and burst["commands"]["lost"] == 0
    assert burst["commands"]["n"] == len(burst["commands"]["samples_ms"])
    assert 0 < burst["commands"]["p50_ms"] <= burst["commands"]["max_ms"]
    assert positive(burst["handled_s"]) and burst["over_deadline"] >= 0
    assert 0 < burst["warnings_posted"] <= TINY.spoiler_burst
    assert burst["loopback_violations"] == 0
    assert "Spoiler burst" in table(results)
    # Click p99, spread, none lost; chat only when 1,000 terms were measured; storage; the
    # same click and storage targets on PostgreSQL; memory; the chart's p99 and lazy import;
    # the bursts of 100 of /discuss prompt and /ratings; the spoiler burst; memory on 4 shards
    # and without the twist rules.
    chat_targets = len(TINY.chat_lengths) if 1_000 in TINY.chat_terms else 0
    burst_targets = 2 if 100 in TINY.bursts else 0
    assert len(results["targets"]) == 3 + chat_targets + 1 + 4 + 1 + 2 + burst_targets + 1 + 2
    assert all(isinstance(t["met"], bool) for t in results["targets"])

    written = publish(results, tmp_path / "results", tmp_path / "docs")
    raw = json.loads(written[0].read_text())
    assert raw["interactions"]["floor"]["one"]["samples_ms"]
    published = json.loads((tmp_path / "docs" / "benchmarks.json").read_text())
    assert "samples_ms" not in json.dumps(published)
    assert (tmp_path / "docs" / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Targets" in table(results) and "PostgreSQL Storage" in table(results)
