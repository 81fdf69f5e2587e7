"""The sandbox page's server side, on the loopback Discord's own aiohttp app:

GET  /                      the page (static index.html, app.css, app.js under /static/)
GET  /sandbox/ws            websocket: the client says whom it acts as and which channel it
                            watches; the server pushes the guild and the channel's messages
                            whenever what that member sees changes
POST /sandbox/api/<action>  say, edit, delete, slash, autocomplete, click, select, modal:
                            a member's actions
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from loopback_discord.driver import InteractionFailed
from loopback_discord.invocations import UserCannotDoThat
from loopback_discord.limits import CONTENT_MAX
from loopback_discord.pulse import Pulse
from loopback_discord.seen import Modal, Reply
from loopback_discord.state import Channel, Message, User
from loopback_discord.web.actions import (
    PageDriver,
    convert_options,
    leaf_options,
    lenient_options,
)
from loopback_discord.web.view import (
    Notice,
    guild_view,
    mentions_view,
    messages_view,
)

if TYPE_CHECKING:
    from loopback_discord.recorder import Violation
    from loopback_discord.server import LoopbackDiscord

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
PUSH_INTERVAL = 1.0  # seconds between checks when nothing pulses (deferred replies, refusals)
SHOWN_REFUSALS = (400, 401, 403)  # 404s are routine (a message already gone); these are not
DID_NOT_RESPOND = "The application did not respond"
CHANNEL_IN_PATH = re.compile(r"/channels/(\d+)")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ActionRefused(Exception):
    """The client would stop the member before anything reaches Discord."""


class WebUI:
    def __init__(self, server: LoopbackDiscord) -> None:
        self.server = server
        self.driver = PageDriver(server)
        self.notices: list[Notice] = []
        self._refusals_seen = len(server.recorder.rejections)
        self.poke = Pulse()  # wakes every open live view at once

    def attach(self, app: web.Application) -> None:
        app.router.add_get("/", self.index)
        app.router.add_static("/static/", STATIC, append_version=False)
        app.router.add_get("/sandbox/ws", self.websocket)
        actions: dict[str, Handler] = {
            "say": self._json_action(self.say),
            "edit": self._json_action(self.edit),
            "delete": self._json_action(self.delete),
            "slash": self._json_action(self.slash),
            "autocomplete": self._json_action(self.autocomplete),
            "click": self._json_action(self.click),
            "select": self._json_action(self.select),
            "modal": self._json_action(self.submit_modal),
            "interested": self._json_action(self.interested),
        }
        for name, handler in actions.items():
            app.router.add_post(f"/sandbox/api/{name}", handler)

    async def index(self, request: web.Request) -> web.Response:
        return web.Response(
            text=_page(self.server), content_type="text/html", headers={"Cache-Control": "no-cache"}
        )

    # -- actions ----------------------------------------------------------------------------

    def _json_action(
        self, action: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
    ) -> Handler:
        async def handle(request: web.Request) -> web.Response:
            try:
                body = await request.json()
                result = await action(body)
            except (UserCannotDoThat, ActionRefused) as refused:
                return web.json_response({"error": _sentence(str(refused))}, status=400)
            except (KeyError, ValueError, TypeError) as bad:
                return web.json_response({"error": f"bad request: {bad}"}, status=400)
            self._wake()
            return web.json_response({"ok": True, **result})

        return handle

    async def say(self, body: dict[str, Any]) -> dict[str, Any]:
        user, channel = self._who(body), self._where(body)
        content = str(body.get("content", "")).strip()
        if not content:
            raise ActionRefused("Type a message first.")
        if len(content) > CONTENT_MAX:
            raise ActionRefused(
                f"Your message is too long ({len(content)} characters; {CONTENT_MAX} at most)."
            )
        if channel.is_dm:
            return {"id": str((await self.driver.dm(user, content)).id)}
        if not self.driver.can_send(user, channel):
            raise ActionRefused("You do not have permission to send messages in this channel.")
        seen = await self.driver.say(channel, content, user=user)
        return {"id": str(seen.id)}

    async def edit(self, body: dict[str, Any]) -> dict[str, Any]:
        content = str(body.get("content", "")).strip()
        if not content or len(content) > CONTENT_MAX:
            raise ActionRefused(f"A message needs 1 to {CONTENT_MAX} characters.")
        await self.driver.edit(self._message(body).id, content, user=self._who(body))
        return {}

    async def delete(self, body: dict[str, Any]) -> dict[str, Any]:
        await self.driver.delete(self._message(body).id, user=self._who(body))
        return {}

    async def slash(self, body: dict[str, Any]) -> dict[str, Any]:
        user, channel = self._who(body), self._where(body)
        command = " ".join(str(body["command"]).split())
        specs = self._option_specs(command, channel)
        values = convert_options(self.driver, specs, body.get("options") or {})
        return await self._interact(
            user, channel, self.driver.slash(command, user=user, channel=channel, options=values)
        )

    async def autocomplete(self, body: dict[str, Any]) -> dict[str, Any]:
        user, channel = self._who(body), self._where(body)
        command = " ".join(str(body["command"]).split())
        specs = self._option_specs(command, channel)
        option = str(body["option"])
        others = {k: v for k, v in (body.get("options") or {}).items() if k != option}
        values = lenient_options(self.driver, specs, others)
        try:
            choices = await self.driver.autocomplete(
                command,
                option,
                str(body.get("typed", "")),
                user=user,
                channel=channel,
                **values,
            )
        except InteractionFailed:
            return {"choices": [], "failed": "Loading options failed"}
        return {"choices": [{"name": c.name, "value": c.value} for c in choices]}

    def _option_specs(self, command: str, channel: Channel) -> list[dict[str, Any]]:
        """The options of `/name sub…` as synced for `channel`'s guild."""
        name, *path = command.split()
        synced = self.server.commands.resolve(name, channel.guild_id)
        if synced is None:
            raise ActionRefused(f"There is no command /{name}.")
        return leaf_options(synced, path)

    async def click(self, body: dict[str, Any]) -> dict[str, Any]:
        user, message = self._who(body), self._message(body)
        channel = self.server.state.channels[message.channel_id]
        return await self._interact(
            user,
            channel,
            self.driver.click_custom_id(message.id, str(body["custom_id"]), user=user),
        )

    async def select(self, body: dict[str, Any]) -> dict[str, Any]:
        user, message = self._who(body), self._message(body)
        channel = self.server.state.channels[message.channel_id]
        values = [str(value) for value in body.get("values") or []]
        picking = self.driver.select(
            message.id, values, user=user, custom_id=str(body["custom_id"])
        )
        return await self._interact(user, channel, picking)

    async def submit_modal(self, body: dict[str, Any]) -> dict[str, Any]:
        user = self._who(body)
        interaction = self.server.interactions.get(int(body["interaction"]))
        if interaction is None or interaction.modal is None or interaction.user is not user:
            raise ActionRefused("That form is closed.")
        opened = Reply("modal", interaction.id, modal=Modal.from_payload(interaction.modal))
        values = {str(k): str(v) for k, v in (body.get("values") or {}).items()}
        submitting = self.driver.submit_modal(opened, values, user=user)
        return await self._interact(user, interaction.channel, submitting)

    async def interested(self, body: dict[str, Any]) -> dict[str, Any]:
        """The member presses "Interested" on an event, or presses it again to take it back."""
        who = self._who(body)
        event = self.server.state.scheduled_events.get(int(body["event"]))
        if event is None or not event.open:
            raise ActionRefused("That event is over or was deleted.")
        added = who.id not in event.interested
        if added:
            event.interested.add(who.id)
        else:
            event.interested.discard(who.id)
        self.server.events.scheduled_event_user(event, who.id, added=added)
        self.server.changed.fire()
        return {"interested": who.id in event.interested}

    def _message(self, body: dict[str, Any]) -> Message:
        message = self.server.state.messages.get(int(body["message"]))
        if message is None or message.deleted:
            raise ActionRefused("That message is gone.")
        return message

    async def _interact(
        self, user: User, channel: Channel, running: Awaitable[Reply]
    ) -> dict[str, Any]:
        try:
            reply = await running
        except InteractionFailed:
            self._notice(channel.id, user.id, DID_NOT_RESPOND, "failed")
            return {"failed": DID_NOT_RESPOND}
        if reply.modal is not None:
            # The page shows the form; its Submit comes back to /sandbox/api/modal.
            return {
                "kind": "modal",
                "interaction": str(reply.interaction_id),
                "modal": reply.modal.raw,
            }
        shown = reply.message
        return {"kind": reply.kind, "message": str(shown.id) if shown else None}

    # -- who and where ----------------------------------------------------------------------

    def _who(self, body: dict[str, Any]) -> User:
        user = self.server.state.users.get(int(body["user"]))
        if user is None or user.id not in self.server.world.guild.members or user.bot:
            raise ActionRefused("Pick a member to act as.")
        return user

    def _where(self, body: dict[str, Any]) -> Channel:
        channel = self.server.state.channels.get(int(body["channel"]))
        if channel is None or channel.deleted:
            raise ActionRefused("That channel is gone.")
        if channel.is_dm and channel.recipient is not self._who(body):
            raise ActionRefused("That is someone else's conversation.")
        return channel

    # -- notices: failures and refused requests ---------------------------------------------

    def _notice(self, channel_id: int | None, user_id: int | None, text: str, kind: str) -> None:
        self.notices.append(Notice(self.server.state.ids.next(), channel_id, user_id, text, kind))
        self._wake()

    def collect_refusals(self) -> None:
        """Requests of the bot that Discord refused become a visible line in their channel."""
        rejections = self.server.recorder.rejections
        for refusal in rejections[self._refusals_seen :]:
            if refusal.status in SHOWN_REFUSALS:
                text = _refusal_text(refusal, self.server.state.application_name)
                self._notice(self._refusal_channel(refusal), None, text, "refused")
        self._refusals_seen = len(rejections)

    def _refusal_channel(self, refusal: Violation) -> int | None:
        found = CHANNEL_IN_PATH.search(refusal.path)
        if found:
            return int(found.group(1))
        parts = refusal.path.strip("/").split("/")
        interactions = self.server.interactions
        if parts[0] == "webhooks" and len(parts) >= 3:
            interaction = interactions.by_token(parts[2])
            return interaction.channel.id if interaction else None
        if parts[0] == "interactions" and len(parts) >= 2 and parts[1].isdigit():
            interaction = interactions.get(int(parts[1]))
            return interaction.channel.id if interaction else None
        return None

    def _wake(self) -> None:
        self.poke.fire()

    # -- the live view ----------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=20)
        await socket.prepare(request)
        watch: dict[str, int | None] = {"user": None, "channel": None}
        changed = asyncio.Event()
        reader = asyncio.create_task(self._read_watch(socket, watch, changed))
        try:
            await self._push_loop(socket, watch, changed, reader)
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        return socket

    async def _read_watch(
        self, socket: web.WebSocketResponse, watch: dict[str, int | None], changed: asyncio.Event
    ) -> None:
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            with contextlib.suppress(ValueError, TypeError):
                data = json.loads(frame.data)
                watch["user"] = int(data["user"]) if data.get("user") else None
                watch["channel"] = int(data["channel"]) if data.get("channel") else None
                changed.set()

    async def _push_loop(
        self,
        socket: web.WebSocketResponse,
        watch: dict[str, int | None],
        changed: asyncio.Event,
        reader: asyncio.Task[None],
    ) -> None:
        sent: dict[str, str] = {}
        while not socket.closed and not reader.done():
            self.collect_refusals()
            for kind, payload in self._frames(watch).items():
                encoded = json.dumps(payload, default=str)
                if sent.get(kind) != encoded:
                    sent[kind] = encoded
                    await socket.send_str(encoded)
            changed.clear()
            await self._wait_for_change(changed, reader)

    def _frames(self, watch: dict[str, int | None]) -> dict[str, dict[str, Any]]:
        state = self.server.state
        viewer = state.users.get(watch["user"] or 0)
        if viewer is None or viewer.id not in self.server.world.guild.members:
            viewer = self.server.world.alice
        frames: dict[str, dict[str, Any]] = {
            "guild": {
                "type": "guild",
                "viewer": str(viewer.id),
                **guild_view(self.server, viewer),
                "mentions": mentions_view(self.server),
            }
        }
        channel = state.channels.get(watch["channel"] or 0)
        someone_elses_dm = channel is not None and channel.is_dm and channel.recipient is not viewer
        if channel is not None and not channel.deleted and not someone_elses_dm:
            frames["messages"] = {
                "type": "messages",
                "viewer": str(viewer.id),
                "channel": str(channel.id),
                "messages": messages_view(self.server, viewer, channel, self.notices),
            }
        return frames

    async def _wait_for_change(self, changed: asyncio.Event, reader: asyncio.Task[None]) -> None:
        waits = {
            asyncio.ensure_future(self.server.changed.wait(PUSH_INTERVAL)),
            asyncio.ensure_future(self.poke.wait(None)),
            asyncio.ensure_future(changed.wait()),
        }
        try:
            await asyncio.wait(
                {*waits, reader}, timeout=PUSH_INTERVAL, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiting in waits:
                waiting.cancel()


def _page(server: LoopbackDiscord) -> str:
    """index.html with the application's and the guild's names in place (escaped: both are
    whatever the server was given)."""
    names = {"application": server.state.application_name, "guild": server.world.guild.name}
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    for key, value in names.items():
        page = page.replace("{{" + key + "}}", html.escape(value))
    return page


def _refusal_text(refusal: Violation, application: str) -> str:
    reason = "; ".join(refusal.problems)
    route = refusal.route
    return f"Discord refused {application}'s request ({refusal.status}: {reason}) — {route}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def attach_web(server: LoopbackDiscord) -> WebUI:
    """Serve the sandbox page on `server`'s app; call before `server.start()`."""
    web_ui = WebUI(server)
    web_ui.attach(server.app)
    return web_ui


__all__ = ["WebUI", "attach_web"]
