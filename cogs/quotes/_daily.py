"""`DailyQuotePoster`: once a minute on the bot's clock, posts every daily quote that is due.
The database decides what is due and claims it first, so a quote is never posted twice."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from cogs._replies import SAFE_MENTIONS
from cogs.quotes._embeds import quote_embed
from lantern.clock import sleep_until_or
from lantern.markdown import SpoilerMode
from lantern.quotes.service import DailyPost, QuoteService

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)


class DailyQuotePoster:
    def __init__(self, bot: LanternBot, service: QuoteService) -> None:
        self.bot = bot
        self.service = service
        self.pack = bot.pack
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()  # set when a schedule changes: check right away

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="lantern-daily-quote")

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
                log.exception("Daily quote tick failed; trying again next minute")
            await self._sleep_until(next_minute(tick_time))

    async def _sleep_until(self, moment: datetime) -> None:
        """Sleep on the injected clock until `moment`, or until a schedule changes. Measured
        from the tick's own start, so time that passed during the tick is not slept through."""
        if moment <= self.bot.clock.now():
            return
        try:
            await sleep_until_or(self.bot.clock, moment, self._wake)
        finally:
            self._wake.clear()

    async def post_due(self) -> int:
        """Post every daily quote that is due; returns how many were sent."""
        sent = 0
        for post in await self.service.claim_due_daily_posts(self.bot.owns_guild):
            sent += await self._send(post)
        return sent

    async def _send(self, post: DailyPost) -> int:
        channel = self.bot.get_channel(post.schedule.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("Daily quote channel %s is gone; skipping today", post.schedule.channel_id)
            return 0
        embed = quote_embed(self.pack, post.quote, SpoilerMode(False), "Quote of the day")
        try:
            await channel.send(embed=embed, allowed_mentions=SAFE_MENTIONS)
        except (discord.Forbidden, discord.NotFound):
            # Retrying a 403/404 only burns invalid requests; the claim stays, today is skipped.
            log.warning("Cannot post the daily quote in %s", post.schedule.channel_id)
            return 0
        except discord.HTTPException:
            log.warning("Daily quote post failed; will retry", exc_info=True)
            await self.service.release(post)
            return 0
        return 1


def next_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
