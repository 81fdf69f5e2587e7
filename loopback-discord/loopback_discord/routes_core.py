"""Login, gateway discovery, users, DMs, guilds, channels and threads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from loopback_discord.payloads import (
    application_payload,
    bot_user_payload,
    channel_payload,
    guild_payload,
    member_payload,
    role_payload,
    user_payload,
)
from loopback_discord.permissions import Permission, base_permissions
from loopback_discord.rest import (
    ApiError,
    Call,
    json_response,
    missing_permissions,
    no_content,
    not_found,
    require,
    route,
)
from loopback_discord.state import Channel, ChannelType, Guild

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord


GUILDS_PER_RECOMMENDED_SHARD = 1000


class CoreRoutes:
    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server
        self._state = server.state

    # -- login and gateway --------------------------------------------------------------------

    @route("GET /users/@me")
    async def me(self, call: Call) -> web.Response:
        return json_response(bot_user_payload(self._state))

    @route("GET /oauth2/applications/@me", "GET /applications/@me")
    async def application(self, call: Call) -> web.Response:
        return json_response(application_payload(self._state))

    @route("GET /gateway")
    async def gateway(self, call: Call) -> web.Response:
        return json_response({"url": self._server.gateway_url})

    @route("GET /gateway/bot")
    async def gateway_bot(self, call: Call) -> web.Response:
        """The recommended shard count (Discord suggests about 1,000 guilds a shard) and the
        IDENTIFY budget: `max_concurrency` shards may identify per 5 seconds."""
        limit = {
            "total": 1000,
            "remaining": 1000,
            "reset_after": 0,
            "max_concurrency": self._server.max_concurrency,
        }
        shards = max(1, -(-len(self._state.guilds) // GUILDS_PER_RECOMMENDED_SHARD))
        return json_response(
            {"url": self._server.gateway_url, "shards": shards, "session_start_limit": limit}
        )

    # -- users and DMs ------------------------------------------------------------------------

    @route("GET /users/{user_id}")
    async def user(self, call: Call) -> web.Response:
        user = self._state.users.get(call.id("user_id"))
        if user is None:
            raise not_found(10013, "User")
        return json_response(user_payload(user))

    @route("POST /users/@me/channels")
    async def open_dm(self, call: Call) -> web.Response:
        user = self._state.users.get(int(call.json.get("recipient_id", 0)))
        if user is None or user.bot:
            raise not_found(10013, "User")
        return json_response(channel_payload(self._state.dm_channel(user)))

    # -- guilds -------------------------------------------------------------------------------

    @route("GET /guilds/{guild_id}")
    async def guild(self, call: Call) -> web.Response:
        guild = self._guild(call)
        payload = guild_payload(guild)
        payload.update(approximate_member_count=len(guild.members), approximate_presence_count=0)
        return json_response(payload)

    @route("GET /guilds/{guild_id}/channels")
    async def guild_channels(self, call: Call) -> web.Response:
        channels = self._state.guild_channels(self._guild(call))
        return json_response([channel_payload(c) for c in channels if not c.is_thread])

    @route("GET /guilds/{guild_id}/roles")
    async def guild_roles(self, call: Call) -> web.Response:
        return json_response([role_payload(r) for r in self._guild(call).roles.values()])

    @route("GET /guilds/{guild_id}/members/{user_id}")
    async def guild_member(self, call: Call) -> web.Response:
        member = self._guild(call).members.get(call.id("user_id"))
        if member is None:
            raise not_found(10007, "Member")
        return json_response(member_payload(member))

    @route("GET /guilds/{guild_id}/members")
    async def guild_members(self, call: Call) -> web.Response:
        limit = int(call.query.get("limit", 1))
        after = int(call.query.get("after", 0))
        members = sorted(self._guild(call).members.values(), key=lambda m: m.user.id)
        return json_response([member_payload(m) for m in members if m.user.id > after][:limit])

    @route("POST /guilds/{guild_id}/channels")
    async def create_channel(self, call: Call) -> web.Response:
        guild = self._guild(call)
        self._require_guild_permission(guild, Permission.MANAGE_CHANNELS)
        if call.json.get("type", ChannelType.GUILD_TEXT) != ChannelType.GUILD_TEXT:
            raise ApiError(400, 50035, "Only text channels are emulated", kind="limit")
        channel = self._state.add_text_channel(
            guild, call.json["name"], topic=call.json.get("topic")
        )
        self._server.events.channel_created(channel)
        return json_response(channel_payload(channel), status=201)

    # -- channels and threads -----------------------------------------------------------------

    @route("GET /channels/{channel_id}")
    async def channel(self, call: Call) -> web.Response:
        channel = self._channel(call)
        if channel.guild_id is not None:
            require(self._server, channel, Permission.VIEW_CHANNEL)
        return json_response(channel_payload(channel))

    @route("DELETE /channels/{channel_id}")
    async def delete_channel(self, call: Call) -> web.Response:
        channel = self._channel(call)
        if channel.is_dm:
            return json_response(channel_payload(channel))
        require(
            self._server,
            channel,
            Permission.MANAGE_THREADS if channel.is_thread else Permission.MANAGE_CHANNELS,
        )
        self._server.delete_channel(channel)
        return json_response(channel_payload(channel))

    @route("POST /channels/{channel_id}/typing")
    async def typing(self, call: Call) -> web.Response:
        self._channel(call)
        return no_content()

    @route("POST /channels/{channel_id}/threads")
    async def start_thread(self, call: Call) -> web.Response:
        parent = self._channel(call)
        private = call.json.get("type") == ChannelType.PRIVATE_THREAD
        require(
            self._server,
            parent,
            Permission.CREATE_PRIVATE_THREADS if private else Permission.CREATE_PUBLIC_THREADS,
        )
        return self._new_thread(parent, call.json["name"], private=private)

    @route("POST /channels/{channel_id}/messages/{message_id}/threads")
    async def start_thread_from_message(self, call: Call) -> web.Response:
        parent = self._channel(call)
        require(self._server, parent, Permission.CREATE_PUBLIC_THREADS)
        message = self._state.messages.get(call.id("message_id"))
        if message is None or message.channel_id != parent.id or message.deleted:
            raise not_found(10008, "Message")
        if message.is_ephemeral:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        if message.id in self._state.channels:
            raise ApiError(400, 160004, "A thread has already been created for this message")
        return self._new_thread(parent, call.json["name"], private=False, thread_id=message.id)

    def _new_thread(
        self, parent: Channel, name: str, *, private: bool, thread_id: int | None = None
    ) -> web.Response:
        if parent.is_thread or parent.is_dm:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        thread = self._state.add_thread(
            parent, name, owner=self._state.bot, private=private, thread_id=thread_id
        )
        self._server.events.channel_created(thread)
        return json_response(channel_payload(thread), status=201)

    # -- lookups ------------------------------------------------------------------------------

    def _guild(self, call: Call) -> Guild:
        guild = self._state.guilds.get(call.id("guild_id"))
        if guild is None:
            raise not_found(10004, "Guild")
        return guild

    def _channel(self, call: Call) -> Channel:
        return self._server.channel_or_404(call.id("channel_id"))

    def _require_guild_permission(self, guild: Guild, needed: Permission) -> None:
        if base_permissions(guild, guild.members[self._state.bot.id]) & needed != needed:
            raise missing_permissions()
