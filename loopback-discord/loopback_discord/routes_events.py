"""Guild scheduled events (bot token): create, list, get and delete, with `with_user_count`.

Creating, editing and deleting need Manage Events (403/50013 without), a VOICE event also View
Channel and Connect in its voice channel; listing needs nothing beyond being in the guild.
STAGE_INSTANCE events are refused: stage channels are not emulated. See `scheduled_events` for
the rules of an event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from loopback_discord.limits import Problem
from loopback_discord.payloads import scheduled_event_payload
from loopback_discord.permissions import Permission, base_permissions
from loopback_discord.rest import (
    ApiError,
    Call,
    invalid_form,
    json_response,
    missing_permissions,
    no_content,
    not_found,
    require,
    route,
)
from loopback_discord.scheduled_events import (
    EXTERNAL,
    MAX_ACTIVE_EVENTS,
    VOICE,
    ScheduledEvent,
    check_event,
)
from loopback_discord.state import ChannelType, Guild

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord


class EventRoutes:
    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server
        self._state = server.state

    @route("POST /guilds/{guild_id}/scheduled-events")
    async def create_event(self, call: Call) -> web.Response:
        guild = self._guild(call)
        self._require_manage_events(guild)
        body = call.json
        problems = check_event(body, self._server.clock.now())
        if problems:
            raise invalid_form(problems)
        if body.get("entity_type") != EXTERNAL:
            self._check_event_channel(guild, body)
        if len([e for e in self._events(guild) if e.open]) >= MAX_ACTIVE_EVENTS:
            # The 100-event cap is documented; this error code is the loopback's best knowledge.
            raise ApiError(400, 30038, "Maximum number of guild scheduled events reached (100)")
        event = ScheduledEvent(
            id=self._state.ids.next(),
            guild_id=guild.id,
            name=body["name"],
            description=body.get("description"),
            start=body["scheduled_start_time"],
            end=body.get("scheduled_end_time"),
            entity_type=body["entity_type"],
            location=(body.get("entity_metadata") or {}).get("location"),
            channel_id=int(body["channel_id"]) if body.get("channel_id") else None,
            creator_id=self._state.bot.id,
            privacy_level=body.get("privacy_level", 2),
        )
        self._state.scheduled_events[event.id] = event
        self._server.events.scheduled_event_created(event)
        self._server.changed.fire()
        return json_response(self._payload(event, with_count=False))

    @route("GET /guilds/{guild_id}/scheduled-events")
    async def list_events(self, call: Call) -> web.Response:
        guild = self._guild(call)
        with_count = call.flag("with_user_count")
        events = self._events(guild)
        return json_response([self._payload(e, with_count=with_count) for e in events])

    @route("GET /guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
    async def get_event(self, call: Call) -> web.Response:
        event = self._event(call, self._guild(call))
        return json_response(self._payload(event, with_count=call.flag("with_user_count")))

    @route("DELETE /guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
    async def delete_event(self, call: Call) -> web.Response:
        guild = self._guild(call)
        event = self._event(call, guild)
        self._require_manage_events(guild)
        event.deleted = True
        self._server.events.scheduled_event_deleted(event)
        self._server.changed.fire()
        return no_content()

    def _check_event_channel(self, guild: Guild, body: dict) -> None:
        """A VOICE event takes place in one of the guild's voice channels, which the bot must
        see and may connect to (Discord's docs: View Channel and Connect there)."""
        channel = self._state.channels.get(int(body["channel_id"]))
        wanted = ChannelType.GUILD_VOICE if body["entity_type"] == VOICE else None
        if channel is None or channel.guild_id != guild.id or channel.type != wanted:
            problem = Problem(
                ("channel_id",), "CHANNEL_TYPE_INVALID", "Must be a voice channel of the guild."
            )
            raise invalid_form([problem])
        require(self._server, channel, Permission.VIEW_CHANNEL | Permission.CONNECT)

    def _payload(self, event: ScheduledEvent, *, with_count: bool) -> dict:
        return scheduled_event_payload(self._state, event, with_count=with_count)

    def _events(self, guild: Guild) -> list[ScheduledEvent]:
        return self._state.guild_events(guild)

    def _event(self, call: Call, guild: Guild) -> ScheduledEvent:
        event = self._state.scheduled_events.get(call.id("guild_scheduled_event_id"))
        if event is None or event.deleted or event.guild_id != guild.id:
            raise not_found(10070, "Guild Scheduled Event")
        return event

    def _guild(self, call: Call) -> Guild:
        guild = self._state.guilds.get(call.id("guild_id"))
        if guild is None:
            raise not_found(10004, "Guild")
        return guild

    def _require_manage_events(self, guild: Guild) -> None:
        granted = base_permissions(guild, guild.members[self._state.bot.id])
        if not granted & Permission.MANAGE_EVENTS:
            raise missing_permissions()
