# The probe takes timeouts by design: a benchmark says how long it waits for a bot.
# ruff: noqa: ASYNC109
"""Timing hooks on the loopback Discord, added from outside (no change to `loopback_discord`).

`CallbackProbe` stamps the moment each interaction callback request reaches the server (an aiohttp
middleware, before the body is read or checked) and the moment an INTERACTION_CREATE is queued on
the gateway, so a latency is exactly "INTERACTION_CREATE sent -> callback received".
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from loopback_discord import LoopbackDiscord
from loopback_discord.interactions import Interaction, InteractionType
from loopback_discord.invocations import CommandInvocation, interaction_payload
from loopback_discord.state import Channel, Message, User

CALLBACK_PATH = re.compile(r"/api/v10/interactions/(\d+)/[^/]+/callback$")
MESSAGE_POST_PATH = re.compile(r"/api/v10/channels/(\d+)/messages$")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Pending:
    """One interaction ready to be sent: payload built ahead so sending costs only the send."""

    interaction: Interaction
    payload: dict[str, Any]
    sent_at: float = 0.0
    received_at: float = 0.0
    status: int = 0
    done: asyncio.Future[int] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    @property
    def interaction_id(self) -> int:
        return self.interaction.id

    @property
    def latency_ms(self) -> float:
        return (self.received_at - self.sent_at) * 1000.0

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class CallbackProbe:
    """Install before `server.start()`: the middleware must be in place when the app freezes."""

    def __init__(self, server: LoopbackDiscord) -> None:
        self.server = server
        self._pending: dict[int, Pending] = {}
        self.posted: dict[int, asyncio.Future[float]] = {}  # channel id -> next message POST
        server.app.middlewares.append(self._middleware)

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method == "POST" and (posted := MESSAGE_POST_PATH.search(request.path)):
            waiter = self.posted.pop(int(posted.group(1)), None)
            if waiter is not None:
                arrived = time.perf_counter()
                response = await handler(request)  # the message exists once this returns
                if not waiter.done():
                    waiter.set_result(arrived)
                return response
        match = CALLBACK_PATH.search(request.path)
        pending = self._pending.get(int(match.group(1))) if match else None
        if pending is None:
            return await handler(request)
        pending.received_at = time.perf_counter()
        response = await handler(request)
        pending.status = response.status
        if not pending.done.done():
            pending.done.set_result(response.status)
        return response

    # -- building interactions --------------------------------------------------------------

    def slash(self, command: str, user: User, channel: Channel, **options: Any) -> Pending:
        name, *path = command.split()
        synced = self.server.commands.resolve(name, channel.guild_id)
        if synced is None:
            raise LookupError(f"/{name} is not synced")
        data = CommandInvocation(self.server, channel).data(synced, path, options)
        return self._prepare(InteractionType.APPLICATION_COMMAND, user, channel, data)

    def click(self, message: Message, custom_id: str, user: User) -> Pending:
        channel = self.server.state.channels[message.channel_id]
        data = {"custom_id": custom_id, "component_type": 2}
        return self._prepare(
            InteractionType.MESSAGE_COMPONENT, user, channel, data, source_message_id=message.id
        )

    def _prepare(
        self, kind: int, user: User, channel: Channel, data: dict[str, Any], **extra: Any
    ) -> Pending:
        server = self.server
        interaction = server.interactions.create(
            server.state.ids.next(), kind, user, channel, data, **extra
        )
        pending = Pending(interaction, interaction_payload(server, interaction))
        self._pending[interaction.id] = pending
        return pending

    # -- sending ----------------------------------------------------------------------------

    def send(self, pending: Pending) -> None:
        # Discord's 3-second clock starts when the interaction happens, not when it was built.
        pending.interaction.created_at = self.server.clock.monotonic()
        pending.sent_at = time.perf_counter()
        self.server.events.interaction_created(pending.payload)

    def next_post(self, channel_id: int) -> asyncio.Future[float]:
        """Resolves with the arrival time of the next message POSTed to the channel."""
        waiter = self.posted[channel_id] = asyncio.get_running_loop().create_future()
        return waiter

    async def one_at_a_time(
        self, make: Callable[[], Pending], count: int, timeout: float = 10.0
    ) -> list[Pending]:
        """Each built just before it is sent, the next only after its callback arrived."""
        finished = []
        for _ in range(count):
            pending = make()
            self.send(pending)
            await self._settle([pending], timeout)
            finished.append(pending)
        return finished

    async def burst(self, batch: list[Pending], timeout: float = 30.0) -> list[Pending]:
        """All at once: every INTERACTION_CREATE queued in one go."""
        for pending in batch:
            self.send(pending)
        await self._settle(batch, timeout)
        return batch

    async def spread(
        self, batch: list[Pending], seconds: float, timeout: float = 30.0
    ) -> list[Pending]:
        """Evenly over `seconds`, as members clicking one after another."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        for index, pending in enumerate(batch):
            delay = start + seconds * index / max(len(batch), 1) - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self.send(pending)
        await self._settle(batch, timeout)
        return batch

    async def _settle(self, batch: list[Pending], timeout: float) -> None:
        with contextlib.suppress(TimeoutError):  # the missing ones count as lost
            await asyncio.wait_for(asyncio.gather(*(p.done for p in batch)), timeout)
        for pending in batch:
            self._pending.pop(pending.interaction_id, None)
