"""Save the loopback Discord's world to a JSON file and load it back, so a sandbox restart keeps
the same guild, members, channels and chat, with the same ids (the bot's database refers to them).

Ephemeral messages are not kept, as in Discord: they are gone after a reload.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loopback_discord.scheduled_events import ScheduledEvent
from loopback_discord.state import (
    Attachment,
    Channel,
    DiscordState,
    Guild,
    Member,
    Message,
    Overwrite,
    Role,
    User,
    Webhook,
    bot_token,
)
from loopback_discord.world import StandardGuild

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord

SNAPSHOT_VERSION = 1


def save_world(server: LoopbackDiscord, path: Path) -> None:
    """Write atomically: a crash mid-write leaves the previous snapshot intact."""
    data = world_to_json(server.state)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(data))
    os.replace(temporary, path)


def load_world(server: LoopbackDiscord, path: Path) -> bool:
    """Replace the fresh standard guild with the saved world; False when there is none."""
    if not path.exists():
        return False
    data = json.loads(path.read_text())
    if data.get("version") != SNAPSHOT_VERSION:
        return False
    restore_state(server, data)
    return True


# -- to JSON ------------------------------------------------------------------------------------


def world_to_json(state: DiscordState) -> dict[str, Any]:
    return {
        "version": SNAPSHOT_VERSION,
        "bot_id": state.bot.id,
        "last_id": state.ids.last,
        "users": [_user_json(u) for u in state.users.values()],
        "guilds": [_guild_json(g) for g in state.guilds.values()],
        "channels": [_channel_json(c) for c in state.channels.values()],
        "messages": [_message_json(m) for m in state.messages.values() if not m.is_ephemeral],
        "webhooks": [_webhook_json(w) for w in state.webhooks.values()],
        "scheduled_events": [_event_json(e) for e in state.scheduled_events.values()],
    }


def _event_json(event: ScheduledEvent) -> dict[str, Any]:
    row = dataclasses.asdict(event)
    row["interested"] = sorted(event.interested)
    return row


def _fields(thing: object, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes of `thing`, by name."""
    return {name: getattr(thing, name) for name in names}


def _user_json(user: User) -> dict[str, Any]:
    return _fields(user, ["id", "username", "global_name", "bot", "avatar"])


def _guild_json(guild: Guild) -> dict[str, Any]:
    return {
        "id": guild.id,
        "name": guild.name,
        "owner_id": guild.owner_id,
        "roles": [vars(role).copy() for role in guild.roles.values()],
        "members": [
            {"user_id": m.user.id, "role_ids": m.role_ids, "joined_at": m.joined_at, "nick": m.nick}
            for m in guild.members.values()
        ],
        "channel_ids": guild.channel_ids,
    }


def _channel_json(channel: Channel) -> dict[str, Any]:
    return {
        "id": channel.id,
        "type": channel.type,
        "name": channel.name,
        "guild_id": channel.guild_id,
        "parent_id": channel.parent.id if channel.parent else None,
        "position": channel.position,
        "topic": channel.topic,
        "overwrites": [vars(o).copy() for o in channel.overwrites.values()],
        "owner_id": channel.owner_id,
        "recipient_id": channel.recipient.id if channel.recipient else None,
        "archived": channel.archived,
        "deleted": channel.deleted,
        "last_message_id": channel.last_message_id,
    }


def _message_json(message: Message) -> dict[str, Any]:
    fields = _fields(
        message,
        [
            "id",
            "channel_id",
            "guild_id",
            "content",
            "created_at",
            "embeds",
            "components",
            "flags",
            "type",
            "edited_at",
            "deleted",
            "webhook_id",
            "author_name_override",
            "author_avatar_override",
            "interaction_id",
            "reference_id",
            "tts",
            "pinned",
            "edit_count",
        ],
    )
    fields["author_id"] = message.author.id
    fields["reactions"] = {emoji: sorted(users) for emoji, users in message.reactions.items()}
    fields["attachments"] = [_attachment_json(a) for a in message.attachments]
    return fields


def _attachment_json(attachment: Attachment) -> dict[str, Any]:
    fields = _fields(attachment, ["id", "filename", "size", "content_type", "description"])
    return fields | {"data": base64.b64encode(attachment.data).decode()}


def _webhook_json(webhook: Webhook) -> dict[str, Any]:
    fields = _fields(
        webhook, ["id", "token", "channel_id", "guild_id", "name", "avatar", "deleted"]
    )
    return fields | {"creator_id": webhook.creator.id}


# -- from JSON ----------------------------------------------------------------------------------


def restore_state(server: LoopbackDiscord, data: dict[str, Any]) -> None:
    """Refill the server's state in place: the route handlers hold references to it."""
    state = server.state
    users = {u["id"]: User(**u) for u in data["users"]}
    _refill(state.users, users)
    _restore_bot(state, users[data["bot_id"]])
    _refill(state.guilds, {g["id"]: _guild(g, users) for g in data["guilds"]})
    _refill(state.channels, _channels(data["channels"], users))
    _refill(state.messages, {m["id"]: _message(m, users) for m in data["messages"]})
    _refill(state.webhooks, {w["id"]: _webhook(w, users) for w in data["webhooks"]})
    events = data.get("scheduled_events", [])  # snapshots from before events had none
    _refill(state.scheduled_events, {e["id"]: _event(e) for e in events})
    state.ids.skip_past(data["last_id"])
    server.world = standard_guild_of(state)


def _event(data: dict[str, Any]) -> ScheduledEvent:
    return ScheduledEvent(**{**data, "interested": set(data["interested"])})


def _refill(table: dict[int, Any], restored: dict[int, Any]) -> None:
    table.clear()
    table.update(restored)


def _without(row: dict[str, Any], *names: str) -> dict[str, Any]:
    """`row` without the keys the caller rebuilds itself (links by id, nested objects)."""
    return {key: value for key, value in row.items() if key not in names}


def _restore_bot(state: DiscordState, bot: User) -> None:
    state.bot = bot
    state.application_id = bot.id
    state.application_name = bot.global_name or bot.username
    state.token = bot_token(bot.id)


def _guild(data: dict[str, Any], users: dict[int, User]) -> Guild:
    guild = Guild(id=data["id"], name=data["name"], owner_id=data["owner_id"])
    guild.roles = {r["id"]: Role(**r) for r in data["roles"]}
    guild.members = {
        m["user_id"]: Member(
            user=users[m["user_id"]],
            role_ids=list(m["role_ids"]),
            joined_at=m["joined_at"],
            nick=m["nick"],
        )
        for m in data["members"]
    }
    guild.channel_ids = list(data["channel_ids"])
    return guild


def _channels(rows: list[dict[str, Any]], users: dict[int, User]) -> dict[int, Channel]:
    channels: dict[int, Channel] = {}
    for row in rows:
        fields = _without(row, "parent_id", "recipient_id")
        fields["overwrites"] = {o["id"]: Overwrite(**o) for o in row["overwrites"]}
        fields["recipient"] = users.get(row["recipient_id"]) if row["recipient_id"] else None
        channels[row["id"]] = Channel(**fields)
    for row in rows:
        if row["parent_id"] is not None:
            channels[row["id"]].parent = channels[row["parent_id"]]
    return channels


def _message(data: dict[str, Any], users: dict[int, User]) -> Message:
    fields = _without(data, "author_id", "reactions", "attachments")
    message = Message(author=users[data["author_id"]], **fields)
    message.reactions = {emoji: set(ids) for emoji, ids in data["reactions"].items()}
    message.attachments = [
        Attachment(**{**a, "data": base64.b64decode(a["data"])}) for a in data["attachments"]
    ]
    return message


def _webhook(data: dict[str, Any], users: dict[int, User]) -> Webhook:
    fields = _without(data, "creator_id")
    return Webhook(creator=users[data["creator_id"]], **fields)


def standard_guild_of(state: DiscordState) -> StandardGuild:
    """The StandardGuild view of a restored world, found by the names `build_standard_guild` uses."""
    guild = next(iter(state.guilds.values()))
    roles = {role.name: role for role in guild.roles.values()}
    return StandardGuild(
        guild=guild,
        general=state.find_channel("general"),
        spoilers=state.find_channel("spoilers"),
        quiz=state.find_channel("quiz"),
        general_thread=state.find_channel("general-thread"),
        alice=state.find_user("alice"),
        bob=state.find_user("bob"),
        mod=state.find_user("mod"),
        owner=state.find_user("owner"),
        members_role=roles["Members"],
        moderator_role=roles["Moderators"],
        bot_role=roles[state.application_name],
    )
