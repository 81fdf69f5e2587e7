"""Interactions the emulated users start, and what the application answered to each.

The 3-second first-response deadline and the 15-minute token lifetime are measured
on the emulated clock.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any

from loopback_discord.clock import EmulatedClock
from loopback_discord.pulse import Pulse
from loopback_discord.state import Channel, User

RESPONSE_DEADLINE_SECONDS = 3.0
TOKEN_LIFETIME_SECONDS = 15 * 60


class InteractionType:
    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class CallbackType:
    PONG = 1
    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


# Which callback types Discord accepts for which interaction type.
ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    InteractionType.PING: frozenset({CallbackType.PONG}),
    InteractionType.APPLICATION_COMMAND: frozenset(
        {CallbackType.CHANNEL_MESSAGE, CallbackType.DEFERRED_CHANNEL_MESSAGE, CallbackType.MODAL}
    ),
    InteractionType.MESSAGE_COMPONENT: frozenset(
        {
            CallbackType.CHANNEL_MESSAGE,
            CallbackType.DEFERRED_CHANNEL_MESSAGE,
            CallbackType.DEFERRED_UPDATE_MESSAGE,
            CallbackType.UPDATE_MESSAGE,
            CallbackType.MODAL,
        }
    ),
    InteractionType.AUTOCOMPLETE: frozenset({CallbackType.AUTOCOMPLETE_RESULT}),
    InteractionType.MODAL_SUBMIT: frozenset(
        {
            CallbackType.CHANNEL_MESSAGE,
            CallbackType.DEFERRED_CHANNEL_MESSAGE,
            CallbackType.DEFERRED_UPDATE_MESSAGE,
            CallbackType.UPDATE_MESSAGE,
        }
    ),
}


@dataclass
class Interaction:
    id: int
    token: str
    type: int
    user: User
    channel: Channel
    data: dict[str, Any]
    created_at: float  # emulated monotonic seconds
    source_message_id: int | None = None  # the message a clicked component sits on
    response_type: int | None = None
    timed_out: bool = False
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None
    loading: bool = False  # a deferred "is thinking…" message waits for its content
    changes: int = 0
    _changed: Pulse = field(default_factory=Pulse, repr=False)

    @property
    def responded(self) -> bool:
        return self.response_type is not None

    def deadline(self) -> float:
        return self.created_at + RESPONSE_DEADLINE_SECONDS

    def token_expires(self) -> float:
        return self.created_at + TOKEN_LIFETIME_SECONDS

    def touch(self) -> None:
        """Record a change and wake whoever waits for one."""
        self.changes += 1
        self._changed.fire()

    async def wait_for_change(self, since: int, clock: EmulatedClock, deadline: float) -> bool:
        """Wait until `changes` moves past `since` or the emulated `deadline` passes."""
        while self.changes <= since:
            if clock.monotonic() >= deadline:
                return False
            changed = asyncio.ensure_future(self._changed.wait(None))
            expiry = asyncio.ensure_future(clock.sleep_until(deadline))
            try:
                await asyncio.wait({changed, expiry}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                changed.cancel()
                expiry.cancel()
        return True


class InteractionStore:
    def __init__(self, clock: EmulatedClock) -> None:
        self._clock = clock
        self._by_id: dict[int, Interaction] = {}

    def create(
        self,
        interaction_id: int,
        kind: int,
        user: User,
        channel: Channel,
        data: dict[str, Any],
        **extra: Any,
    ) -> Interaction:
        interaction = Interaction(
            id=interaction_id,
            token=f"aW50ZXJhY3Rpb24.{secrets.token_urlsafe(60)}",
            type=kind,
            user=user,
            channel=channel,
            data=data,
            created_at=self._clock.monotonic(),
            **extra,
        )
        self._by_id[interaction.id] = interaction
        return interaction

    def get(self, interaction_id: int) -> Interaction | None:
        return self._by_id.get(interaction_id)

    def by_token(self, token: str) -> Interaction | None:
        for interaction in self._by_id.values():
            if interaction.token == token:
                return interaction
        return None

    def all(self) -> list[Interaction]:
        return list(self._by_id.values())
