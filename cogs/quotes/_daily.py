"""`DailyQuotePoster`: once a minute on the bot's clock, posts every daily quote that is due.
The database decides what is due and claims it first, so a quote is never posted twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from cogs._replies import SAFE_MENTIONS
from cogs._ticker import MinuteTicker
from cogs.quotes._embeds import quote_embed
from lantern.markdown import SpoilerMode
from lantern.quotes.service import DailyPost, QuoteService

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)


class DailyQuotePoster(MinuteTicker):
    name = "lantern-daily-quote"

    def __init__(self, bot: LanternBot, service: QuoteService) -> None:
        super().__init__(bot)
        self.service = service
        self.pack = bot.pack

    async def tick(self) -> int:
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
