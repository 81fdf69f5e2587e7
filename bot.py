"""Lantern's entry point: settings -> resources -> LanternBot -> run.

python bot.py           run the bot
python bot.py --check   validate settings, the film pack and every cog, offline
python bot.py --sync    force a slash-command sync at start-up
python bot.py --sandbox [--port 8080] [--fresh]   try it in the browser, no Discord needed
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import importlib
import json
import logging
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any

import discord
import yarl
from discord.ext import commands
from dotenv import load_dotenv

from cogs import cog_modules
from cogs._common import LanternTree, MessageWatcher
from lantern.clock import Clock, SystemClock
from lantern.database import Database
from lantern.errors import SettingsError, StartupError
from lantern.logs import configure_logging
from lantern.memory import release_free_memory
from lantern.pack import FilmPack, load_film_pack
from lantern.settings import PROJECT_ROOT, Settings, load_settings
from lantern.spoilers.service import SpoilerService

log = logging.getLogger("lantern")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2
SYNC_HASH_KEY = "command_sync_hash:{scope}"
PORTAL_INTENT_HINT = "Developer Portal > your application > Bot > Privileged Gateway Intents > Message Content Intent"


def bot_intents(message_content: bool) -> discord.Intents:
    """The minimum: guilds for channel/role caches, guild messages for spoiler scanning and
    typed answers; message content only when those features may read text."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = message_content
    return intents


class LanternBot(commands.Bot):
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        pack: FilmPack,
        clock: Clock,
        message_content: bool,
        force_sync: bool = False,
        **options: Any,
    ) -> None:
        # Lantern has no voice features: spare operators two warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(message_content),
            tree_cls=LanternTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.settings = settings
        self.db = db
        self.pack = pack
        self.clock = clock
        # Held by the bot, not the spoilers cog: every feature asks it about spoiler channels.
        self.spoilers = SpoilerService(db.spoilers, pack.spoiler_terms, clock)
        self.message_content_enabled = message_content
        self.force_sync = force_sync
        self._memory_released = False
        # Replaced, never changed in place: a message being handled keeps the watchers it began
        # with even if a quiz ends (and its watcher leaves) while an earlier one awaits.
        self._message_watchers: tuple[MessageWatcher, ...] = ()

    async def setup_hook(self) -> None:
        await self.db.open()
        for name in cog_modules():
            await self._load_cog(name)
        await self.sync_commands()

    async def on_ready(self) -> None:
        # READY and the guilds are parsed: what start-up freed can go back to the system.
        if not self._memory_released:
            self._memory_released = release_free_memory()

    def watch_messages(self, watcher: MessageWatcher) -> None:
        """Show every new message to `watcher` (a cog's); watching again changes nothing, so a
        cog may call this whenever it wants messages without tracking whether it already does."""
        if watcher not in self._message_watchers:
            self._message_watchers = (*self._message_watchers, watcher)

    def unwatch_messages(self, watcher: MessageWatcher) -> None:
        self._message_watchers = tuple(w for w in self._message_watchers if w != watcher)

    async def on_message(self, message: discord.Message) -> None:
        """The one listener for chat. discord.py starts a task per listener per message, and
        almost every message needs nothing from any cog, so each watcher decides without
        awaiting and only real work is awaited. This replaces commands.Bot's prefix-command
        processing: Lantern has slash commands only."""
        for watch in self._message_watchers:
            try:
                work = watch(message)
                if work is not None:
                    await work
            except Exception:
                # One cog's failure must not keep the message from the others.
                log.exception("Watching message %s failed", message.id)

    async def _load_cog(self, name: str) -> None:
        try:
            await self.load_extension(name)
        except Exception:
            # One broken cog must not take the others down; the traceback says why.
            log.exception("Could not load cog %s", name)

    async def sync_commands(self) -> None:
        """Sync to DEV_GUILD_ID (instant) or globally, only when the tree changed."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        key = SYNC_HASH_KEY.format(scope=guild.id if guild else "global")
        digest = self.command_tree_hash(guild)
        if not self.force_sync and await self.db.core.get_meta(key) == digest:
            log.info("Slash commands unchanged since the last sync; not syncing")
            return
        synced = await self.tree.sync(guild=guild)
        await self.db.core.set_meta(key, digest)
        log.info("Synced %d slash commands (%s)", len(synced), "guild" if guild else "global")

    def command_tree_hash(self, guild: discord.abc.Snowflake | None) -> str:
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        encoded = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            await self.db.close()


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
    stop = stop or asyncio.Event()
    message_content = settings.message_content
    while True:
        bot = LanternBot(
            settings=settings,
            db=Database(settings.database_path),
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
        print(f"film pack OK: {pack.title} ({len(pack.questions)} trivia questions)")
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


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Lantern, a film-discussion Discord bot")
    parser.add_argument("--check", action="store_true", help="validate and exit, offline")
    parser.add_argument("--sync", action="store_true", help="force a slash-command sync")
    parser.add_argument(
        "--sandbox", action="store_true", help="try the bot in a browser page; no Discord, no token"
    )
    parser.add_argument("--port", type=int, default=8080, help="the sandbox page's port (8080)")
    parser.add_argument("--fresh", action="store_true", help="start the sandbox's data over")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_dotenv(PROJECT_ROOT / ".env")  # the real environment wins over .env
    if args.sandbox:
        import sandbox  # only here: it starts the loopback Discord and imports this module

        return sandbox.main(args.port, fresh=args.fresh)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    if args.check:
        return check(settings)
    configure_logging(settings)
    return _run_reporting_errors(settings, args.sync)


def _run_reporting_errors(settings: Settings, force_sync: bool) -> int:
    try:
        return asyncio.run(run(settings, force_sync))
    except discord.LoginFailure:
        print(
            "error: DISCORD_TOKEN: Discord rejected the token (401). Reset it in the Developer "
            "Portal (Bot > Reset Token) and put the new one in .env.",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    except discord.PrivilegedIntentsRequired:
        print(f"error: a privileged intent is not enabled: {PORTAL_INTENT_HINT}", file=sys.stderr)
        return EXIT_CONFIG
    except StartupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
