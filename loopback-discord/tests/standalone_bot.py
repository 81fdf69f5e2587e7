"""A minimal discord.py bot run as a separate process by the subprocess tests.

It reads DISCORD_TOKEN / DISCORD_API_URL / DISCORD_GATEWAY_URL like the real bot does.
"""

from __future__ import annotations

import asyncio
import os
import signal

import discord
import yarl
from discord.ext import commands


def build() -> commands.Bot:
    bot = commands.Bot(
        command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
    )

    @bot.tree.command(description="Check that the bot answers")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"pong from {os.getpid()}")

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


async def main() -> None:
    discord.http.Route.BASE = os.environ["DISCORD_API_URL"] + "/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    bot = build()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        await bot.start(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    asyncio.run(main())
