"""The loopback's own tests' bots: a bare discord.py bot, pointed at the server, in the test's loop.

A module of its own (not conftest.py) so that test modules can import it by name."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import discord as discordpy
import yarl
from discord.ext import commands

from loopback_discord import LoopbackDiscord


def point_discordpy_at(server: LoopbackDiscord) -> None:
    """What the bot process does with DISCORD_API_URL / DISCORD_GATEWAY_URL."""
    discordpy.http.Route.BASE = server.api_url
    discordpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)


def make_bot(
    intents: discordpy.Intents | None = None, *, sync_commands: bool = False
) -> commands.Bot:
    """A bare bot; with `sync_commands` it syncs its command tree on start, like a real bot."""
    bot = commands.Bot(
        command_prefix="!", intents=intents or discordpy.Intents.default(), guild_ready_timeout=0.05
    )
    if sync_commands:

        async def setup_hook() -> None:
            await bot.tree.sync()

        bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


class InProcessBot:
    """A discord.py bot running as a task in the test's loop; implements the BotHandle protocol."""

    def __init__(self, server: LoopbackDiscord, factory: Callable[[], commands.Bot]) -> None:
        self._server = server
        self._factory = factory
        self.bot: commands.Bot | None = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        point_discordpy_at(self._server)
        self.bot = self._factory()
        self.task = asyncio.create_task(self.bot.start(self._server.token))

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.close()
        if self.task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(self.task, 5)
        self.bot = self.task = None

    async def kill(self) -> None:
        # In-process there is no SIGKILL: cancel the task and drop the socket without a close frame.
        if self.task is not None:
            self.task.cancel()
        self._server.gateway.drop_connection()
        if self.bot is not None:
            with contextlib.suppress(Exception):
                await self.bot.http.close()
        self.bot = self.task = None
