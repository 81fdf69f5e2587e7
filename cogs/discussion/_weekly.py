"""`WeeklyPromptPoster`: once a minute on the bot's clock, posts every weekly prompt that is
due. The database decides what is due and claims it first, so a slot is never posted twice."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from cogs.discussion._embeds import open_thread, prompt_embed
from cogs.discussion._views import seen_view
from lantern.clock import sleep_until_or
from lantern.discussion.service import DiscussionService, WeeklyPost

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)


class WeeklyPromptPoster:
    def __init__(self, bot: LanternBot, service: DiscussionService) -> None:
        self.bot = bot
        self.service = service
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()  # set when a schedule changes: check right away

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="lantern-weekly-prompt")

    def schedule_changed(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        await self.bot.wait_until_ready()
        while not self.bot.is_closed():
            tick_time = self.bot.clock.now()
            try:
                await self.post_due()
            except Exception:
                log.exception("Weekly prompt tick failed; trying again next minute")
            await self._sleep_until(_next_minute(tick_time))

    async def _sleep_until(self, moment: datetime) -> None:
        if moment <= self.bot.clock.now():
            return
        try:
            await sleep_until_or(self.bot.clock, moment, self._wake)
        finally:
            self._wake.clear()

    async def post_due(self) -> int:
        """Post every weekly prompt that is due; returns how many were sent."""
        sent = 0
        for post in await self.service.claim_due_weekly():
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


def _next_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
