"""The `/ratings` chart: what importing the plotting code costs and when it is paid, and how long
one chart takes to render (distinct distributions, so the cache never answers).

Each figure comes from a fresh `python` process: import costs are only visible once per process.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from typing import Any

from bench.sizes import Sizes
from bench.stats import summary
from lantern.settings import PROJECT_ROOT

# Runs in the child: start-up imports first (the bot's cogs), then the first chart, then many.
_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import app.bot, cogs.ratings, cogs.discussion  # what start-up imports
startup_ms = (time.perf_counter() - t0) * 1000
lazy = "matplotlib" not in sys.modules
from lantern.ratings.chart import render_distribution
t1 = time.perf_counter()
render_distribution((0, 1, 2, 3, 5, 8, 5, 3, 2, 1))
first_ms = (time.perf_counter() - t1) * 1000
samples = []
for n in range(COUNT):
    distribution = tuple((n * (score + 3)) % 17 for score in range(10))
    t = time.perf_counter()
    render_distribution.__wrapped__(distribution)
    samples.append((time.perf_counter() - t) * 1000)
print(json.dumps({"startup_import_ms": startup_ms, "plotting_loaded_at_startup": not lazy,
                  "first_chart_ms": first_ms, "samples_ms": samples}))
"""


async def chart_costs(sizes: Sizes) -> dict[str, Any]:
    return await asyncio.to_thread(_measure, sizes.chart_renders)


def _measure(count: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD.replace("COUNT", str(count))],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["render"] = {**summary(data["samples_ms"]), "samples_ms": data.pop("samples_ms")}
    return data
