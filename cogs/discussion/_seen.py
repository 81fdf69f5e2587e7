"""Giving and taking the "I've seen it" role. What Discord would refuse (no Manage Roles, a role
at or above the bot's highest) is found before asking, so a refusal costs no request; a 403
that comes anyway is handled the same way. Either way the member hears why, the moderators
hear it once (in the spoiler log channel, if one is set), and nothing is retried."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from cogs._common import require_guild, role_problem
from cogs._replies import SAFE_MENTIONS, reply_privately
from lantern.errors import LanternError

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)

NO_ROLE = (
    "This server has no “I’ve seen it” role yet: a moderator can name one with "
    "`/spoilers seen-role set`."
)


class SeenRoles:
    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.spoilers = bot.spoilers  # the seen role is a spoiler setting

    async def role(self, guild: discord.Guild) -> discord.Role:
        role_id = (await self.spoilers.config(guild.id)).seen_role_id
        if role_id is None:
            raise LanternError(NO_ROLE)
        role = guild.get_role(role_id)
        if role is None:
            raise LanternError(
                "The “I’ve seen it” role no longer exists: ask a moderator to name another one."
            )
        return role

    async def toggle(self, interaction: discord.Interaction[Any]) -> None:
        guild = require_guild(interaction)
        member = interaction.user
        assert isinstance(member, discord.Member)  # interactions in a server carry the member
        role = await self.role(guild)
        problem = role_problem(guild, role)
        if problem is not None:
            await self._refuse(guild, problem)
        had = member.get_role(role.id) is not None
        try:
            if had:
                await member.remove_roles(role, reason="/seen: asked to drop it")
            else:
                await member.add_roles(role, reason="/seen: has seen the film")
        except discord.Forbidden:
            await self._refuse(guild, f"Discord refused to change {role.mention}")
        await self.spoilers.seen_role_problem_gone(guild.id)
        await reply_privately(interaction, _done_text(role, had))

    async def _refuse(self, guild: discord.Guild, problem: str) -> None:
        """Tell the moderators once, then the member, and stop: never a retry."""
        if await self.spoilers.note_seen_role_problem(guild.id, problem):
            await self._notify_moderators(guild, problem)
        raise LanternError(
            f"I can't change the “I’ve seen it” role right now: {problem}. "
            "The moderators need to fix that; nothing was changed."
        )

    async def _notify_moderators(self, guild: discord.Guild, problem: str) -> None:
        # The spoiler settings' log channel, read-only: the one place moderators watch.
        config = await self.bot.spoilers.config(guild.id)
        channel = guild.get_channel(config.log_channel_id or 0)
        if not isinstance(channel, discord.TextChannel):
            return
        if not channel.permissions_for(guild.me).send_messages:
            return
        text = (
            f"Members can't get the “I’ve seen it” role: {problem}. "
            "(Said once; I'll say it again if it comes back after being fixed.)"
        )
        try:
            await channel.send(text, allowed_mentions=SAFE_MENTIONS)
        except discord.HTTPException:
            log.warning("Could not tell the moderators of guild %s about the seen role", guild.id)


def _done_text(role: discord.Role, had: bool) -> str:
    if had:
        return f"You no longer have {role.mention}. Run `/seen` again to get it back."
    return f"You now have {role.mention}. Run `/seen` again to drop it."
