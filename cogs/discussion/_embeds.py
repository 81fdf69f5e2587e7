"""The card a prompt is shown on, and opening the answers' thread under it."""

from __future__ import annotations

import logging

import discord

from cogs._common import EMBED_COLOUR
from lantern.discussion.rotation import thread_name
from lantern.markdown import shorten
from lantern.pack import FilmPack, Prompt

log = logging.getLogger(__name__)

THREAD_ARCHIVE_MINUTES = 10080  # a week: a prompt's talk outlives a day's quiet


def prompt_embed(pack: FilmPack, prompt: Prompt, heading: str) -> discord.Embed:
    embed = discord.Embed(
        title=shorten(prompt.text, 256), description=_passage(prompt), colour=EMBED_COLOUR
    )
    embed.set_author(name=shorten(heading, 256))
    embed.set_footer(text=shorten(f"{pack.title} · {prompt.theme}", 2048))
    return embed


def _passage(prompt: Prompt) -> str:
    # The review's own words, as a quote block; the pack keeps passages short and plain.
    lines = " ".join(prompt.passage.split())
    return f"> {lines}\n— from the review"


async def open_thread(message: discord.Message, prompt: Prompt) -> discord.Thread | None:
    """The public thread for the answers; None where none can be opened (the prompt still
    stands, and the answers go in the channel)."""
    try:
        return await message.create_thread(
            name=thread_name(prompt), auto_archive_duration=THREAD_ARCHIVE_MINUTES
        )
    except discord.HTTPException:
        log.warning("Could not open a thread on prompt message %s", message.id, exc_info=True)
        return None
