"""`/quote`: random quotes, full-text search with context, the film's lines and a daily quote.

A thin adapter: options are parsed here, `lantern.quotes.service.QuoteService` does the work,
`lantern.quotes.render` writes the markdown and `quote_embed` lays it out as a card.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord import app_commands, ui
from discord.ext import commands

from cogs._common import (
    CHOICE_LENGTH,
    CHOICE_LIMIT,
    EMBED_COLOUR,
    SAFE_MENTIONS,
    SPOILER_COLOUR,
    ReportsErrors,
    character_autocomplete_choices,
    check_can_post,
    escape_user_text,
    in_spoiler_channel,
    loaded_cog,
    require_guild_id,
    require_manage_guild,
    spoiler_mode,
)
from lantern.clock import sleep_until_or
from lantern.errors import LanternError
from lantern.markdown import SpoilerMode, review_markdown, shorten
from lantern.pack import FilmPack
from lantern.quotes.characters import resolve_character
from lantern.quotes.index import QuoteFilter, QuoteIndex
from lantern.quotes.model import Quote, QuoteKind
from lantern.quotes.render import character_names, line_entries, quote_markdown, said_by
from lantern.quotes.search import SavedSearch, SearchHit
from lantern.quotes.service import DailyPost, QuoteService

if TYPE_CHECKING:
    from bot import LanternBot

log = logging.getLogger(__name__)

MAX_CONTEXT_RADIUS = 4
KIND_CHOICES = [
    app_commands.Choice(name="film line", value=QuoteKind.FILM_LINE.value),
    app_commands.Choice(name="review", value=QuoteKind.REVIEW.value),
]


# ----------------------------------------------------------------------------- rendering


def quote_embed(
    pack: FilmPack, quote: Quote, mode: SpoilerMode, title: str, markdown: str | None = None
) -> discord.Embed:
    """The card for one quote: its text, where it sits in the review, who it tags."""
    hidden = quote.spoiler and not mode.in_spoiler_channel
    embed = discord.Embed(
        title=title,
        description=mode.show(quote.spoiler, markdown or quote_markdown(quote)),
        colour=SPOILER_COLOUR if hidden else EMBED_COLOUR,
    )
    if quote.is_film_line and quote.speaker:
        said = mode.show(quote.spoiler, said_by(pack, quote))
        embed.add_field(name="Said by", value=said, inline=True)
    embed.add_field(name="In the review", value=quote.place.capitalize(), inline=True)
    characters = character_names(pack, quote.characters)
    embed.add_field(name="Characters", value=mode.show(quote.spoiler, characters), inline=True)
    if hidden:
        embed.set_footer(text="Spoiler: click the dark text to reveal it.")
    return embed


def quote_choices(quotes: Sequence[Quote]) -> list[app_commands.Choice[str]]:
    """Autocomplete choices (≤ 25, each ≤ 100 chars); the value is searchable sentence text."""
    choices: list[app_commands.Choice[str]] = []
    for quote in quotes[:CHOICE_LIMIT]:
        text = shorten(quote.text.replace("*", ""), CHOICE_LENGTH)
        choices.append(app_commands.Choice(name=text, value=text))
    return choices


# ----------------------------------------------------------------------------- search result


class SearchPage:
    """One screen of a search result: which match, how much context around it."""

    def __init__(
        self,
        cog: QuotesCog,
        search: SavedSearch,
        hits: Sequence[SearchHit],
        mode: SpoilerMode,
        position: int = 0,
        radius: int = 0,
    ) -> None:
        self.cog, self.search, self.hits, self.mode = cog, search, list(hits), mode
        self.position = min(max(position, 0), len(self.hits) - 1)
        self.radius = min(max(radius, 0), MAX_CONTEXT_RADIUS)
        self.hit = self.hits[self.position]
        quote = cog.index.get(self.hit.quote_id)
        assert quote is not None  # the FTS index is rebuilt from this same index at start-up
        self.quote = quote

    def heading(self) -> str:
        """The message content above the result: the search, made inert."""
        return f"Search: {escape_user_text(shorten(self.search.query, 100))}"

    def embed(self) -> discord.Embed:
        title = f"Match {self.position + 1} of {len(self.hits)}"
        return quote_embed(self.cog.pack, self.quote, self.mode, title, self._text())

    def _text(self) -> str:
        highlighted = review_markdown(self.hit.text, self.hit.hits)
        if self.radius == 0:
            return highlighted
        parts: list[str] = []
        for neighbour in self.cog.index.context(self.quote.id, self.radius):
            if neighbour.id == self.quote.id:
                parts.append(highlighted)
            elif not neighbour.spoiler or self.mode.include:
                parts.append(self.mode.show(neighbour.spoiler, review_markdown(neighbour.text)))
        return " ".join(parts)

    @property
    def can_widen(self) -> bool:
        quote_id, radius = self.quote.id, self.radius
        if radius >= MAX_CONTEXT_RADIUS:
            return False
        context = self.cog.index.context
        return len(context(quote_id, radius + 1)) > len(context(quote_id, radius))

    @property
    def has_next(self) -> bool:
        return self.position + 1 < len(self.hits)

    def view(self) -> ui.View:
        view = ui.View(timeout=None)
        search_id = self.search.search_id
        more = SearchButton(search_id, "more", self.position, self.radius + 1)
        more.item.disabled = not self.can_widen
        following = SearchButton(search_id, "next", self.position + 1, 0)
        following.item.disabled = not self.has_next
        view.add_item(more)
        view.add_item(following)
        return view


class SearchButton(
    ReportsErrors,
    ui.DynamicItem[ui.Button[Any]],
    template=r"quote:s:(?P<search>[0-9]+):(?P<action>more|next):(?P<position>[0-9]+):(?P<radius>[0-9]+)",
):
    """A button under a search result ("More context" or "Next match"). Its custom_id carries
    the page the click leads to and the search is in the database, so clicks survive restarts.
    Numbers in a custom_id are clamped: a forged one can only pick another page."""

    LABELS: ClassVar[dict[str, str]] = {"more": "More context", "next": "Next match"}

    def __init__(self, search_id: int, action: str, position: int, radius: int) -> None:
        style = discord.ButtonStyle.primary if action == "next" else discord.ButtonStyle.secondary
        super().__init__(
            ui.Button(
                label=self.LABELS[action],
                style=style,
                custom_id=f"quote:s:{search_id}:{action}:{position}:{radius}",
            )
        )
        self.search_id, self.position, self.radius = search_id, position, radius

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: ui.Button[Any], match: Any, /
    ) -> SearchButton:
        return cls(
            int(match["search"]), match["action"], int(match["position"]), int(match["radius"])
        )

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        cog = loaded_cog(interaction.client, QuotesCog, "Quotes are switched off right now.")
        await cog.search_clicked(interaction, self)


# ----------------------------------------------------------------------------- the cog


class QuotesCog(commands.Cog):
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
        self._daily_task: asyncio.Task[None] | None = None
        self._daily_wake = asyncio.Event()  # set when a schedule changes: check right away

    async def cog_load(self) -> None:
        indexed = await self.service.rebuild_search_index()
        log.info("Quote search index rebuilt with %d sentences", indexed)
        await self.service.prune_searches()
        self.bot.add_dynamic_items(SearchButton)
        self._daily_task = asyncio.create_task(self._daily_loop(), name="lantern-daily-quote")

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SearchButton)
        if self._daily_task is not None:
            self._daily_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._daily_task

    # --- /quote random

    @quote.command(name="random", description="A random sentence of the review or film line")
    @app_commands.describe(
        character="Only quotes that mention this character",
        kind="A film line (dialogue) or a sentence of the review",
        spoilers="Include spoilers (hidden behind ||…|| outside spoiler channels)",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    async def random_quote(
        self,
        interaction: discord.Interaction[Any],
        character: str | None = None,
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
        self, interaction: discord.Interaction[Any], text: str, spoilers: bool | None = None
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
        page = SearchPage(self, search, hits, mode)
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
        page = SearchPage(self, search, hits, mode, button.position, button.radius)
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

    @quote.command(name="line", description="The film's own lines and who says them")
    @app_commands.describe(
        character="Only this character's lines",
        spoilers="Include spoiler lines (hidden behind ||…|| outside spoiler channels)",
    )
    async def line(
        self,
        interaction: discord.Interaction[Any],
        character: str | None = None,
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
        self._daily_wake.set()  # if it is due this hour, post now rather than next minute

    @daily.command(name="off", description="Stop the daily quote")
    async def daily_off(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild_id(interaction)
        require_manage_guild(interaction)
        stopped = await self.service.disable_daily(guild_id)
        text = "The daily quote is off." if stopped else "There was no daily quote to turn off."
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )

    # --- the daily scheduler

    async def _daily_loop(self) -> None:
        await self.bot.wait_until_ready()
        while not self.bot.is_closed():
            tick_time = self.bot.clock.now()
            try:
                await self.post_due_daily_quotes()
            except Exception:
                log.exception("Daily quote tick failed; trying again next minute")
            await self._sleep_until(next_minute(tick_time))

    async def _sleep_until(self, moment: datetime) -> None:
        """Sleep on the injected clock until `moment`, or until a schedule changes. Measured
        from the tick's own start, so time that passed during the tick is not slept through."""
        if moment <= self.bot.clock.now():
            return
        try:
            await sleep_until_or(self.bot.clock, moment, self._daily_wake)
        finally:
            self._daily_wake.clear()

    async def post_due_daily_quotes(self) -> int:
        """Post every daily quote that is due; returns how many were sent."""
        sent = 0
        for post in await self.service.claim_due_daily_posts():
            sent += await self._send_daily(post)
        return sent

    async def _send_daily(self, post: DailyPost) -> int:
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


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(QuotesCog(bot))
