"""`/film`: a spoiler-free guide to the film, built from the film pack."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs._common import EMBED_COLOUR, NameText, character_autocomplete_choices, spoiler_mode
from cogs._replies import SAFE_MENTIONS
from lantern.markdown import SpoilerMode, escape_markdown
from lantern.pack import Character
from lantern.quotes.characters import resolve_character
from lantern.quotes.index import QuoteIndex
from lantern.quotes.render import line_entries, quote_markdown
from lantern.wording import count

if TYPE_CHECKING:
    from app.bot import LanternBot

FIELD_LIMIT = 1024
SPOILER_MENTIONS_SHOWN = 3


def join_within(parts: Sequence[str], limit: int = FIELD_LIMIT, separator: str = "\n") -> str:
    """Whole parts only (never cutting through markdown or a spoiler tag), up to `limit`."""
    kept: list[str] = []
    length = 0
    for part in parts:
        extra = len(part) + (len(separator) if kept else 0)
        if length + extra > limit:
            break
        kept.append(part)
        length += extra
    return separator.join(kept)


def spoken_list(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class FilmCog(commands.Cog):
    film = app_commands.Group(name="film", description="A spoiler-free guide to the film")

    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.pack = bot.pack
        self.index = QuoteIndex.for_pack(bot.pack)

    @film.command(name="about", description="The film at a glance, without spoilers")
    async def about(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(
            embed=self.about_embed(), allowed_mentions=SAFE_MENTIONS
        )

    def about_embed(self) -> discord.Embed:
        pack = self.pack
        embed = discord.Embed(
            title=pack.title[:256], description=escape_markdown(pack.logline), colour=EMBED_COLOUR
        )
        embed.add_field(
            name="Setting", value=escape_markdown(pack.setting)[:FIELD_LIMIT], inline=False
        )
        people = [
            f"**{escape_markdown(c.name)}**: {escape_markdown(c.summary)}" for c in pack.characters
        ]
        embed.add_field(name="Main characters", value=join_within(people), inline=False)
        if pack.themes:
            embed.add_field(
                name="Themes", value=escape_markdown(", ".join(pack.themes)), inline=False
            )
        embed.set_footer(text="Spoiler-free. Every fact comes from the review.")
        return embed

    @film.command(name="character", description="One character: who they are, where, their lines")
    @app_commands.describe(
        name="The character (name, nickname or how the review describes them)",
        spoilers="Include spoiler facts (hidden behind ||…|| outside spoiler channels)",
    )
    async def character(
        self, interaction: discord.Interaction[Any], name: NameText, spoilers: bool | None = None
    ) -> None:
        # Autocomplete is only a suggestion in the client: the typed name is checked again here.
        character = resolve_character(self.pack.characters, name)
        mode = await spoiler_mode(self.bot, interaction, spoilers)
        await interaction.response.send_message(
            embed=self.character_embed(character, mode), allowed_mentions=SAFE_MENTIONS
        )

    @character.autocomplete("name")
    async def _character_name(
        self, _: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return character_autocomplete_choices(self.pack, current)

    def character_embed(self, character: Character, mode: SpoilerMode) -> discord.Embed:
        embed = discord.Embed(
            title=character.name[:256],
            description=escape_markdown(character.summary),
            colour=EMBED_COLOUR,
        )
        known_as = [*character.aliases, *character.descriptions]
        if known_as:
            embed.add_field(
                name="Also called", value=escape_markdown(", ".join(known_as))[:FIELD_LIMIT]
            )
        embed.add_field(name="In the review", value=self._appearances(character.id), inline=False)
        first = self._first_mention(character.id)
        if first:
            embed.add_field(name="First mention", value=first, inline=False)
        lines = self.index.lines(character.id)
        if lines:
            entries = line_entries(self.pack, lines, mode)  # never empty when there are lines
            embed.add_field(name="Lines", value=join_within(entries), inline=False)
        spoiler_facts = self._spoiler_mentions(character.id, mode)
        if spoiler_facts:
            embed.add_field(name="Spoilers", value=spoiler_facts, inline=False)
        return embed

    def _appearances(self, character_id: str) -> str:
        seen = self.index.appearances(character_id)
        if not seen.sentences:
            return "Not mentioned by name in the review."
        where = spoken_list([str(p) for p in seen.paragraphs])
        paragraphs = "paragraph" if len(seen.paragraphs) == 1 else "paragraphs"
        total = self.index.paragraph_count
        return f"Mentioned in {seen.sentences} sentences, in {paragraphs} {where} (of {total})."

    def _first_mention(self, character_id: str) -> str:
        for quote in self.index.mentions(character_id):
            if not quote.spoiler:
                return join_within([f"> {quote_markdown(quote)}"])
        return ""

    def _spoiler_mentions(self, character_id: str, mode: SpoilerMode) -> str:
        mentions = [q for q in self.index.mentions(character_id) if q.spoiler]
        if not mentions:
            return ""
        if not mode.include:
            them = "it" if len(mentions) == 1 else "them"
            left_out = count(len(mentions), "spoiler sentence")
            return f"{left_out} left out: add `spoilers:True` to see {them}."
        shown = [mode.show(True, quote_markdown(q)) for q in mentions[:SPOILER_MENTIONS_SHOWN]]
        return join_within(shown)


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(FilmCog(bot))
