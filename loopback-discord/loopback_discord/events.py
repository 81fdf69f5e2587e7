"""Gateway events for changes in the state, shaped per session intents (MESSAGE_CONTENT above all)."""

from __future__ import annotations

from typing import Any

from loopback_discord.gateway import Gateway
from loopback_discord.intents import Intent
from loopback_discord.payloads import (
    channel_payload,
    guild_message_event,
    member_payload,
    role_payload,
    scheduled_event_payload,
)
from loopback_discord.scheduled_events import ScheduledEvent
from loopback_discord.state import Channel, DiscordState, Guild, Member, Message, Role

# Without MESSAGE_CONTENT Discord blanks these fields of other users' guild messages.
CONTENT_FIELDS = {"content": "", "embeds": [], "attachments": [], "components": []}


def can_read_content(state: DiscordState, intents: int, message: Message) -> bool:
    """Discord's MESSAGE_CONTENT rule: DMs, the bot's own messages and mentions of the bot stay readable."""
    if intents & Intent.MESSAGE_CONTENT or message.guild_id is None:
        return True
    if (
        message.author.id == state.bot.id and message.webhook_id is None
    ) or message.interaction_id is not None:
        return True
    return f"<@{state.bot.id}>" in message.content or f"<@!{state.bot.id}>" in message.content


def message_as_seen(
    state: DiscordState, intents: int, message: Message, base_url: str
) -> dict[str, Any]:
    payload = guild_message_event(state, message, base_url=base_url)
    if not can_read_content(state, intents, message):
        payload.update(CONTENT_FIELDS)
    # A reply carries the message it answers, which the same rule blanks on its own terms.
    answered = payload.get("referenced_message")
    if answered and not can_read_content(state, intents, state.messages[int(answered["id"])]):
        answered.update(CONTENT_FIELDS)
    return payload


class EventPublisher:
    def __init__(self, state: DiscordState, gateway: Gateway, base_url: str = "") -> None:
        self._state = state
        self._gateway = gateway
        self.base_url = base_url

    def message_created(self, message: Message) -> None:
        self._message_event("MESSAGE_CREATE", message)

    def message_updated(self, message: Message) -> None:
        self._message_event("MESSAGE_UPDATE", message)

    def _message_event(self, event: str, message: Message) -> None:
        if message.is_ephemeral:
            return  # the application never sees ephemeral messages on the gateway
        self._gateway.dispatch(
            event,
            lambda intents: message_as_seen(self._state, intents, message, self.base_url),
            in_dm=message.guild_id is None,
            guild_id=message.guild_id,
        )

    def message_deleted(self, message: Message) -> None:
        if message.is_ephemeral:
            return
        data = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
        self._gateway.dispatch("MESSAGE_DELETE", data, in_dm=message.guild_id is None)

    def messages_bulk_deleted(self, channel: Channel, ids: list[int]) -> None:
        data = {
            "ids": [str(i) for i in ids],
            "channel_id": str(channel.id),
            "guild_id": str(channel.guild_id),
        }
        self._gateway.dispatch("MESSAGE_DELETE_BULK", data)

    def channel_created(self, channel: Channel) -> None:
        event = "THREAD_CREATE" if channel.is_thread else "CHANNEL_CREATE"
        payload = channel_payload(channel)
        if channel.is_thread:
            payload["newly_created"] = True
        self._gateway.dispatch(event, payload, in_dm=channel.is_dm)

    def channel_updated(self, channel: Channel) -> None:
        self._gateway.dispatch(
            "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE", channel_payload(channel)
        )

    def channel_deleted(self, channel: Channel) -> None:
        self._gateway.dispatch(
            "THREAD_DELETE" if channel.is_thread else "CHANNEL_DELETE", channel_payload(channel)
        )

    def role_created(self, guild: Guild, role: Role) -> None:
        self._gateway.dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role_payload(role)}
        )

    def role_updated(self, guild: Guild, role: Role) -> None:
        self._gateway.dispatch(
            "GUILD_ROLE_UPDATE", {"guild_id": str(guild.id), "role": role_payload(role)}
        )

    def member_added(self, guild: Guild, member: Member) -> None:
        self._gateway.dispatch(
            "GUILD_MEMBER_ADD", {"guild_id": str(guild.id), **member_payload(member)}
        )

    def member_updated(self, guild: Guild, member: Member) -> None:
        self._gateway.dispatch(
            "GUILD_MEMBER_UPDATE", {"guild_id": str(guild.id), **member_payload(member)}
        )

    def scheduled_event_created(self, event: ScheduledEvent) -> None:
        self._gateway.dispatch(
            "GUILD_SCHEDULED_EVENT_CREATE", scheduled_event_payload(self._state, event)
        )

    def scheduled_event_deleted(self, event: ScheduledEvent) -> None:
        self._gateway.dispatch(
            "GUILD_SCHEDULED_EVENT_DELETE", scheduled_event_payload(self._state, event)
        )

    def scheduled_event_user(self, event: ScheduledEvent, user_id: int, *, added: bool) -> None:
        name = "GUILD_SCHEDULED_EVENT_USER_ADD" if added else "GUILD_SCHEDULED_EVENT_USER_REMOVE"
        data = {
            "guild_scheduled_event_id": str(event.id),
            "user_id": str(user_id),
            "guild_id": str(event.guild_id),
        }
        self._gateway.dispatch(name, data)

    def webhooks_updated(self, channel: Channel) -> None:
        data = {"guild_id": str(channel.guild_id), "channel_id": str(channel.id)}
        self._gateway.dispatch("WEBHOOKS_UPDATE", data)

    def reaction_added(self, message: Message, user_id: int, emoji: str) -> None:
        data = {
            "user_id": str(user_id),
            "channel_id": str(message.channel_id),
            "message_id": str(message.id),
            "emoji": {"id": None, "name": emoji},
            "burst": False,
            "type": 0,
        }
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
        self._gateway.dispatch("MESSAGE_REACTION_ADD", data, in_dm=message.guild_id is None)

    def interaction_created(self, payload: dict[str, Any]) -> None:
        self._gateway.dispatch("INTERACTION_CREATE", payload)
