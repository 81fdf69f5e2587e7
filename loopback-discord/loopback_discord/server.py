"""`LoopbackDiscord`: the aiohttp app that serves REST under /api/v10 and the gateway websocket
on 127.0.0.1, wiring state, gateway, REST and the recorder together.

Point discord.py at it with `server.api_url` (for `discord.http.Route.BASE`) and
`server.gateway_url` (for `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`).
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from loopback_discord.clock import EmulatedClock
from loopback_discord.commands import CommandRegistry
from loopback_discord.events import EventPublisher
from loopback_discord.gateway import Gateway, GatewayHooks, Session
from loopback_discord.intents import Intent
from loopback_discord.interactions import InteractionStore
from loopback_discord.messages import MessageService
from loopback_discord.payloads import (
    bot_user_payload,
    guild_create_payload,
    member_payload,
    message_payload,
)
from loopback_discord.permissions import DEFAULT_BOT_PERMISSIONS
from loopback_discord.pulse import Pulse
from loopback_discord.recorder import Recorder
from loopback_discord.rest import ApiError, RestApi
from loopback_discord.routes_commands import CommandRoutes
from loopback_discord.routes_core import CoreRoutes
from loopback_discord.routes_events import EventRoutes
from loopback_discord.routes_messages import MessageRoutes
from loopback_discord.routes_roles import RoleRoutes
from loopback_discord.routes_webhooks import InteractionFlow, WebhookRoutes
from loopback_discord.spec import load_spec
from loopback_discord.state import DEFAULT_BOT_NAME, Channel, DiscordState, Message
from loopback_discord.world import StandardGuild, build_standard_guild

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
LISTEN_BACKLOG = 1024  # the default 128 drops SYNs under bursts and adds a ~1 s tail


class LoopbackDiscord:
    def __init__(
        self,
        *,
        bot_name: str = DEFAULT_BOT_NAME,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
        portal_privileged_intents: int = Intent.MESSAGE_CONTENT,
        host: str = "127.0.0.1",
        port: int = 0,
        openapi_path: str | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.clock = EmulatedClock()
        self.state = DiscordState(self.clock, bot_name=bot_name)
        self.world: StandardGuild = build_standard_guild(
            self.state, bot_permissions=bot_permissions
        )
        self.spec = load_spec(openapi_path)
        self.recorder = Recorder()
        self.changed = Pulse()  # fires on every message change, for the driver's waits
        self.gateway = Gateway(self._gateway_hooks())
        self.gateway.portal_privileged_intents = Intent(portal_privileged_intents)
        self.events = EventPublisher(self.state, self.gateway)
        self.commands = CommandRegistry(self.state)
        self.interactions = InteractionStore(self.clock)
        self.messages = MessageService(self)
        self.interaction_flow = InteractionFlow(self)
        self.rest = RestApi(
            self,
            [
                CoreRoutes(self),
                MessageRoutes(self),
                WebhookRoutes(self),
                CommandRoutes(self),
                RoleRoutes(self),
                EventRoutes(self),
            ],
        )
        self.app = self._build_app()
        self._runner: web.AppRunner | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def _build_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.rest.handle)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/resume", self.gateway.handle)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self._serve_attachment)
        return app

    async def start(self) -> LoopbackDiscord:
        self._runner = web.AppRunner(
            self.app, handle_signals=False, access_log=None, shutdown_timeout=0.1
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, backlog=LISTEN_BACKLOG)
        await site.start()
        self.port = self._runner.addresses[0][1]  # the port the system picked for port 0
        self.gateway.resume_url = f"ws://{self.host}:{self.port}/gateway/resume"
        self.events.base_url = self.base_url
        log.info("loopback Discord listening on %s", self.base_url)
        return self

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- addresses ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """For `discord.http.Route.BASE`: `base_url` (env DISCORD_API_URL) plus `/api/v10`."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """For `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` (env DISCORD_GATEWAY_URL)."""
        return f"ws://{self.host}:{self.port}/gateway"

    @property
    def max_concurrency(self) -> int:
        """GET /gateway/bot's session_start_limit.max_concurrency: how many shards (one per
        bucket `shard_id % max_concurrency`) may IDENTIFY per 5 seconds; the gateway enforces it."""
        return self.gateway.max_concurrency

    @max_concurrency.setter
    def max_concurrency(self, value: int) -> None:
        self.gateway.max_concurrency = value

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def application_id(self) -> int:
        return self.state.application_id

    # -- shared helpers for the route handlers ------------------------------------------------

    def message_payload(self, message: Message) -> dict[str, Any]:
        return message_payload(self.state, message, base_url=self.base_url)

    def channel_or_404(self, channel_id: int) -> Channel:
        channel = self.state.channels.get(channel_id)
        if channel is None or channel.deleted:
            raise ApiError(404, 10003, "Unknown Channel")
        return channel

    def delete_channel(self, channel: Channel) -> None:
        channel.deleted = True
        for thread in [
            c for c in self.state.channels.values() if c.parent is channel and not c.deleted
        ]:
            thread.deleted = True
        self.events.channel_deleted(channel)

    # -- gateway payloads ---------------------------------------------------------------------

    def _gateway_hooks(self) -> GatewayHooks:
        return GatewayHooks(
            token=lambda: self.state.token,
            ready_payload=self._ready_payload,
            guild_create_payloads=self._guild_create_payloads,
            guild_members_chunk=self._guild_members_chunk,
            guild_ids=lambda: list(self.state.guilds),
            monotonic=self.clock.monotonic,
        )

    def _ready_payload(self, session: Session, resume_url: str) -> dict[str, Any]:
        return {
            "v": 10,
            "user": bot_user_payload(self.state),
            "guilds": [
                {"id": str(g), "unavailable": True} for g in self.state.guilds if session.owns(g)
            ],
            "shard": list(session.shard),
            "session_id": session.session_id,
            "resume_gateway_url": resume_url,
            "session_type": "normal",
            "application": {"id": str(self.state.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ["loopback-discord"],
        }

    def _guild_create_payloads(self, session: Session) -> list[dict[str, Any]]:
        all_members = bool(session.intents & Intent.GUILD_MEMBERS)
        return [
            guild_create_payload(self.state, g, all_members=all_members)
            for g in self.state.guilds.values()
            if session.owns(g.id)
        ]

    def _guild_members_chunk(self, intents: int, request: dict[str, Any]) -> dict[str, Any] | None:
        guild = self.state.guilds.get(int(request.get("guild_id", 0)))
        if guild is None:
            return None
        members = list(guild.members.values())
        if not intents & Intent.GUILD_MEMBERS:
            members = [m for m in members if m.user.id == self.state.bot.id]
        return {
            "guild_id": str(guild.id),
            "members": [member_payload(m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "nonce": request.get("nonce"),
        }

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        wanted = int(request.match_info["attachment_id"])
        for message in self.state.messages.values():
            for attachment in message.attachments:
                if attachment.id == wanted:
                    return web.Response(
                        body=attachment.data,
                        content_type=attachment.content_type or "application/octet-stream",
                    )
        raise web.HTTPNotFound()
