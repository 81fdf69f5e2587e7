"""The real Lantern bot against the loopback Discord, started through `app.runner.serve`, the
start-up path `python bot.py` takes.

Every test in tests/e2e gets the bot running (autouse `lantern`) with a fresh temporary database and
an injected `ManualClock` (fixture `clock`): advance it to end a quiz round or reach tomorrow.

`@pytest.mark.lantern(subprocess=True)` runs `python bot.py` as a child process instead (the
loopback's `SubprocessBot`, on the real system clock), for what only a process can show: SIGTERM,
SIGKILL, exit codes.
`@pytest.mark.lantern(env={...})` adds settings, e.g. {"MESSAGE_CONTENT": "false"};
`dev_guild=True` sets DEV_GUILD_ID to the standard guild; `force_sync=True` is `bot.py --sync`.
Lantern waits for its IDENTIFY turn (lantern.identify), so a test whose loopback Discord refused an
IDENTIFY fails; `refused_identifies=True` is for the test that provokes refusals on purpose.
`@pytest.mark.backends("sqlite", "postgres")` (on a test or a module) runs each test once per
database backend; without it the bot uses SQLite. On PostgreSQL the bot gets DATABASE_URL, a
fresh database of the session's throwaway server (see tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app import runner
from app.bot import LanternBot
from lantern.clock import ManualClock
from lantern.settings import PROJECT_ROOT, Settings, load_settings
from loopback_discord import Driver, LoopbackDiscord
from loopback_discord.process import SubprocessBot, bot_environment

# READY waits this long after the last GUILD_CREATE; the default 2 s would slow every test.
FAST_READY = {"guild_ready_timeout": 0.05}


def lantern_env(server: LoopbackDiscord, database: Path, extra: dict[str, str]) -> dict[str, str]:
    """The settings a user would put in .env, pointed at the loopback Discord."""
    return (
        bot_environment(server)
        | {
            "DATABASE_PATH": str(database),
            "LOG_FILE": "off",
            "LOG_LEVEL": "INFO",
        }
        | extra
    )


@dataclass
class InProcessLantern:
    """Runs `app.runner.serve` (the start-up path `python bot.py` takes) as a task in the test's loop."""

    settings: Settings
    clock: ManualClock
    force_sync: bool = False
    task: asyncio.Task[int] | None = None
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    bots: list[LanternBot] = field(default_factory=list)

    @property
    def bot(self) -> LanternBot:
        return self.bots[-1]

    async def start(self) -> None:
        self.stop_event = asyncio.Event()
        self.task = asyncio.create_task(
            runner.serve(
                self.settings,
                clock=self.clock,
                stop=self.stop_event,
                force_sync=self.force_sync,
                bot_options=FAST_READY,
                on_bot=self.bots.append,
            )
        )

    async def stop(self) -> int | None:
        if self.task is None:
            return None
        if self.bots and not self.task.done():
            # discord.py announces READY from a task of its own after a short wait for guilds;
            # stopping before it fires leaves it dispatching to a closed client (a warning).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.bot.wait_until_ready(), 5)
        self.stop_event.set()
        task, self.task = self.task, None
        return await asyncio.wait_for(task, 10)

    async def kill(self) -> None:
        """In-process there is no SIGKILL; use `@pytest.mark.lantern(subprocess=True)`."""
        raise RuntimeError("kill_bot() needs @pytest.mark.lantern(subprocess=True)")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("backends")
    if marker is not None and "e2e_backend" in metafunc.fixturenames:
        metafunc.parametrize("e2e_backend", marker.args)


@pytest.fixture
def e2e_backend() -> str:
    """The bot's database backend: SQLite unless the test is marked `backends(...)`."""
    return "sqlite"


@pytest.fixture
def database_env(request: pytest.FixtureRequest, e2e_backend: str) -> dict[str, str]:
    """DATABASE_URL for a test on PostgreSQL; nothing (SQLite at DATABASE_PATH) otherwise."""
    if e2e_backend == "postgres":
        return {"DATABASE_URL": str(request.getfixturevalue("postgres_url"))}
    return {}


@pytest.fixture(autouse=True)
async def lantern(
    request: pytest.FixtureRequest,
    discord: Driver,
    loopback_server: LoopbackDiscord,
    clock: ManualClock,
    tmp_path: Path,
    database_env: dict[str, str],
) -> AsyncIterator[InProcessLantern | SubprocessBot]:
    marker = request.node.get_closest_marker("lantern")
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    extra_env = database_env | dict(options.get("env", {}))
    if options.get("dev_guild"):
        extra_env["DEV_GUILD_ID"] = str(discord.guild.id)
    env = lantern_env(loopback_server, tmp_path / "lantern.sqlite3", extra_env)
    handle: InProcessLantern | SubprocessBot
    if options.get("subprocess"):
        handle = SubprocessBot([sys.executable, "bot.py"], env=env, cwd=PROJECT_ROOT)
    else:
        handle = InProcessLantern(load_settings(env), clock, options.get("force_sync", False))
    discord.attach_bot(handle)
    if options.get("start", True):
        await discord.start_bot()
        await discord.wait_for_commands()
    try:
        yield handle
    finally:
        await handle.stop()
    if not options.get("refused_identifies"):
        assert discord.identify_refused == 0, "the loopback Discord refused an IDENTIFY"
