"""`/quote`: random quotes, full-text search with context, the film's lines and a daily quote.

A thin adapter: options are parsed here, `lantern.quotes.service.QuoteService` does the work,
and the helpers at the bottom render quotes as embeds (also used by `cogs/film.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands, ui
from discord.ext import commands

from cogs._common import (
    EMBED_COLOUR,
    SAFE_MENTIONS,
    SPOILER_COLOUR,
    escape_user_text,
    handle_view_error,
    in_spoiler_channel,
    require_manage_guild,
)
from lantern.errors import LanternError
from lantern.pack import FilmPack
from lantern.quotes.characters import character_choices, resolve_character
from lantern.quotes.index import QuoteFilter, QuoteIndex
from lantern.quotes.model import Quote, QuoteKind
from lantern.quotes.render import SpoilerMode, review_markdown, shorten
from lantern.quotes.search import SearchHit
from lantern.quotes.service import DailyPost, QuoteService

if TYPE_CHECKING:
    from bot import LanternBot

log = logging.getLogger(__name__)

SEARCH_VIEW_TIMEOUT = 600  # seconds; a search result's buttons stay usable this long
MAX_CONTEXT_RADIUS = 4
CHOICE_LIMIT = 25
CHOICE_LENGTH = 100
KIND_CHOICES = [
    app_commands.Choice(name="film line", value=QuoteKind.FILM_LINE.value),
    app_commands.Choice(name="review", value=QuoteKind.REVIEW.value),
]


# ----------------------------------------------------------------------------- rendering


def character_names(pack: FilmPack, ids: Sequence[str]) -> str:
    return ", ".join(pack.character(c).name for c in ids) or "—"


def quote_markdown(quote: Quote, hits: Sequence[tuple[int, int]] = ()) -> str:
    """A quote's text as markdown; film lines in italics, like the review sets them."""
    if quote.is_film_line:
        return review_markdown(f"*{quote.text}*", [(a + 1, b + 1) for a, b in hits])
    return review_markdown(quote.text, hits)


def said_by(pack: FilmPack, quote: Quote) -> str:
    """Who says a film line and how: `**Jingwen** (her knowing smile says it)`."""
    speaker = pack.character(quote.speaker).name if quote.speaker else "someone"
    how = f" ({review_markdown(quote.how)})" if quote.how else ""
    return f"**{speaker}**{how}"


def line_entry(pack: FilmPack, quote: Quote) -> str:
    """One film line with who says it and how: `_I see you now._ — **Jingwen** (how)`."""
    return f"{quote_markdown(quote)} — {said_by(pack, quote)}"


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


async def spoiler_mode(
    bot: LanternBot, interaction: discord.Interaction[Any], requested: bool | None
) -> SpoilerMode:
    return SpoilerMode(await in_spoiler_channel(bot, interaction.channel), requested)


def quote_choices(quotes: Sequence[Quote]) -> list[app_commands.Choice[str]]:
    """Autocomplete choices (≤ 25, each ≤ 100 chars); the value is searchable sentence text."""
    choices: list[app_commands.Choice[str]] = []
    for quote in quotes[:CHOICE_LIMIT]:
        text = shorten(quote.text.replace("*", ""), CHOICE_LENGTH)
        choices.append(app_commands.Choice(name=text, value=text))
    return choices


def character_autocomplete_choices(pack: FilmPack, typed: str) -> list[app_commands.Choice[str]]:
    found = character_choices(pack.characters, typed[:CHOICE_LENGTH], CHOICE_LIMIT)
    return [
        app_commands.Choice(name=shorten(c.name, CHOICE_LENGTH), value=c.name[:CHOICE_LENGTH])
        for c in found
    ]


# ----------------------------------------------------------------------------- search view


class SearchResultView(ui.View):
    """Buttons under a search result: "More context" widens the window around the match and
    "Next match" moves to the next hit. Only the member who searched may click."""

    def __init__(
        self,
        cog: QuotesCog,
        owner_id: int,
        query: str,
        hits: Sequence[SearchHit],
        mode: SpoilerMode,
    ) -> None:
        super().__init__(timeout=SEARCH_VIEW_TIMEOUT)
        self.cog = cog
        self.owner_id = owner_id
        self.query = query
        self.hits = list(hits)
        self.mode = mode
        self.position = 0
        self.radius = 0
        self.message: discord.InteractionMessage | None = None
        self._sync_buttons()

    def embed(self) -> discord.Embed:
        hit = self.hits[self.position]
        quote = self.cog.index.get(hit.quote_id)
        assert quote is not None
        title = f"Match {self.position + 1} of {len(self.hits)}"
        return quote_embed(self.cog.pack, quote, self.mode, title, self._text(quote, hit))

    def heading(self) -> str:
        """The message content above the result: the search, made inert."""
        return f"Search: {escape_user_text(shorten(self.query, 100))}"

    def _text(self, quote: Quote, hit: SearchHit) -> str:
        if self.radius == 0:
            return review_markdown(hit.text, hit.hits)
        parts: list[str] = []
        for neighbour in self.cog.index.context(quote.id, self.radius):
            if neighbour.id == quote.id:
                parts.append(review_markdown(hit.text, hit.hits))
            elif not neighbour.spoiler or self.mode.include:
                parts.append(self.mode.show(neighbour.spoiler, review_markdown(neighbour.text)))
        return " ".join(parts)

    def _sync_buttons(self) -> None:
        quote = self.cog.index.get(self.hits[self.position].quote_id)
        whole = quote is not None and len(self.cog.index.context(quote.id, self.radius + 1)) == len(
            self.cog.index.context(quote.id, self.radius)
        )
        self.more_context.disabled = whole or self.radius >= MAX_CONTEXT_RADIUS
        self.next_match.disabled = self.position + 1 >= len(self.hits)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These buttons belong to whoever searched. Run `/quote search` yourself!",
            ephemeral=True,
            allowed_mentions=SAFE_MENTIONS,
        )
        return False

    @ui.button(label="More context", style=discord.ButtonStyle.secondary)
    async def more_context(self, interaction: discord.Interaction[Any], _: ui.Button[Any]) -> None:
        self.radius += 1
        await self._redraw(interaction)

    @ui.button(label="Next match", style=discord.ButtonStyle.primary)
    async def next_match(self, interaction: discord.Interaction[Any], _: ui.Button[Any]) -> None:
        self.position = min(self.position + 1, len(self.hits) - 1)
        self.radius = 0
        await self._redraw(interaction)

    async def _redraw(self, interaction: discord.Interaction[Any]) -> None:
        self._sync_buttons()
        await interaction.response.edit_message(
            content=self.heading(), embed=self.embed(), view=self, allowed_mentions=SAFE_MENTIONS
        )

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, ui.Button):
                item.disabled = True
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: ui.Item[Any]
    ) -> None:
        await handle_view_error(interaction, error, item)


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
        self.service = QuoteService(bot.db, self.index, bot.clock)
        self._daily_task: asyncio.Task[None] | None = None
        self._daily_wake = asyncio.Event()  # set when a schedule changes: check right away

    async def cog_load(self) -> None:
        indexed = await self.service.rebuild_search_index()
        log.info("Quote search index rebuilt with %d sentences", indexed)
        self._daily_task = asyncio.create_task(self._daily_loop(), name="lantern-daily-quote")

    async def cog_unload(self) -> None:
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
        guild_id = interaction.guild.id if interaction.guild else None
        channel_id = interaction.channel_id or interaction.user.id
        chosen = await self.service.random_quote(guild_id, channel_id, wanted)
        embed = quote_embed(
            self.pack,
            chosen,
            mode,
            "A line from the film" if chosen.is_film_line else "From the review",
        )
        await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)

    @random_quote.autocomplete("character")
    async def _random_character(
        self, _: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return character_autocomplete_choices(self.pack, current)

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
        view = SearchResultView(self, interaction.user.id, text, hits, mode)
        await interaction.response.send_message(
            view.heading(), embed=view.embed(), view=view, allowed_mentions=SAFE_MENTIONS
        )
        view.message = await interaction.original_response()

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
        embed.description = lines_text(
            self.pack, lines, mode, empty=f"{title}: none in the review."
        )
        await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)

    @line.autocomplete("character")
    async def _line_character(
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
        guild_id = server_id(interaction)
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
        guild_id = server_id(interaction)
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
        delay = (moment - self.bot.clock.now()).total_seconds()
        if delay <= 0:
            return
        sleeping = asyncio.ensure_future(self.bot.clock.sleep(delay))
        woken = asyncio.ensure_future(self._daily_wake.wait())
        try:
            await asyncio.wait({sleeping, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeping.cancel()
            woken.cancel()
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


def lines_text(pack: FilmPack, lines: Sequence[Quote], mode: SpoilerMode, *, empty: str) -> str:
    """Film lines, one per line; spoiler lines left out (with a note) or wrapped per `mode`."""
    shown = [
        mode.show(q.spoiler, line_entry(pack, q)) for q in lines if mode.include or not q.spoiler
    ]
    hidden = sum(1 for q in lines if q.spoiler and not mode.include)
    if hidden:
        what = "1 more line is a spoiler" if hidden == 1 else f"{hidden} more lines are spoilers"
        shown.append(f"_{what}: add `spoilers:True` to see them behind a spoiler tag._")
    return "\n".join(shown) or empty


def check_can_post(channel: discord.TextChannel) -> None:
    me = channel.guild.me
    if me is None:
        return
    permissions = channel.permissions_for(me)
    if not (permissions.send_messages and permissions.embed_links):
        raise LanternError(
            f"I can't post embeds in {channel.mention}: I need **Send Messages** and "
            "**Embed Links** there."
        )


def server_id(interaction: discord.Interaction[Any]) -> int:
    # `guild_only` is ignored on subcommand groups, so a DM can reach these commands.
    if interaction.guild_id is None:
        raise LanternError("That command only works in a server.")
    return interaction.guild_id


def next_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(QuotesCog(bot))
