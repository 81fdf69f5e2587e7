"""Application commands: global and guild, bulk overwrite, create, edit, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from loopback_discord.limits import check_command, check_commands
from loopback_discord.rest import (
    ApiError,
    Call,
    json_response,
    no_content,
    not_found,
    raise_if_invalid,
    route,
)

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord


class CommandRoutes:
    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server
        self._registry = server.commands

    @route(
        "GET /applications/{application_id}/commands",
        "GET /applications/{application_id}/guilds/{guild_id}/commands",
    )
    async def list(self, call: Call) -> web.Response:
        return json_response(self._registry.commands(self._scope(call)))

    @route(
        "PUT /applications/{application_id}/commands",
        "PUT /applications/{application_id}/guilds/{guild_id}/commands",
    )
    async def bulk_overwrite(self, call: Call) -> web.Response:
        guild_id = self._scope(call)
        bodies: list[dict[str, Any]] = call.body or []
        raise_if_invalid(check_commands(bodies, is_global=guild_id is None))
        return json_response(self._registry.overwrite(guild_id, bodies))

    @route(
        "POST /applications/{application_id}/commands",
        "POST /applications/{application_id}/guilds/{guild_id}/commands",
    )
    async def create(self, call: Call) -> web.Response:
        raise_if_invalid(check_command((), call.json))
        return json_response(self._registry.upsert(self._scope(call), call.json), status=201)

    @route(
        "GET /applications/{application_id}/commands/{command_id}",
        "GET /applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
    )
    async def get(self, call: Call) -> web.Response:
        return json_response(self._command(call, self._scope(call)))

    @route(
        "PATCH /applications/{application_id}/commands/{command_id}",
        "PATCH /applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
    )
    async def edit(self, call: Call) -> web.Response:
        guild_id = self._scope(call)
        merged = {**self._command(call, guild_id), **call.json}
        raise_if_invalid(check_command((), merged))
        return json_response(self._registry.upsert(guild_id, merged))

    @route(
        "DELETE /applications/{application_id}/commands/{command_id}",
        "DELETE /applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
    )
    async def delete(self, call: Call) -> web.Response:
        if not self._registry.delete(self._scope(call), call.id("command_id")):
            raise not_found(10063, "application command")
        return no_content()

    def _command(self, call: Call, guild_id: int | None) -> dict[str, Any]:
        command = self._registry.find_by_id(guild_id, call.id("command_id"))
        if command is None:
            raise not_found(10063, "application command")
        return command

    def _scope(self, call: Call) -> int | None:
        if call.id("application_id") != self._server.state.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" not in call.params:
            return None
        guild_id = call.id("guild_id")
        if guild_id not in self._server.state.guilds:
            raise ApiError(403, 50001, "Missing Access")
        return guild_id
