"""`WeeklyPromptPoster`: once a minute on the bot's clock, posts every weekly prompt that is
due. The database decides what is due and claims it first, so a slot is never posted twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from cogs._ticker import MinuteTicker
from cogs.discussion._embeds import open_thread, prompt_embed
from cogs.discussion._views import seen_view
from lantern.discussion.service import DiscussionService, WeeklyPost

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)


class WeeklyPromptPoster(MinuteTicker):
    name = "lantern-weekly-prompt"

    def __init__(self, bot: LanternBot, service: DiscussionService) -> None:
        super().__init__(bot)
        self.service = service

    async def tick(self) -> int:
        """Post every weekly prompt that is due; returns how many were sent."""
        sent = 0
        for post in await self.service.claim_due_weekly(self.bot.owns_guild):
            sent += await self._send(post)
        return sent

    async def _send(self, post: WeeklyPost) -> int:
        channel = self.bot.get_channel(post.schedule.channel_id)
        if not isinstance(channel, discord.TextChannel):
            log.warning("Weekly prompt channel %s is gone; skipping", post.schedule.channel_id)
            return 0
        embed = prompt_embed(self.bot.pack, post.prompt, "This week’s discussion")
        has_role = (await self.bot.spoilers.config(post.schedule.guild_id)).seen_role_id is not None
        try:
            message = await channel.send(embed=embed, view=seen_view() if has_role else None)
        except (discord.Forbidden, discord.NotFound):
            # Retrying a 403/404 only burns invalid requests; the claim stands, the slot is skipped.
            log.warning("Cannot post the weekly prompt in %s", post.schedule.channel_id)
            return 0
        except discord.HTTPException:
            log.warning("Weekly prompt post failed; will retry", exc_info=True)
            await self.service.release_weekly(post)
            return 0
        if channel.permissions_for(channel.guild.me).create_public_threads:
            await open_thread(message, post.prompt)
        return 1
