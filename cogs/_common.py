"""Adapter helpers shared by the cogs: replies, errors, permission checks, escaping, spoiler
mode and character autocomplete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from cogs._replies import NOT_IN_A_SERVER
from lantern.errors import LanternError, PermissionDenied
from lantern.markdown import SpoilerMode, shorten
from lantern.quotes.characters import character_choices

if TYPE_CHECKING:
    from app.bot import LanternBot
    from lantern.pack import FilmPack

EMBED_COLOUR = discord.Colour(0xE0A040)  # lantern amber
SPOILER_COLOUR = discord.Colour(0x2F3136)
# Discord's autocomplete limits: at most 25 choices, each name and value at most 100 characters.
CHOICE_LIMIT = 25
CHOICE_LENGTH = 100
# Free-text options are capped where Discord's client enforces it: a name, a search, a phrase.
NameText = app_commands.Range[str, 1, CHOICE_LENGTH]
SearchText = app_commands.Range[str, 1, 200]


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


def can_manage_messages(channel: Any) -> bool:
    """Whether the bot may remove other members' messages in `channel`."""
    me = getattr(channel.guild, "me", None)
    return me is not None and channel.permissions_for(me).manage_messages


def role_problem(guild: discord.Guild, role: discord.Role) -> str | None:
    """Why the bot cannot give `role` to members, or None if it can."""
    me = guild.me
    if role.is_default() or role.managed:
        return f"{role.mention} is managed by Discord or an integration; no one can hand it out"
    if not me.guild_permissions.manage_roles:
        return "I need the **Manage Roles** permission"
    if role >= me.top_role:
        return f"{role.mention} sits at or above my highest role, {me.top_role.mention}"
    return None


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


HandlerT = TypeVar("HandlerT")


def loaded_cog(
    client: discord.Client, cog_name: str, handler: type[HandlerT], unavailable: str
) -> HandlerT:
    """The loaded cog a persistent component's click belongs to, as the `handler` protocol the
    component needs (components live apart from their cog, which imports them). A click can
    arrive while that cog is unloaded (it failed to load, or is being reloaded): then
    `unavailable` is the answer."""
    cog = client.get_cog(cog_name) if isinstance(client, commands.Bot) else None
    if not isinstance(cog, handler):
        raise LanternError(unavailable)
    return cog
