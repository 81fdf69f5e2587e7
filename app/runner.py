"""Running the bot: point discord.py at the configured Discord, build `LanternBot` with its
resources, run it until a signal or the end of the connection, and `--check` offline."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any

import discord
import yarl

from app.bot import LanternBot, ShardedLanternBot
from cogs import cog_modules
from lantern.clock import Clock, SystemClock
from lantern.database import Database
from lantern.errors import SettingsError, StartupError
from lantern.pack import load_film_pack
from lantern.settings import Settings

log = logging.getLogger("lantern")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2
PORTAL_INTENT_HINT = "Developer Portal > your application > Bot > Privileged Gateway Intents > Message Content Intent"


def point_discord_at(settings: Settings) -> None:
    """Use another Discord (the loopback one in tests and the sandbox) when configured."""
    if settings.discord_api_url:
        discord.http.Route.BASE = f"{settings.discord_api_url}/api/v10"
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


async def serve(
    settings: Settings,
    *,
    clock: Clock | None = None,
    stop: asyncio.Event | None = None,
    force_sync: bool = False,
    bot_options: dict[str, Any] | None = None,
    on_bot: Callable[[LanternBot], object] | None = None,
) -> int:
    """Run until `stop` is set or the connection ends for good. When the portal refuses the
    message-content intent (close 4014), start again without it: only scanning and typed
    answers need it."""
    point_discord_at(settings)
    pack = load_film_pack(settings.film_pack_dir)
    if settings.database_url:
        from lantern.database.postgres import probe  # asyncpg only for PostgreSQL

        await probe(settings.database_url)
    stop = stop or asyncio.Event()
    message_content = settings.message_content
    while True:
        bot_class = ShardedLanternBot if settings.shards else LanternBot
        bot = bot_class(
            settings=settings,
            db=Database(settings.database_target),
            pack=pack,
            clock=clock or SystemClock(),
            message_content=message_content,
            force_sync=force_sync,
            **(bot_options or {}),
        )
        if on_bot is not None:
            on_bot(bot)
        try:
            return await _run_until_stopped(bot, settings.discord_token, stop)
        except discord.PrivilegedIntentsRequired:
            if not message_content:
                raise
            log.warning(
                "The message content intent is not enabled (%s). Starting without spoiler "
                "scanning and typed answers; everything else works.",
                PORTAL_INTENT_HINT,
            )
            message_content = False


async def _run_until_stopped(bot: LanternBot, token: str, stop: asyncio.Event) -> int:
    async with bot:
        running = asyncio.create_task(bot.start(token))
        stopping = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stopping in done:
            log.info("Shutting down")
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await running
        stopping.cancel()
        # Cancelled only by close() (a shard that was waiting for its IDENTIFY turn): a stop.
        if not running.cancelled():
            running.result()
    return EXIT_OK


def stop_on_signals() -> asyncio.Event:
    """An event that Ctrl+C (SIGINT) or SIGTERM sets, so `serve` shuts down cleanly. Call it
    inside the running loop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


async def run(settings: Settings, force_sync: bool) -> int:
    return await serve(settings, stop=stop_on_signals(), force_sync=force_sync)


def check(settings: Settings) -> int:
    """`--check`: settings, film pack and every cog, without touching the network."""
    problems: list[str] = []
    try:
        pack = load_film_pack(settings.film_pack_dir)
        print(
            f"film pack OK: {pack.title} ({len(pack.questions)} trivia questions, "
            f"{len(pack.prompts)} discussion prompts)"
        )
        for note in pack.notes:
            print(f"note: {note}")
    except StartupError as error:
        problems.append(str(error))
    for name in cog_modules():
        try:
            module = importlib.import_module(name)
            if not hasattr(module, "setup"):
                problems.append(f"{name}: has no setup(bot) function")
        except Exception:
            problems.append(f"{name}: cannot be imported\n{traceback.format_exc()}")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print(f"cogs OK: {', '.join(cog_modules())}")
    return EXIT_FAILED if problems else EXIT_OK


async def copy_to_postgres(settings: Settings, url: str) -> int:
    """`--copy-database URL`: the SQLite database at DATABASE_PATH into the empty PostgreSQL
    database at `url` (lantern.database.copy). Stop the bot first: a write during the copy
    would be left behind."""
    from lantern.database.copy import CopyRefused, copy_database

    if not settings.database_path.exists():
        raise SettingsError(
            "DATABASE_PATH",
            f"no SQLite database at {settings.database_path}",
            "Point DATABASE_PATH at the file to copy.",
        )
    source, target = Database(settings.database_path), Database(url, pool_size=2)
    await source.open()
    try:
        await target.open()
        try:
            report = await copy_database(source, target, say=print)
        finally:
            await target.close()
    except CopyRefused as error:
        raise StartupError(str(error)) from None
    finally:
        await source.close()
    if not report.copied:
        print(f"Nothing to do: {target.where} already holds these {report.total} rows.")
    else:
        print(f"Copied {report.total} rows into {target.where}; every table's count matches.")
    return EXIT_OK
