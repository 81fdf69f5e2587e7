"""What `/spoilers settings` and `/spoilers stats` show: embeds built from the service."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import discord

from cogs._common import EMBED_COLOUR
from lantern.spoilers import render
from lantern.spoilers.policy import REQUIRED_PERMISSIONS, GuildSpoilerConfig, Mode, Permission
from lantern.spoilers.service import SpoilerService


def mention_list(ids: Iterable[int], mention: Callable[[int], str], separator: str = ", ") -> str:
    """The mentions of `ids` in id order, cut short ("…and N more") past the list limit."""
    return render.bounded_list([mention(i) for i in sorted(ids)], separator)


def missing_guild_permissions(guild: discord.Guild, mode: Mode) -> list[Permission]:
    granted = guild.me.guild_permissions
    return [perm for perm in REQUIRED_PERMISSIONS[mode] if not getattr(granted, perm.value)]


async def settings_embed(
    service: SpoilerService, guild: discord.Guild, message_content: bool
) -> discord.Embed:
    config = await service.config(guild.id)
    today = service.clock.now().date()
    embed = discord.Embed(title="Spoiler settings", colour=EMBED_COLOUR)
    embed.add_field(name="Mode", value=render.mode_text(config, today), inline=False)
    channels = mention_list(config.spoiler_channel_ids, render.channel_mention)
    embed.add_field(name="Spoiler channels", value=channels)
    embed.add_field(
        name="Exempt roles", value=mention_list(config.exempt_role_ids, render.role_mention)
    )
    log_channel = config.log_channel_id
    embed.add_field(
        name="Log channel",
        value=render.channel_mention(log_channel) if log_channel else render.NONE,
    )
    seen_role = config.seen_role_id
    embed.add_field(
        name="“I’ve seen it” role",
        value=render.role_mention(seen_role) if seen_role else render.NONE,
    )
    embed.add_field(
        name="Terms",
        value=f"{len(service.default_terms)} from the film + {len(config.terms)} of this server",
    )
    embed.add_field(name="Embargo", value=render.embargo_text(config, today), inline=False)
    twists = [twist.label for twist in service.twists.twists]
    builtin = render.builtin_text(twists, service.default_terms, config.builtin)
    embed.add_field(name="The film's built-in protection", value=builtin, inline=False)
    warnings = await warnings_text(service, guild, config, message_content)
    embed.add_field(name="Warnings", value=warnings, inline=False)
    return embed


async def warnings_text(
    service: SpoilerService, guild: discord.Guild, config: GuildSpoilerConfig, message_content: bool
) -> str:
    warnings = []
    if not message_content:
        warnings.append(render.intent_warning())
    missing = missing_guild_permissions(guild, config.mode)
    if missing:
        warnings.append(render.missing_permissions_warning(config.mode, missing, "this server"))
    log_channel = guild.get_channel(config.log_channel_id or 0)
    if isinstance(log_channel, discord.TextChannel) and not (
        log_channel.permissions_for(guild.me).send_messages
    ):
        warnings.append(f"I can't send messages in the log channel {log_channel.mention}.")
    warnings.extend((await service.notices(guild.id)).values())
    text = "\n".join(f"⚠️ {warning}" for warning in dict.fromkeys(warnings))
    return text[:1024] if text else "none"


async def stats_embed(
    service: SpoilerService, guild: discord.Guild, member: discord.Member | None
) -> discord.Embed:
    report = await service.stats(guild.id, member.id if member else None)
    who = member.display_name if member else guild.name
    embed = discord.Embed(title=f"Spoiler stats: {who}", colour=EMBED_COLOUR)
    for window in (report.all_time, report.recent):
        for name, value in render.stats_fields(window, with_members=member is None):
            embed.add_field(name=name, value=value[:1024], inline=False)
    return embed
