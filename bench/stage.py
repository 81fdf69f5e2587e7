"""A loopback Discord with a crowd of members (and optionally many guilds), and the bots under
test, each in its own process so the bot and the stand-in Discord don't share a CPU or a loop.

Lantern runs through `app.runner.serve(load_settings())`, the start-up path `python bot.py` takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import psutil

from bench.probe import CallbackProbe
from lantern.database.postgres import numbered
from lantern.settings import PROJECT_ROOT
from loopback_discord import Driver, LoopbackDiscord
from loopback_discord.permissions import MEMBER_PERMISSIONS
from loopback_discord.process import bot_environment
from loopback_discord.state import DISCORD_EPOCH_MS, User

READY_TIMEOUT = 600.0  # 10,000 guilds' GUILD_CREATEs take a while


@dataclass
class Stage:
    server: LoopbackDiscord
    probe: CallbackProbe
    driver: Driver
    scratch: Path
    crowd: list[User] = field(default_factory=list)
    bot: BotProcess | None = None  # the bot running now
    database_url: str | None = None  # Lantern on PostgreSQL; None: SQLite in `scratch`
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. SHARD_COUNT for a section

    def members(self, count: int) -> list[User]:
        """`count` members not handed out yet (one click per member per question)."""
        taken, self.crowd = self.crowd[:count], self.crowd[count:]
        if len(taken) < count:
            raise RuntimeError("not enough members in the crowd")
        return taken

    @property
    def database(self) -> Path:
        return self.scratch / "lantern.sqlite3"

    async def query(self, statement: str, params: tuple[object, ...] = ()) -> list[tuple]:
        """Read Lantern's database from outside the bot, on either backend (`?` parameters)."""
        if self.database_url is None:
            return self.sql(statement, params)
        conn = await asyncpg.connect(self.database_url)
        try:
            return [tuple(row) for row in await conn.fetch(numbered(statement), *params)]
        finally:
            await conn.close()

    def sql(self, statement: str, params: tuple[object, ...] = ()) -> list[tuple]:
        """Read (or seed) Lantern's database file from outside the bot."""
        with self.connection() as conn:
            return conn.execute(statement, params).fetchall()

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection that commits on success."""
        with contextlib.closing(sqlite3.connect(self.database, timeout=30)) as conn, conn:
            yield conn


@contextlib.asynccontextmanager
async def loopback(
    crowd: int = 0, extra_guilds: int = 0, database_url: str | None = None
) -> AsyncIterator[Stage]:
    server = LoopbackDiscord()
    probe = CallbackProbe(server)
    users = add_crowd(server, crowd)
    add_guilds(server, extra_guilds)
    await server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="lantern-bench-") as scratch:
            yield Stage(
                server, probe, Driver(server), Path(scratch), users, database_url=database_url
            )
    finally:
        await server.stop()


def add_crowd(server: LoopbackDiscord, count: int) -> list[User]:
    state, world = server.state, server.world
    users = []
    for number in range(count):
        user = state.add_user(f"member{number}", global_name=f"Member {number}")
        state.add_member(world.guild, user, [world.members_role])
        users.append(user)
    return users


# Every shard count from 1 to 8 divides this, so ids one millisecond apart that start one past the
# standard guild's millisecond (modulo it) fall on shards in turn after the standard guild.
SHARD_CYCLE_MS = 840
AHEAD_MS = 10  # the first id's millisecond ahead of the clock, so none is stamped later than set


def add_guilds(server: LoopbackDiscord, count: int) -> None:
    """Guilds like a small community server: 3 roles, 5 text channels, the owner and the bot.

    Real guild ids are made over years and spread over the shards; guilds made here in one loop
    would share a millisecond, `id >> 22`, and all fall on one shard (past 2,500 the gateway
    closes it with 4011). So each guild's ids are set one emulated millisecond after the last
    guild's, and the shards take them in turn: any count from 1 to 8 holds the same number to
    within one, the standard guild included (10,000 guilds on 4 shards: 2,500 each, the limit).
    Driver.add_guild's 1 ms clock step is not exact enough for that: real time passes too."""
    state = server.state
    first = first_guild_millisecond(server)
    for number in range(count):
        millisecond = first + number
        state.ids.skip_past((millisecond << 22) - 1)  # the next id is this millisecond's first
        owner = state.add_user(f"owner{number}")
        guild = state.add_guild(f"Server {number}", owner)
        if guild.id >> 22 != millisecond:
            raise RuntimeError("the clock overtook the guild ids: shards would not be balanced")
        members = state.add_role(guild, "Members", MEMBER_PERMISSIONS)
        state.add_role(guild, "Moderators", MEMBER_PERMISSIONS)
        bot_role = state.add_role(
            guild, state.application_name, server.world.bot_role.permissions, managed=True
        )
        state.add_member(guild, state.bot, [bot_role])
        guild.members[owner.id].role_ids.append(members.id)
        for name in ("general", "spoilers", "quiz", "off-topic", "news"):
            state.add_text_channel(guild, name)
    # No id stamped later than the emulated clock says it is (as Driver.add_guild leaves it).
    if count:
        server.clock.advance(max(0, first + count - clock_millisecond(server)) / 1000)


def clock_millisecond(server: LoopbackDiscord) -> int:
    """The emulated clock's time as a snowflake's millisecond (`id >> 22`)."""
    return int(server.clock.now() * 1000) - DISCORD_EPOCH_MS


def first_guild_millisecond(server: LoopbackDiscord) -> int:
    """The first millisecond ahead of the clock and of every id handed out that is one past the
    standard guild's, modulo SHARD_CYCLE_MS."""
    earliest = max(clock_millisecond(server), server.state.ids.last >> 22) + AHEAD_MS
    phase = (server.world.guild.id >> 22) + 1
    return earliest + (phase - earliest) % SHARD_CYCLE_MS


class BotProcess:
    """`python -m bench.bot_process KIND` against the stage's loopback Discord."""

    def __init__(self, stage: Stage, kind: str) -> None:
        self.stage = stage
        self.kind = kind
        self.process: asyncio.subprocess.Process | None = None
        self.log_path = stage.scratch / f"{kind}.log"

    def environment(self) -> dict[str, str]:
        # Any other DISCORD_* variable of the calling shell must not point the bot elsewhere.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
        bench_settings = {
            "PYTHONPATH": str(PROJECT_ROOT),
            "DATABASE_PATH": str(self.stage.database),
            "LOG_FILE": "off",
            "LOG_LEVEL": "WARNING",
        }
        if self.stage.database_url is not None:
            bench_settings["DATABASE_URL"] = self.stage.database_url
        return (
            inherited | bot_environment(self.stage.server) | bench_settings | self.stage.extra_env
        )

    async def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.bot_process",
                self.kind,
                cwd=PROJECT_ROOT,
                env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
            )
        try:
            await asyncio.wait_for(self._ready(), READY_TIMEOUT)
        except (TimeoutError, RuntimeError):
            await self.stop()
            raise RuntimeError(f"{self.kind} bot did not start:\n{self.log()[-3000:]}") from None

    async def _ready(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        while line := await self.process.stdout.readline():
            if line.strip() == b"READY":
                return
        raise RuntimeError("exited")

    def cpu_seconds(self) -> float:
        assert self.process is not None
        times = psutil.Process(self.process.pid).cpu_times()
        return times.user + times.system

    def rss(self) -> int:
        assert self.process is not None
        return psutil.Process(self.process.pid).memory_info().rss

    def rss_split(self) -> dict[str, int]:
        """The resident set in bytes by kind, from /proc (Linux): `anon` (the heap: Python
        objects, C allocations, thread stacks) and `file` (mapped files: interpreter, native
        libraries). Empty where /proc has no such lines."""
        assert self.process is not None
        fields = {"RssAnon:": "anon", "RssFile:": "file"}
        split: dict[str, int] = {}
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                name, *value = line.split()
                if name in fields and value:
                    split[fields[name]] = int(value[0]) * 1024  # reported in kB
        return split

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    async def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()
            await process.wait()


@contextlib.asynccontextmanager
async def running(stage: Stage, kind: str) -> AsyncIterator[BotProcess]:
    bot = BotProcess(stage, kind)
    await bot.start()
    stage.bot = bot
    try:
        if kind == "lantern":
            await stage.driver.wait_for_commands()
        yield bot
    finally:
        stage.bot = None
        await bot.stop()
