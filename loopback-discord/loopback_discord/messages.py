"""Creating, editing and deleting messages from a request body: shared by channel routes,
webhooks and interaction responses, so all three enforce the same limits and send the same events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loopback_discord.limits import Problem, check_message
from loopback_discord.mentions import apply_pings, check_allowed_mentions
from loopback_discord.recorder import PingRecord, current_request
from loopback_discord.rest import invalid_form, not_found, raise_if_invalid
from loopback_discord.state import Attachment, Channel, Message, User

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord

FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_SUPPRESS_NOTIFICATIONS = 1 << 12
FLAG_COMPONENTS_V2 = 1 << 15
MESSAGE_TYPE_DEFAULT = 0
MESSAGE_TYPE_REPLY = 19
SETTABLE_FLAGS = (
    FLAG_SUPPRESS_EMBEDS | FLAG_EPHEMERAL | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_COMPONENTS_V2
)


class MessageService:
    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server

    def create(
        self,
        channel: Channel,
        author: User,
        body: dict[str, Any],
        files: list[Attachment],
        **fields: Any,
    ) -> Message:
        problems = check_message(body, creating=True, has_files=bool(files))
        problems += _check_flags(body.get("flags"))
        problems += check_allowed_mentions(body.get("allowed_mentions"))
        raise_if_invalid(problems)
        state = self._server.state
        message = state.add_message(channel, author, body.get("content") or "", **fields)
        message.flags |= (body.get("flags") or 0) & SETTABLE_FLAGS & ~FLAG_EPHEMERAL
        _apply_parts(message, body, files, state.ids.next)
        message.tts = bool(body.get("tts"))
        message.reference_id = self._reference(channel, body.get("message_reference"))
        if message.reference_id is not None and message.type == MESSAGE_TYPE_DEFAULT:
            message.type = MESSAGE_TYPE_REPLY
        self._ping(message, channel, body)
        self._server.events.message_created(message)
        self._server.changed.fire()
        return message

    def edit(self, message: Message, body: dict[str, Any], files: list[Attachment]) -> Message:
        problems = check_message(body, creating=False)
        problems += check_allowed_mentions(body.get("allowed_mentions"))
        raise_if_invalid(problems)
        if "content" in body:
            message.content = body.get("content") or ""
            # Discord rebuilds the mentions from the new content (defaults without allowed_mentions).
            self._ping(message, self._server.state.channels[message.channel_id], body, edit=True)
        _apply_parts(message, body, files, self._server.state.ids.next)
        if body.get("flags") is not None:
            message.flags = (message.flags & (FLAG_EPHEMERAL | FLAG_LOADING)) | (
                body["flags"] & FLAG_SUPPRESS_EMBEDS
            )
        was_loading = bool(message.flags & FLAG_LOADING)
        message.flags &= ~FLAG_LOADING
        if not was_loading:
            message.edited_at = self._server.clock.iso_now()
        message.edit_count += 1
        self._server.events.message_updated(message)
        self._server.changed.fire()
        return message

    def delete(self, message: Message) -> None:
        message.deleted = True
        self._server.events.message_deleted(message)
        self._server.changed.fire()

    def _ping(
        self, message: Message, channel: Channel, body: dict[str, Any], *, edit: bool = False
    ) -> None:
        """Set who the message pings and record it with the request that sent it."""
        allowed = body.get("allowed_mentions")
        requested = apply_pings(self._server.state, message, channel, allowed)
        route, path = current_request.get() or ("(no REST request)", "")
        self._server.recorder.pings.append(
            PingRecord(
                route=route,
                path=path,
                message_id=message.id,
                content=message.content,
                allowed_mentions=allowed,
                requested=requested,
                pinged=message.pinged,
                edit=edit,
            )
        )

    def _reference(self, channel: Channel, reference: dict[str, Any] | None) -> int | None:
        if not reference or reference.get("message_id") is None:
            return None
        target = self._server.state.messages.get(int(reference["message_id"]))
        if target is None or target.channel_id != channel.id:
            if reference.get("fail_if_not_exists", True):
                raise invalid_form(
                    [
                        Problem(
                            ("message_reference",),
                            "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                            "Unknown message",
                        )
                    ]
                )
            return None
        return target.id


def _check_flags(flags: int | None) -> list[Problem]:
    if flags and flags & ~SETTABLE_FLAGS:
        return [
            Problem(
                ("flags",),
                "MESSAGE_FLAGS_INVALID",
                f"Flags {flags & ~SETTABLE_FLAGS} cannot be set.",
            )
        ]
    return []


def _apply_parts(
    message: Message, body: dict[str, Any], files: list[Attachment], next_id: Any
) -> None:
    if "embeds" in body:
        message.embeds = [{"type": "rich", **embed} for embed in body.get("embeds") or []]
    if "components" in body:
        message.components = body.get("components") or []
    if "attachments" in body or files:
        message.attachments = _attachments(message, body.get("attachments"), files, next_id)


def _attachments(
    message: Message, listed: list[dict[str, Any]] | None, files: list[Attachment], next_id: Any
) -> list[Attachment]:
    """Keep the existing attachments the body lists by id, add uploads (ids in the body are upload indexes)."""
    by_upload = {f.id: f for f in files}
    kept = {a.id: a for a in message.attachments}
    result: list[Attachment] = []
    for item in listed if listed is not None else [{"id": f.id} for f in files]:
        wanted = int(item["id"])
        if wanted in kept:
            result.append(kept[wanted])
        elif wanted in by_upload:
            upload = by_upload.pop(wanted)
            upload.filename = item.get("filename") or upload.filename
            upload.description = item.get("description")
            upload.id = next_id()
            result.append(upload)
    for upload in by_upload.values():
        upload.id = next_id()
        result.append(upload)
    return result


def ensure_visible(message: Message | None, channel_id: int | None = None) -> Message:
    if (
        message is None
        or message.deleted
        or (channel_id is not None and message.channel_id != channel_id)
    ):
        raise not_found(10008, "Message")
    return message
