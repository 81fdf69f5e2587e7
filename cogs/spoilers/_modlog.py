"""The moderators' log channel: who changed what, and problems told once."""

from __future__ import annotations

import logging

import discord

from cogs._replies import SAFE_MENTIONS
from lantern.spoilers.service import SpoilerService

log = logging.getLogger(__name__)


class ModLog:
    def __init__(self, service: SpoilerService) -> None:
        self.service = service

    async def send(self, guild: discord.Guild, text: str) -> None:
        config = await self.service.config(guild.id)
        channel = guild.get_channel(config.log_channel_id or 0)
        if not isinstance(channel, discord.TextChannel):
            return
        if not channel.permissions_for(guild.me).send_messages:
            return  # known in advance: don't collect 403s (settings and log-channel set say so)
        try:
            await channel.send(text[:2000], allowed_mentions=SAFE_MENTIONS)
        except discord.HTTPException:
            log.warning("Could not write to the spoiler log channel of guild %s", guild.id)

    async def notify_once(self, guild: discord.Guild, kind: str, text: str) -> None:
        """Tell the moderators about a problem once (log channel + /spoilers settings)."""
        if await self.service.record_notice(guild.id, kind, text):
            log.warning("Guild %s: %s", guild.id, text)
            await self.send(guild, f"⚠️ {text}")
