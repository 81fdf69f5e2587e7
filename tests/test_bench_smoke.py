"""The benchmark suite at tiny sizes: it runs end to end and its figures are well formed.
No timing is asserted (these machines are shared and noisy); only shapes and counts."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from bench.report import table
from bench.sizes import TINY
from bench.suite import publish, run_suite

pytestmark = pytest.mark.slow


def positive(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


async def test_the_suite_runs_at_tiny_sizes_and_writes_well_formed_figures(tmp_path: Path) -> None:
    results = await run_suite(TINY, log=lambda _: None)

    floor, lantern = results["interactions"]["floor"], results["interactions"]["lantern"]
    modes = {"one", *(f"burst{n}" for n in TINY.bursts)}
    assert set(floor) == modes
    paired = results["interactions"]["floor_paired"]
    assert {command: set(rows) for command, rows in paired.items()} == dict.fromkeys(
        ("quote_search", "trivia_click", "trivia_leaderboard"), modes
    )
    for command in ("quote_search", "trivia_click", "trivia_leaderboard"):
        for mode in modes:
            row = lantern[command][mode]
            assert row["lost"] == 0, (command, mode)
            assert row["n"] == len(row["samples_ms"]) > 0
            assert 0 < row["p50_ms"] <= row["p99_ms"] <= row["max_ms"]
    click = lantern["trivia_click"]
    assert click["answers_committed"] == click["clicks_sent"]
    assert click["spread"]["n"] == TINY.spread
    assert lantern["loopback_violations"] == 0

    chat = results["chat"]
    assert set(chat["lantern"]) == {str(n) for n in TINY.chat_terms}
    assert all(
        positive(r) for by_length in chat["scanner_msgs_per_s"].values() for r in by_length.values()
    )
    for kind in ("cpu", "wall"):
        ratios = chat["ratios"][kind].values()
        assert all(isinstance(r, float) for by_length in ratios for r in by_length.values())

    assert len(results["storage"]) == len(TINY.storage_members) * len(TINY.storage_answers)
    for row in results["storage"].values():
        assert positive(row["leaderboard_page_ms"]["p50_ms"])
        assert positive(row["stats_ms"]["p99_ms"])

    for row in results["memory"].values():
        assert row["floor_mib"] > 10 and row["lantern_mib"] > 10 and positive(row["ratio"])
        for kind in ("floor", "lantern"):
            if not sys.platform.startswith("linux"):
                continue  # only Linux's /proc splits the RSS
            parts = row[f"{kind}_anon_mib"] + row[f"{kind}_file_mib"]
            assert 0.8 * row[f"{kind}_mib"] <= parts <= 1.05 * row[f"{kind}_mib"]
    assert {t["target"][:10] for t in results["targets"]} and all(
        isinstance(t["met"], bool) for t in results["targets"]
    )

    written = publish(results, tmp_path / "results", tmp_path / "docs")
    raw = json.loads(written[0].read_text())
    assert raw["interactions"]["floor"]["one"]["samples_ms"]
    published = json.loads((tmp_path / "docs" / "benchmarks.json").read_text())
    assert "samples_ms" not in json.dumps(published)
    assert (tmp_path / "docs" / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Targets" in table(results)
