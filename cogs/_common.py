"""Adapter helpers shared by the cogs: replies, errors, permission checks, escaping, spoiler
mode and character autocomplete."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from lantern.errors import LanternError, PermissionDenied
from lantern.markdown import SpoilerMode, shorten
from lantern.quotes.characters import character_choices

if TYPE_CHECKING:
    from bot import LanternBot
    from lantern.pack import FilmPack

log = logging.getLogger(__name__)

# User-supplied text must never ping anyone, so every send uses this.
SAFE_MENTIONS = discord.AllowedMentions.none()
EMBED_COLOUR = discord.Colour(0xE0A040)  # lantern amber
SPOILER_COLOUR = discord.Colour(0x2F3136)
# Discord's autocomplete limits: at most 25 choices, each name and value at most 100 characters.
CHOICE_LIMIT = 25
CHOICE_LENGTH = 100

# Shown each new message (LanternBot.on_message): the work the message needs, or None when it
# needs none, decided without awaiting because that is almost every message.
MessageWatcher = Callable[[discord.Message], Awaitable[None] | None]


def escape_user_text(text: str) -> str:
    """Make user text inert: no markdown (including `||`), no mass mentions."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def can_manage_guild(interaction: discord.Interaction[Any]) -> bool:
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator


def require_manage_guild(interaction: discord.Interaction[Any]) -> None:
    """Run-time check, because server admins can override `default_permissions`."""
    if not can_manage_guild(interaction):
        raise PermissionDenied("You need the **Manage Server** permission to do that.")


NOT_IN_A_SERVER = "That command only works in a server."


def require_guild_id(interaction: discord.Interaction[Any]) -> int:
    """The id of the server the command runs in. `guild_only` is ignored on subcommand
    groups, so a DM can reach their commands."""
    if interaction.guild_id is None:
        raise LanternError(NOT_IN_A_SERVER)
    return interaction.guild_id


def require_guild(interaction: discord.Interaction[Any]) -> discord.Guild:
    """The server the command runs in, for commands that need its channels, roles or me."""
    if interaction.guild is None:
        raise LanternError(NOT_IN_A_SERVER)
    return interaction.guild


async def in_spoiler_channel(bot: LanternBot, channel: object) -> bool:
    """Is `channel` a spoiler channel of its guild? Threads and forum posts follow their parent."""
    guild = getattr(channel, "guild", None)
    if guild is None:
        return False
    is_thread = isinstance(channel, discord.Thread)
    channel_id = channel.parent_id if is_thread else getattr(channel, "id", 0)
    return await bot.spoilers.is_spoiler_channel(guild.id, channel_id)


async def spoiler_mode(
    bot: LanternBot, interaction: discord.Interaction[Any], requested: bool | None
) -> SpoilerMode:
    """How spoilers show in this command's answer: by its channel and its `spoilers` option."""
    return SpoilerMode(await in_spoiler_channel(bot, interaction.channel), requested)


def character_autocomplete_choices(pack: FilmPack, typed: str) -> list[app_commands.Choice[str]]:
    found = character_choices(pack.characters, typed[:CHOICE_LENGTH], CHOICE_LIMIT)
    return [
        app_commands.Choice(name=shorten(c.name, CHOICE_LENGTH), value=c.name[:CHOICE_LENGTH])
        for c in found
    ]


def missing_post_permissions(channel: Any) -> list[str]:
    """The permissions the bot lacks to post embeds in `channel` (a thread needs Send
    Messages in Threads rather than Send Messages)."""
    me = channel.guild.me
    if me is None:  # not in the member cache: let Discord be the judge
        return []
    permissions = channel.permissions_for(me)
    is_thread = isinstance(channel, discord.Thread)
    send = permissions.send_messages_in_threads if is_thread else permissions.send_messages
    missing = []
    if not permissions.view_channel:
        missing.append("View Channel")
    if not send:
        missing.append("Send Messages")
    if not permissions.embed_links:
        missing.append("Embed Links")
    return missing


def check_can_post(channel: Any, doing: str = "post embeds", advice: str = "") -> None:
    """Refuse, before any work, when the bot lacks what it needs to post in `channel`. `doing`
    is what it was asked to do there ("run a quiz"); `advice`, a sentence added if given, what
    the member can do about it."""
    missing = missing_post_permissions(channel)
    if missing:
        needed = "** and **".join(missing)
        text = f"I can't {doing} in {channel.mention}: I need **{needed}** there."
        raise LanternError(f"{text} {advice}" if advice else text)


async def reply_privately(interaction: discord.Interaction[Any], text: str, **kwargs: Any) -> None:
    """An ephemeral answer that works whether or not the interaction was already answered."""
    kwargs.setdefault("allowed_mentions", SAFE_MENTIONS)
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, **kwargs)
    else:
        await interaction.response.send_message(text, ephemeral=True, **kwargs)


def _unwrap(error: BaseException) -> BaseException:
    if isinstance(error, app_commands.CommandInvokeError):
        return error.original
    # A transformer that raised a domain error should read as that error.
    if isinstance(error, app_commands.TransformerError) and isinstance(
        error.__cause__, LanternError
    ):
        return error.__cause__
    return error


def friendly_text(error: BaseException) -> str | None:
    """The message for errors users can act on; None for unexpected ones."""
    if isinstance(error, LanternError):
        return error.user_message
    if isinstance(error, app_commands.MissingPermissions):
        missing = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"You need the **{missing}** permission to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return NOT_IN_A_SERVER
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {error.value!r} there."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that here."
    return None


async def report_error(
    interaction: discord.Interaction[Any], error: BaseException, where: str
) -> None:
    """The one error path: friendly text for domain errors, a logged traceback plus a
    reference for the rest. Used by the command tree and by every view."""
    error = _unwrap(error)
    text = friendly_text(error)
    if text is None:
        ref = secrets.token_hex(3).upper()
        log.error("Unexpected error (ref %s) in %s", ref, where, exc_info=error)
        text = f"Sorry, something went wrong on my side (ref {ref})."
    try:
        await reply_privately(interaction, text)
    except discord.HTTPException:
        log.warning("Could not deliver the error reply for %s", where, exc_info=True)


async def handle_view_error(
    interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
) -> None:
    """Drop-in body for `ui.View.on_error` / DynamicItem callbacks."""
    custom_id = getattr(item, "custom_id", None)
    await report_error(interaction, error, f"component {custom_id or type(item).__name__}")


CogT = TypeVar("CogT", bound=commands.Cog)


def loaded_cog(client: discord.Client, cog_type: type[CogT], unavailable: str) -> CogT:
    """The loaded cog a persistent component's click belongs to. A click can arrive while that
    cog is unloaded (it failed to load, or is being reloaded): then `unavailable` is the answer."""
    cog = client.get_cog(cog_type.__cog_name__) if isinstance(client, commands.Bot) else None
    if not isinstance(cog, cog_type):
        raise LanternError(unavailable)
    return cog


class ReportsErrors:
    """Mixin for every `ui.DynamicItem` (list it first): discord.py only logs what a dynamic
    item's callback raises and the member sees "interaction failed", so the click runs through
    the one error path instead. Subclasses implement `clicked`."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.clicked(interaction)
        except Exception as error:
            await handle_view_error(interaction, error, self)  # type: ignore[arg-type]

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError


class LanternTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /
    ) -> None:
        name = interaction.command.qualified_name if interaction.command else "unknown command"
        await report_error(interaction, error, f"/{name}")
