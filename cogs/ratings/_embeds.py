"""The cards of `/ratings`: the summary with its chart, a page of reviews, one member's rating."""

from __future__ import annotations

import discord

from cogs._common import EMBED_COLOUR
from lantern.ratings.chart import FILENAME
from lantern.ratings.model import Rating, RatingSummary
from lantern.spoilers.render import user_mention

BAR_WIDTH = 10


def summary_embed(title: str, summary: RatingSummary) -> discord.Embed:
    average = summary.average
    members = "member" if summary.count == 1 else "members"
    embed = discord.Embed(
        title=f"{title}: the server's ratings",
        description=f"**{average:.1f}** / 10 from {summary.count} {members}"
        if average is not None
        else "No ratings yet.",
        colour=EMBED_COLOUR,
    )
    embed.set_image(url=f"attachment://{FILENAME}")
    return embed


def reviews_embed(reviews: list[Rating], page: int, pages: int) -> discord.Embed:
    embed = discord.Embed(title="Latest reviews", colour=EMBED_COLOUR)
    if not reviews:
        embed.description = "No one has written a review yet: `/rate score review` to be first."
        return embed
    embed.description = "\n\n".join(_review_line(rating) for rating in reviews)
    embed.set_footer(text=f"Page {page + 1} of {pages}")
    return embed


def _review_line(rating: Rating) -> str:
    # Reviews are stored with their spoilers already wrapped; the ||...|| must stay working.
    when = discord.utils.format_dt(rating.rated_at, "R")
    return f"**{rating.score}/10** {user_mention(rating.member_id)} {when}\n{rating.review}"


def member_embed(member: discord.abc.User, rating: Rating | None) -> discord.Embed:
    embed = discord.Embed(title=f"{member.display_name}'s rating", colour=EMBED_COLOUR)
    if rating is None:
        embed.description = f"{member.mention} hasn't rated the film here yet."
        return embed
    bar = "★" * rating.score + "☆" * (BAR_WIDTH - rating.score)
    embed.description = f"**{rating.score}/10** {bar}\n{rating.review or '*(no review)*'}"
    embed.set_footer(text="Rated")
    embed.timestamp = rating.rated_at
    return embed
