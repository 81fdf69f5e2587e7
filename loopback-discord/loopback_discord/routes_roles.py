"""Member roles (bot token): add and remove one role, as Discord checks them.

Discord refuses with 403/50013 "Missing Permissions" unless the bot has Manage Roles and the
role sits strictly below the bot's highest role (the owner and Administrator do not lift the
hierarchy for a bot that is neither owner); @everyone and roles managed by an integration can't
be handed out. Both calls answer 204 and, when something changed, send GUILD_MEMBER_UPDATE.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from loopback_discord.permissions import Permission, base_permissions
from loopback_discord.rest import Call, missing_permissions, no_content, not_found, route
from loopback_discord.state import Guild, Member, Role

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord


class RoleRoutes:
    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server
        self._state = server.state

    @route("PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}")
    async def add_member_role(self, call: Call) -> web.Response:
        guild, member, role = self._checked(call)
        if role.id not in member.role_ids:
            member.role_ids.append(role.id)
            self._server.events.member_updated(guild, member)
            self._server.changed.fire()
        return no_content()

    @route("DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}")
    async def remove_member_role(self, call: Call) -> web.Response:
        guild, member, role = self._checked(call)
        if role.id in member.role_ids:
            member.role_ids.remove(role.id)
            self._server.events.member_updated(guild, member)
            self._server.changed.fire()
        return no_content()

    def _checked(self, call: Call) -> tuple[Guild, Member, Role]:
        guild = self._state.guilds.get(call.id("guild_id"))
        if guild is None:
            raise not_found(10004, "Guild")
        member = guild.members.get(call.id("user_id"))
        if member is None:
            raise not_found(10007, "Member")
        role = guild.roles.get(call.id("role_id"))
        if role is None:
            raise not_found(10011, "Role")
        self._check_may_assign(guild, role)
        return guild, member, role

    def _check_may_assign(self, guild: Guild, role: Role) -> None:
        bot = guild.members[self._state.bot.id]
        if not base_permissions(guild, bot) & Permission.MANAGE_ROLES:
            raise missing_permissions()
        if role.id == guild.id or role.managed:
            raise missing_permissions()
        if self._state.bot.id != guild.owner_id and role.position >= highest_position(guild, bot):
            raise missing_permissions()


def highest_position(guild: Guild, member: Member) -> int:
    """The position of the member's highest role (@everyone's 0 when they have none)."""
    positions = [guild.roles[r].position for r in member.role_ids if r in guild.roles]
    return max(positions, default=0)
