"""What Lantern's fixed memory is made of: one fresh process that takes Lantern's start-up
steps one at a time and reads its resident set after each (malloc_trim first, as Lantern does
at READY), so each step's RSS delta is what it keeps. A rough breakdown: the allocator's
arenas and pages are shared between steps, so a small step may show more or less than it holds.

    python -m bench.memory_parts   # prints the steps as JSON
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from lantern.memory import release_free_memory
from lantern.settings import PROJECT_ROOT

MIB = 1024 * 1024
FIELDS = {"RssAnon:": "anon", "RssFile:": "file"}


def resident() -> dict[str, float]:
    """RSS, and its anonymous and file-mapped parts where /proc says, in MiB, after a trim."""
    release_free_memory()
    sizes = {"rss": psutil.Process().memory_info().rss / MIB}
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            name, *value = line.split()
            if name in FIELDS and value:
                sizes[FIELDS[name]] = int(value[0]) / 1024  # kB
    return sizes


def import_discord() -> None:
    importlib.import_module("discord.ext.commands")


OWN_PACKAGES = ("app", "cogs", "lantern")
LANTERN_MODULES = "\n".join(
    [
        "import importlib, sys",
        "import discord.ext.commands",
        "from cogs import cog_modules",
        "before = set(sys.modules)",
        "for name in ['app.runner', *cog_modules()]: importlib.import_module(name)",
        "print(' '.join(sorted(set(sys.modules) - before)))",
    ]
)


def lantern_modules() -> list[str]:
    """Every module Lantern's start-up imports beyond discord.py's, as a fresh process finds
    them (importing them here would spoil the measurement)."""
    found = subprocess.run(
        [sys.executable, "-c", LANTERN_MODULES], capture_output=True, text=True, check=True
    )
    return found.stdout.split()


def import_libraries(modules: list[str]) -> None:
    for name in modules:
        if name.split(".")[0] not in OWN_PACKAGES:
            importlib.import_module(name)


def import_lantern() -> None:
    from cogs import cog_modules

    for name in ["app.runner", *cog_modules()]:
        importlib.import_module(name)


class Steps:
    """Lantern's start-up, a step at a time, keeping what each step made alive."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.kept: dict[str, Any] = {}

    def film_pack(self) -> None:
        from lantern.pack import load_film_pack

        self.kept["pack"] = load_film_pack(PROJECT_ROOT / "data")

    def clean_corpus(self) -> None:
        from lantern.spoilers.evaluation import CLEAN_CORPUS_DIR, clean_texts

        self.kept["clean"] = clean_texts(PROJECT_ROOT / "data" / CLEAN_CORPUS_DIR)

    def twist_rules(self) -> None:
        from lantern.spoilers.claims import ClaimDetector

        self.kept["twists"] = ClaimDetector(self.kept["pack"].twists)

    def database(self, loop: asyncio.AbstractEventLoop) -> None:
        from lantern.database import Database

        database = Database(self.scratch / "lantern.sqlite3")
        loop.run_until_complete(database.open())
        self.kept["database"] = database


def measure_steps(scratch: Path) -> list[dict[str, Any]]:
    loop = asyncio.new_event_loop()
    steps = Steps(scratch)
    modules = lantern_modules()
    libraries = sorted({m.split(".")[0] for m in modules} - set(OWN_PACKAGES) - {"queue"})
    own = sum(m.split(".")[0] in OWN_PACKAGES for m in modules)
    plan: list[tuple[str, Callable[[], None]]] = [
        ("discord.py (discord.ext.commands), which the bare bot imports too", import_discord),
        (
            f"the libraries Lantern imports beyond discord.py ({', '.join(libraries)})",
            lambda: import_libraries(modules),
        ),
        (f"Lantern's own {own} modules (app.runner, every cog, lantern.*)", import_lantern),
        ("the film pack (load_film_pack: trivia, prompts, quotes, terms, twists)", steps.film_pack),
        ("the clean chat corpus the term guard checks against", steps.clean_corpus),
        ("the twist rules compiled (ClaimDetector: anchor DFA, word index)", steps.twist_rules),
        (
            "the database open: aiosqlite's thread, SQLite, migrations, checkpointer",
            lambda: steps.database(loop),
        ),
    ]
    rows = [{"step": "Python, asyncio, psutil (the start)", **resident()}]
    for name, step in plan:
        before = resident()
        step()
        after = resident()
        rows.append({"step": name} | {f"{k}": after[k] for k in after} | delta(before, after))
    loop.run_until_complete(steps.kept["database"].close())
    loop.close()
    return [{k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()} for row in rows]


def delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {f"{k}_delta": after[k] - before[k] for k in after if k in before}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lantern-parts-") as scratch:
        print(json.dumps(measure_steps(Path(scratch))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
