"""The ratings cog: `/rate`, `/ratings [member]`, and the review pages' buttons."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs._common import require_guild_id
from cogs._replies import SAFE_MENTIONS, reply_privately
from cogs.ratings._embeds import member_embed, reviews_embed, summary_embed
from cogs.ratings._views import COG_NAME, ReviewPageButton, pager
from lantern.ratings.chart import FILENAME
from lantern.ratings.model import REVIEW_MAX
from lantern.ratings.service import RatingService

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)


class RatingsCog(commands.Cog, name=COG_NAME):
    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.service = RatingService(bot.db.ratings, bot.clock, bot.spoilers)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReviewPageButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReviewPageButton)

    @app_commands.command(name="rate", description="Rate the film from 1 to 10, with a review")
    @app_commands.describe(
        score="1 (not for me) to 10 (unforgettable)",
        review=f"What you thought (up to {REVIEW_MAX} characters; spoilers get hidden)",
    )
    @app_commands.guild_only()
    async def rate(
        self,
        interaction: discord.Interaction[Any],
        score: app_commands.Range[int, 1, 10],
        review: app_commands.Range[str, 1, REVIEW_MAX] | None = None,
    ) -> None:
        guild_id = require_guild_id(interaction)
        rating, replaced = await self.service.rate(guild_id, interaction.user.id, score, review)
        verb = "changed your rating to" if replaced else "rated the film"
        text = f"You {verb} **{rating.score}/10**."
        if rating.review is not None and rating.review != (review or "").strip():
            text += " I hid the spoilers in your review behind ||…||."
        await reply_privately(interaction, text)

    @app_commands.command(name="ratings", description="The server's ratings, with a chart")
    @app_commands.describe(member="Only this member's rating and review")
    @app_commands.guild_only()
    async def ratings(
        self, interaction: discord.Interaction[Any], member: discord.Member | None = None
    ) -> None:
        guild_id = require_guild_id(interaction)
        if member is not None:
            rating = await self.service.member_rating(guild_id, member.id)
            embed = member_embed(member, rating)
            await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)
            return
        summary = await self.service.summary(guild_id)
        if summary.count == 0:
            await reply_privately(
                interaction, "No one has rated the film here yet: `/rate` to be the first."
            )
            return
        # The first chart imports matplotlib and any chart takes tens of ms: answer first.
        await interaction.response.defer(thinking=True)
        chart = await self.service.chart(summary)
        reviews, pages = await self.service.reviews_page(guild_id, 0)
        title = self.bot.pack.title
        await interaction.followup.send(
            embeds=[summary_embed(title, summary), reviews_embed(reviews, 0, pages)],
            file=discord.File(io.BytesIO(chart), filename=FILENAME),
            view=pager(0, pages),
            allowed_mentions=SAFE_MENTIONS,
        )

    async def page_clicked(self, interaction: discord.Interaction[Any], page: int) -> None:
        guild_id = require_guild_id(interaction)
        reviews, pages = await self.service.reviews_page(guild_id, page)
        page = min(page, pages - 1)
        message = interaction.message
        # The summary card stays as it is (its chart is the message's attachment).
        embeds = [*(message.embeds[:1] if message else []), reviews_embed(reviews, page, pages)]
        await interaction.response.edit_message(
            embeds=embeds, view=pager(page, pages), allowed_mentions=SAFE_MENTIONS
        )
