"""The discussion cog: `/discuss prompt`, `/discuss schedule set|off`,
and `/seen` (the role itself is named with `/spoilers seen-role`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs._common import (
    CHOICE_LENGTH,
    check_can_post,
    in_spoiler_channel,
    require_guild_id,
    require_manage_guild,
)
from cogs._replies import SAFE_MENTIONS, reply_privately
from cogs.discussion._embeds import open_thread, prompt_embed
from cogs.discussion._seen import SeenRoles
from cogs.discussion._views import COG_NAME, SeenButton, seen_view
from cogs.discussion._weekly import WeeklyPromptPoster
from lantern.discussion.service import DiscussionService
from lantern.discussion.weekly import WEEKDAYS, parse_weekday
from lantern.markdown import shorten
from lantern.pack import Prompt

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)

DAY_CHOICES = [app_commands.Choice(name=day.capitalize(), value=day) for day in WEEKDAYS]


class DiscussionCog(commands.Cog, name=COG_NAME):
    discuss = app_commands.Group(name="discuss", description="Talk about the film together")
    # Discord applies default permissions to top-level commands only, and /discuss is for
    # everyone: the Manage Server check happens at run time in each of these subcommands.
    schedule = app_commands.Group(
        name="schedule", description="A discussion prompt every week", parent=discuss
    )

    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.pack = bot.pack
        self.service = DiscussionService(bot.db.discussion, bot.pack.prompts, bot.clock)
        self.seen = SeenRoles(bot)
        self.weekly_poster = WeeklyPromptPoster(bot, self.service)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(SeenButton)
        self.weekly_poster.start()

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SeenButton)
        await self.weekly_poster.stop()

    # --- /discuss prompt

    @discuss.command(name="prompt", description="Post a discussion prompt and open a thread")
    @app_commands.describe(theme="Only prompts about this theme (pick a suggestion)")
    async def prompt(
        self,
        interaction: discord.Interaction[Any],
        theme: app_commands.Range[str, 1, CHOICE_LENGTH] | None = None,
    ) -> None:
        guild_id = require_guild_id(interaction)
        channel = interaction.channel
        resolved = self.service.resolve_theme(theme)
        spoilers = await in_spoiler_channel(self.bot, channel)
        threads = _can_open_threads(channel)
        chosen = await self.service.next_prompt(guild_id, resolved, spoilers=spoilers)
        await self._post(interaction, chosen, threads)

    async def _post(
        self, interaction: discord.Interaction[Any], chosen: Prompt, threads: bool
    ) -> None:
        embed = prompt_embed(self.pack, chosen, "Let’s discuss")
        extra: dict[str, Any] = {}
        if await self._has_seen_role(interaction.guild_id or 0):
            extra["view"] = seen_view()
        await interaction.response.send_message(
            embed=embed, allowed_mentions=SAFE_MENTIONS, **extra
        )
        if threads:
            message = await interaction.original_response()
            await open_thread(message, chosen)
        elif isinstance(interaction.channel, discord.TextChannel):
            await reply_privately(
                interaction,
                "I couldn't open a thread for the answers: I need **Create Public Threads** "
                "here. Answer in the channel, or ask a moderator for the permission.",
            )

    @prompt.autocomplete("theme")
    async def _theme_autocomplete(
        self, _: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=shorten(theme, CHOICE_LENGTH), value=theme[:CHOICE_LENGTH])
            for theme in self.service.suggest_themes(current[:CHOICE_LENGTH])
        ]

    # --- /discuss schedule set | off

    @schedule.command(name="set", description="Post a spoiler-free prompt here every week")
    @app_commands.describe(
        channel="Where the weekly prompt goes",
        day="The day of the week (UTC)",
        hour="UTC hour, 0–23",
    )
    @app_commands.choices(day=DAY_CHOICES)
    async def schedule_set(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        day: app_commands.Choice[str],
        hour: app_commands.Range[int, 0, 23],
    ) -> None:
        guild_id = require_guild_id(interaction)
        require_manage_guild(interaction)
        check_can_post(channel, "post the weekly prompt")
        weekday = parse_weekday(day.value)
        schedule = await self.service.set_weekly(
            guild_id, channel.id, weekday, hour, interaction.user.id
        )
        when = discord.utils.format_dt(schedule.next_post_at, "F")
        text = (
            f"A spoiler-free discussion prompt will be posted in {channel.mention} every "
            f"{schedule.day_name} at {hour:02d}:00 UTC. Next one: {when}."
        )
        if not channel.permissions_for(channel.guild.me).create_public_threads:
            text += " Give me **Create Public Threads** there and each one gets its own thread."
        await reply_privately(interaction, text)
        self.weekly_poster.wake()

    @schedule.command(name="off", description="Stop the weekly prompt")
    async def schedule_off(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild_id(interaction)
        require_manage_guild(interaction)
        stopped = await self.service.disable_weekly(guild_id)
        text = "The weekly prompt is off." if stopped else "There was no weekly prompt to turn off."
        await reply_privately(interaction, text)

    # --- /seen (the role itself is named with /spoilers seen-role)

    @app_commands.command(name="seen", description="Say you've seen the film (again: take it back)")
    @app_commands.guild_only()
    async def seen_command(self, interaction: discord.Interaction[Any]) -> None:
        await self.seen.toggle(interaction)

    async def seen_clicked(self, interaction: discord.Interaction[Any]) -> None:
        await self.seen.toggle(interaction)

    async def _has_seen_role(self, guild_id: int) -> bool:
        return (await self.bot.spoilers.config(guild_id)).seen_role_id is not None


def _can_open_threads(channel: object) -> bool:
    """A thread for the answers where one can be opened: not inside a thread, and only with
    Create Public Threads (checked first, so a missing permission costs no request)."""
    if not isinstance(channel, discord.TextChannel):
        return False
    return channel.permissions_for(channel.guild.me).create_public_threads
