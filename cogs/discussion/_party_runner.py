"""`WatchPartyRunner`: once a minute on the bot's clock, posts the start of every watch party
whose time has come and opens the spoiler thread of every one that is over. Each is claimed in
the database first, so a restart in between never sends one twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from cogs._common import EMBED_COLOUR, escape_user_text
from cogs._replies import SAFE_MENTIONS
from cogs._ticker import MinuteTicker
from cogs.discussion._embeds import THREAD_ARCHIVE_MINUTES, prompt_embed
from cogs.discussion._views import seen_view
from lantern.discussion.service import DiscussionService
from lantern.markdown import shorten
from lantern.watchparty.model import WatchParty
from lantern.watchparty.service import WatchPartyService

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)

SPOILER_PROMPTS = 3


class WatchPartyRunner(MinuteTicker):
    name = "lantern-watch-parties"

    def __init__(
        self, bot: LanternBot, parties: WatchPartyService, discussion: DiscussionService
    ) -> None:
        super().__init__(bot)
        self.parties = parties
        self.discussion = discussion

    async def tick(self) -> int:
        """Send what is due; returns how many posts and threads went out."""
        sent = 0
        for party in await self.parties.claim_due_starts(self.bot.owns_guild):
            sent += await self._post_start(party)
        for party in await self.parties.claim_due_ends(self.bot.owns_guild):
            sent += await self._open_spoiler_thread(party)
        return sent

    async def _post_start(self, party: WatchParty) -> int:
        channel = self.bot.get_channel(party.channel_id)
        if not isinstance(channel, discord.TextChannel):
            log.warning("Watch party channel %s is gone; no start post", party.channel_id)
            return 0
        embed = discord.Embed(
            title="The watch party starts now",
            description=_start_text(self.bot.pack.title, party),
            colour=EMBED_COLOUR,
        )
        return await self._send(channel, embed, party.guild_id)

    async def _open_spoiler_thread(self, party: WatchParty) -> int:
        channel = await self._spoiler_channel(party.guild_id)
        if channel is None:
            log.info("Guild %s has no usable spoiler channel; no thread", party.guild_id)
            return 0
        embed = discord.Embed(
            title="The showing is over: spoilers welcome",
            description="Talk about everything in the thread below, twists included.",
            colour=EMBED_COLOUR,
        )
        message = await self._send_message(channel, embed, party.guild_id)
        if message is None:
            return 0
        name = shorten(f"Spoilers: {self.bot.pack.title}", 100)
        try:
            thread = await message.create_thread(
                name=name, auto_archive_duration=THREAD_ARCHIVE_MINUTES
            )
            for prompt in self.discussion.spoiler_prompts(SPOILER_PROMPTS):
                await thread.send(embed=prompt_embed(self.bot.pack, prompt, "Spoiler discussion"))
        except discord.HTTPException:
            log.warning("Could not open the spoiler thread in %s", channel.id, exc_info=True)
        return 1

    async def _spoiler_channel(self, guild_id: int) -> discord.TextChannel | None:
        # The spoiler settings, read-only: the first spoiler channel the bot can post in.
        for channel_id in sorted((await self.bot.spoilers.config(guild_id)).spoiler_channel_ids):
            channel = self.bot.get_channel(channel_id)
            if isinstance(channel, discord.TextChannel):
                permissions = channel.permissions_for(channel.guild.me)
                if permissions.send_messages and permissions.create_public_threads:
                    return channel
        return None

    async def _send(self, channel: discord.TextChannel, embed: discord.Embed, guild_id: int) -> int:
        return 0 if await self._send_message(channel, embed, guild_id) is None else 1

    async def _send_message(
        self, channel: discord.TextChannel, embed: discord.Embed, guild_id: int
    ) -> discord.Message | None:
        has_role = (await self.bot.spoilers.config(guild_id)).seen_role_id is not None
        try:
            return await channel.send(
                embed=embed, view=seen_view() if has_role else None, allowed_mentions=SAFE_MENTIONS
            )
        except discord.HTTPException:
            # The claim stands: a refused post is not retried (403s only burn requests).
            log.warning("Could not post the watch party in %s", channel.id, exc_info=True)
            return None


def _start_text(title: str, party: WatchParty) -> str:
    ends = discord.utils.format_dt(party.end_at, "t")
    lines = [f"**{title}** — press play together. Booked until {ends}."]
    if party.note:
        lines.append(f"> {escape_user_text(party.note)}")
    lines.append("When it's over I'll open a spoiler thread in the spoiler channel.")
    return "\n".join(lines)
