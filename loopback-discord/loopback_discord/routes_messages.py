"""Channel messages (bot token): history, send, edit, delete, bulk delete, reactions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from loopback_discord.events import message_as_seen
from loopback_discord.limits import Problem
from loopback_discord.messages import ensure_visible
from loopback_discord.permissions import Permission, send_permission
from loopback_discord.rest import (
    ApiError,
    Call,
    bot_permissions,
    invalid_form,
    json_response,
    no_content,
    not_found,
    require,
    route,
)
from loopback_discord.state import Channel, Message, snowflake_time

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord

BULK_DELETE_MAX_AGE_SECONDS = 14 * 24 * 3600


class MessageRoutes:
    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server
        self._state = server.state

    @route("GET /channels/{channel_id}/messages")
    async def history(self, call: Call) -> web.Response:
        channel = self._readable_channel(call)
        messages = self._state.channel_messages(channel)
        messages = _page(messages, call.query)
        return json_response([self._as_seen(m) for m in reversed(messages)])

    @route("GET /channels/{channel_id}/messages/{message_id}")
    async def get_message(self, call: Call) -> web.Response:
        channel = self._readable_channel(call)
        message = self._channel_message(call, channel)
        return json_response(self._as_seen(message))

    @route("POST /channels/{channel_id}/messages")
    async def send(self, call: Call) -> web.Response:
        channel = self._server.channel_or_404(call.id("channel_id"))
        body = dict(call.json)
        if channel.is_dm and channel.recipient is not None and not channel.recipient.accepts_dms:
            raise ApiError(403, 50007, "Cannot send messages to this user")
        if not channel.is_dm:
            require(self._server, channel, send_permission(channel))
            if call.files:
                require(self._server, channel, Permission.ATTACH_FILES)
            self._drop_embeds_without_embed_links(channel, body)
        message = self._server.messages.create(channel, self._state.bot, body, call.files)
        return json_response(self._server.message_payload(message))

    @route("PATCH /channels/{channel_id}/messages/{message_id}")
    async def edit(self, call: Call) -> web.Response:
        channel = self._server.channel_or_404(call.id("channel_id"))
        message = self._channel_message(call, channel)
        if not self._is_own(message):
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        body = dict(call.json)
        if not channel.is_dm:
            self._drop_embeds_without_embed_links(channel, body)
        self._server.messages.edit(message, body, call.files)
        return json_response(self._server.message_payload(message))

    @route("DELETE /channels/{channel_id}/messages/{message_id}")
    async def delete(self, call: Call) -> web.Response:
        channel = self._server.channel_or_404(call.id("channel_id"))
        message = self._channel_message(call, channel)
        if not self._is_own(message):
            if channel.is_dm:
                raise ApiError(403, 50003, "Cannot execute action on a DM channel")
            require(self._server, channel, Permission.MANAGE_MESSAGES)
        self._server.messages.delete(message)
        return no_content()

    @route("POST /channels/{channel_id}/messages/bulk-delete")
    async def bulk_delete(self, call: Call) -> web.Response:
        channel = self._server.channel_or_404(call.id("channel_id"))
        require(self._server, channel, Permission.MANAGE_MESSAGES)
        ids = [int(i) for i in call.json.get("messages", [])]
        if not 2 <= len(ids) <= 100:
            raise invalid_form(
                [
                    Problem(
                        ("messages",),
                        "BASE_TYPE_BAD_LENGTH",
                        "Must be between 2 and 100 in length.",
                    )
                ]
            )
        messages = [self._message_in(channel, i) for i in ids]
        oldest_allowed = self._server.clock.now() - BULK_DELETE_MAX_AGE_SECONDS
        if any(snowflake_time(m.id) < oldest_allowed for m in messages):
            raise ApiError(
                400, 50034, "You can only bulk delete messages that are under 14 days old."
            )
        for message in messages:
            message.deleted = True
        self._server.events.messages_bulk_deleted(channel, ids)
        return no_content()

    @route("PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me")
    async def react(self, call: Call) -> web.Response:
        message = self._reactable(call)
        emoji = call.params["emoji_name"]
        users = message.reactions.setdefault(emoji, set())
        if self._state.bot.id not in users:
            users.add(self._state.bot.id)
            self._server.events.reaction_added(message, self._state.bot.id, emoji)
        return no_content()

    @route("DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me")
    async def unreact(self, call: Call) -> web.Response:
        message = self._reactable(call)
        message.reactions.get(call.params["emoji_name"], set()).discard(self._state.bot.id)
        return no_content()

    def _reactable(self, call: Call) -> Message:
        channel = self._server.channel_or_404(call.id("channel_id"))
        message = self._channel_message(call, channel)
        if not channel.is_dm:
            require(
                self._server, channel, Permission.ADD_REACTIONS | Permission.READ_MESSAGE_HISTORY
            )
        return message

    def _channel_message(self, call: Call, channel: Channel) -> Message:
        return self._message_in(channel, call.id("message_id"))

    def _message_in(self, channel: Channel, message_id: int) -> Message:
        message = ensure_visible(self._state.messages.get(message_id), channel.id)
        if message.is_ephemeral:  # ephemeral replies live outside the channel
            raise not_found(10008, "Message")
        return message

    def _is_own(self, message: Message) -> bool:
        """The bot's messages, its interaction replies included, but not its webhooks' posts."""
        by_bot = message.author.id == self._state.bot.id
        return by_bot and not message.by_channel_webhook

    def _readable_channel(self, call: Call) -> Channel:
        channel = self._server.channel_or_404(call.id("channel_id"))
        if not channel.is_dm:
            require(
                self._server, channel, Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY
            )
        return channel

    def _as_seen(self, message: Message) -> dict:
        return message_as_seen(
            self._state, self._server.gateway.intents, message, self._server.base_url
        )

    def _drop_embeds_without_embed_links(self, channel: Channel, body: dict) -> None:
        """Discord accepts the message but shows no embeds when the bot lacks Embed Links."""
        if (
            body.get("embeds")
            and not bot_permissions(self._server, channel) & Permission.EMBED_LINKS
        ):
            self._server.recorder.notes.append(
                f"embeds dropped in #{channel.name}: the bot lacks Embed Links"
            )
            body["embeds"] = []
            if not body.get("content") and not body.get("components"):
                raise ApiError(400, 50006, "Cannot send an empty message")


def _page(messages: list[Message], query: dict[str, str]) -> list[Message]:
    limit = int(query.get("limit", 50))
    if "before" in query:
        return [m for m in messages if m.id < int(query["before"])][-limit:]
    if "after" in query:
        return [m for m in messages if m.id > int(query["after"])][:limit]
    if "around" in query:
        pivot = int(query["around"])
        older = [m for m in messages if m.id <= pivot][-(limit // 2 + 1) :]
        newer = [m for m in messages if m.id > pivot][: limit - len(older)]
        return older + newer
    return messages[-limit:]
