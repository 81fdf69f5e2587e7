"""The floor: a bare discord.py bot with the same intents as Lantern, a no-op `/ping` and an empty
message listener. Everything Lantern costs is measured against this, in the same run.

The listener is the bot's own `on_message`, so the floor does nothing per message beyond what
discord.py must do: no prefix-command processing either (commands.Bot's default on_message),
which Lantern, with slash commands only, does not do."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands


def floor_intents() -> discord.Intents:
    """Lantern's intents (bot.bot_intents with message content on), spelled out so the floor
    does not import the bot."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = True
    return intents


class FloorBot(commands.Bot):
    def __init__(self, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=floor_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.tree.add_command(app_commands.Command(name="ping", description="No-op", callback=ping))

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        return None  # the empty listener


async def ping(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("pong")


class ShardedFloorBot(FloorBot, commands.AutoShardedBot):
    """The floor for a sharded Lantern: the same bot on AutoShardedBot (shard_count given)."""
