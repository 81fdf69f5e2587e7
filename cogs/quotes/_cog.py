"""The quotes cog: `/quote random|search|line|daily`, and what a search button does."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs._common import (
    EMBED_COLOUR,
    NameText,
    SearchText,
    character_autocomplete_choices,
    check_can_post,
    escape_user_text,
    in_spoiler_channel,
    require_guild_id,
    require_manage_guild,
    spoiler_mode,
)
from cogs._replies import SAFE_MENTIONS
from cogs.quotes._daily import DailyQuotePoster
from cogs.quotes._embeds import quote_choices, quote_embed
from cogs.quotes._views import COG_NAME, SearchButton, SearchPage
from lantern.errors import LanternError
from lantern.markdown import SpoilerMode, shorten
from lantern.quotes.characters import resolve_character
from lantern.quotes.index import QuoteFilter, QuoteIndex
from lantern.quotes.model import QuoteKind
from lantern.quotes.render import line_entries
from lantern.quotes.search import SavedSearch
from lantern.quotes.service import QuoteService

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)

KIND_CHOICES = [
    app_commands.Choice(name="film line", value=QuoteKind.FILM_LINE.value),
    app_commands.Choice(name="review", value=QuoteKind.REVIEW.value),
]


class QuotesCog(commands.Cog, name=COG_NAME):
    quote = app_commands.Group(name="quote", description="Lines and sentences from the review")
    daily = app_commands.Group(
        name="daily",
        description="A spoiler-free quote every day",
        parent=quote,
        # Discord applies default permissions to top-level commands only, and /quote is for
        # everyone: the Manage Server check happens at run time in each subcommand.
    )

    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.pack = bot.pack
        self.index = QuoteIndex.for_pack(bot.pack)
        self.service = QuoteService(bot.db.quotes, self.index, bot.clock)
        self.daily_poster = DailyQuotePoster(bot, self.service)

    async def cog_load(self) -> None:
        indexed = await self.service.rebuild_search_index()
        log.info("Quote search index rebuilt with %d sentences", indexed)
        await self.service.prune_searches()
        self.bot.add_dynamic_items(SearchButton)
        self.daily_poster.start()

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SearchButton)
        await self.daily_poster.stop()

    # --- /quote random

    @quote.command(name="random", description="A random sentence of the review or film line")
    @app_commands.describe(
        character="Only quotes that mention this character",
        kind="A line from the film (spoken or unspoken) or a sentence of the review",
        spoilers="Include spoilers (hidden behind ||…|| outside spoiler channels)",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    async def random_quote(
        self,
        interaction: discord.Interaction[Any],
        character: NameText | None = None,
        kind: app_commands.Choice[str] | None = None,
        spoilers: bool | None = None,
    ) -> None:
        mode = await spoiler_mode(self.bot, interaction, spoilers)
        wanted = QuoteFilter(
            character=resolve_character(self.pack.characters, character).id if character else None,
            kind=QuoteKind(kind.value) if kind else None,
            include_spoilers=mode.include,
        )
        channel_id = interaction.channel_id or interaction.user.id
        chosen = await self.service.random_quote(interaction.guild_id, channel_id, wanted)
        embed = quote_embed(
            self.pack,
            chosen,
            mode,
            "A line from the film" if chosen.is_film_line else "From the review",
        )
        await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)

    # --- /quote search

    @quote.command(name="search", description="Search the review; hit words in bold")
    @app_commands.describe(
        text='Words to look for ("promise" also finds "promised")',
        spoilers="Include spoiler sentences (hidden behind ||…|| outside spoiler channels)",
    )
    async def search(
        self, interaction: discord.Interaction[Any], text: SearchText, spoilers: bool | None = None
    ) -> None:
        mode = await spoiler_mode(self.bot, interaction, spoilers)
        hits = await self.service.search(text, include_spoilers=mode.include)
        if not hits:
            raise LanternError(await self._no_match_message(text, mode))
        search = SavedSearch(
            search_id=interaction.id,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id or interaction.user.id,
            owner_id=interaction.user.id,
            query=text,
            spoilers=spoilers,
        )
        await self.service.save_search(search)  # before the buttons exist that need it
        page = SearchPage(self.index, self.pack, search, hits, mode)
        await interaction.response.send_message(
            page.heading(), embed=page.embed(), view=page.view(), allowed_mentions=SAFE_MENTIONS
        )

    async def search_clicked(
        self, interaction: discord.Interaction[Any], button: SearchButton
    ) -> None:
        search = await self.service.saved_search(button.search_id)
        if search is None:
            raise LanternError("That search has expired. Run `/quote search` again.")
        if interaction.user.id != search.owner_id:
            raise LanternError(
                "These buttons belong to whoever searched. Run `/quote search` yourself!"
            )
        mode = await spoiler_mode(self.bot, interaction, search.spoilers)
        hits = await self.service.search(search.query, include_spoilers=mode.include)
        if not hits:
            raise LanternError("That search no longer finds anything here.")
        page = SearchPage(self.index, self.pack, search, hits, mode, button.position, button.radius)
        await interaction.response.edit_message(
            content=page.heading(), embed=page.embed(), view=page.view(),
            allowed_mentions=SAFE_MENTIONS,
        )  # fmt: skip

    async def _no_match_message(self, text: str, mode: SpoilerMode) -> str:
        shown = escape_user_text(shorten(text, 80))
        if not mode.include and await self.service.search(text, include_spoilers=True):
            return (
                f"Only spoiler sentences match “{shown}”. Add `spoilers:True` to see them "
                "hidden behind a spoiler tag, or search in a spoiler channel."
            )
        return f"No sentence of the review matches “{shown}”. Try fewer or other words."

    @search.autocomplete("text")
    async def _search_text(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        # Autocomplete cannot hide text behind a spoiler tag, so only spoiler channels get them.
        include = await in_spoiler_channel(self.bot, interaction.channel)
        return quote_choices(await self.service.suggest(current, include_spoilers=include))

    # --- /quote line

    @quote.command(name="line", description="The film's own lines: whose they are, spoken or not")
    @app_commands.describe(
        character="Only this character's lines",
        spoilers="Include spoiler lines (hidden behind ||…|| outside spoiler channels)",
    )
    async def line(
        self,
        interaction: discord.Interaction[Any],
        character: NameText | None = None,
        spoilers: bool | None = None,
    ) -> None:
        mode = await spoiler_mode(self.bot, interaction, spoilers)
        who = resolve_character(self.pack.characters, character) if character else None
        lines = self.index.lines(who.id if who else None)
        title = f"{who.name}’s lines" if who else "The film’s lines"
        embed = discord.Embed(title=title, colour=EMBED_COLOUR)
        entries = line_entries(self.pack, lines, mode)
        embed.description = "\n".join(entries) or f"{title}: none in the review."
        await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)

    @random_quote.autocomplete("character")
    @line.autocomplete("character")
    async def _character_autocomplete(
        self, _: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return character_autocomplete_choices(self.pack, current)

    # --- /quote daily channel | off

    @daily.command(name="channel", description="Post a spoiler-free quote here every day")
    @app_commands.describe(
        channel="Where the daily quote goes",
        hour="UTC hour, 0–23 (default: the current hour, so the first quote comes right away)",
    )
    async def daily_channel(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        hour: app_commands.Range[int, 0, 23] | None = None,
    ) -> None:
        guild_id = require_guild_id(interaction)
        require_manage_guild(interaction)
        check_can_post(channel)
        chosen_hour = self.bot.clock.now().hour if hour is None else hour
        schedule = await self.service.configure_daily(
            guild_id, channel.id, chosen_hour, interaction.user.id
        )
        when = discord.utils.format_dt(schedule.next_post_at, "R")
        await interaction.response.send_message(
            f"A spoiler-free quote will be posted in {channel.mention} every day at "
            f"{chosen_hour:02d}:00 UTC. Next one: {when}.",
            ephemeral=True,
            allowed_mentions=SAFE_MENTIONS,
        )
        self.daily_poster.wake()  # if it is due this hour, post now rather than next minute

    @daily.command(name="off", description="Stop the daily quote")
    async def daily_off(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild_id(interaction)
        require_manage_guild(interaction)
        stopped = await self.service.disable_daily(guild_id)
        text = "The daily quote is off." if stopped else "There was no daily quote to turn off."
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )
