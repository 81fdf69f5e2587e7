"""The card a quote is shown on, and quotes as autocomplete choices."""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands

from cogs._common import (
    CHOICE_LENGTH,
    CHOICE_LIMIT,
    EMBED_COLOUR,
    SPOILER_COLOUR,
)
from lantern.markdown import SpoilerMode, shorten
from lantern.pack import FilmPack
from lantern.quotes.model import Quote
from lantern.quotes.render import character_names, line_label, quote_markdown, said_by


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
        embed.add_field(name=line_label(quote), value=said, inline=True)
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
