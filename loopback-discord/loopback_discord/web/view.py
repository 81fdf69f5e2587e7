"""What the sandbox page shows, as JSON: the guild seen by one member, and a channel's messages
as that member sees them (their own ephemeral replies included, nobody else's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from loopback_discord.interactions import InteractionType
from loopback_discord.invocations import SUBCOMMAND_TYPES
from loopback_discord.messages import FLAG_LOADING
from loopback_discord.payloads import resolved_embeds
from loopback_discord.permissions import (
    Permission,
    base_permissions,
    channel_permissions,
    send_permission,
)
from loopback_discord.state import Channel, Message, User

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord

MESSAGES_SHOWN = 100


@dataclass
class Notice:
    """A line only one member sees that no application sent: "The application did not respond",
    or a request Discord refused (shown to everybody, `user_id` None)."""

    id: int
    channel_id: int | None
    user_id: int | None
    text: str
    kind: str  # "failed" | "refused" | "client"


def guild_view(server: LoopbackDiscord, viewer: User) -> dict[str, Any]:
    guild = server.world.guild
    member = guild.members[viewer.id]
    return {
        "guild": {"id": str(guild.id), "name": guild.name},
        "me": _member_view(server, viewer),
        "members": [_member_view(server, m.user) for m in guild.members.values()],
        "channels": _channels_view(server, viewer),
        "roles": [
            {"id": str(r.id), "name": r.name, "color": r.color}
            for r in sorted(guild.roles.values(), key=lambda r: -r.position)
        ],
        "commands": commands_view(server, int(base_permissions(guild, member))),
        "events": events_view(server, viewer),
        "application": server.state.application_name,
        "bot_online": server.gateway.connected,
    }


def events_view(server: LoopbackDiscord, viewer: User) -> list[dict[str, Any]]:
    """The guild's open scheduled events, soonest first, as the Events list shows them."""
    guild = server.world.guild
    events = [
        e for e in server.state.scheduled_events.values() if e.guild_id == guild.id and e.open
    ]
    return [
        {
            "id": str(event.id),
            "name": event.name,
            "description": event.description,
            "start": event.start,
            "end": event.end,
            "location": event.location,
            "interested": len(event.interested),
            "me_interested": viewer.id in event.interested,
        }
        for event in sorted(events, key=lambda e: (e.start, e.id))
    ]


def _member_view(server: LoopbackDiscord, user: User) -> dict[str, Any]:
    guild = server.world.guild
    member = guild.members[user.id]
    roles = [guild.roles[r] for r in member.role_ids if r in guild.roles]
    return {
        "id": str(user.id),
        "username": user.username,
        "name": member.nick or user.display_name,
        "bot": user.bot,
        "roles": [r.name for r in roles],
        "moderator": bool(base_permissions(guild, member) & Permission.MANAGE_GUILD),
    }


def _channels_view(server: LoopbackDiscord, viewer: User) -> list[dict[str, Any]]:
    guild = server.world.guild
    member = guild.members[viewer.id]
    result = []
    for channel in _ordered_channels(server):
        permissions = channel_permissions(guild, member, channel)
        if not permissions & Permission.VIEW_CHANNEL:
            continue
        result.append(
            {
                "id": str(channel.id),
                "name": channel.name,
                "topic": channel.topic,
                "thread": channel.is_thread,
                "parent_id": str(channel.parent.id) if channel.parent else None,
                "can_send": bool(permissions & send_permission(channel)),
                "last_message_id": str(channel.last_message_id or 0),
            }
        )
    return result + _direct_messages_view(server, viewer)


def _direct_messages_view(server: LoopbackDiscord, viewer: User) -> list[dict[str, Any]]:
    """The viewer's DM with the bot, once either of them wrote (the bot DMs deleted spoilers)."""
    return [
        {
            "id": str(channel.id),
            "name": server.state.bot.display_name,
            "topic": "Direct messages",
            "thread": False,
            "dm": True,
            "parent_id": None,
            "can_send": True,
            "last_message_id": str(channel.last_message_id or 0),
        }
        for channel in server.state.channels.values()
        if channel.is_dm and channel.recipient is viewer
    ]


def _ordered_channels(server: LoopbackDiscord) -> list[Channel]:
    """Text channels by position, each followed by its threads."""
    channels = server.state.guild_channels(server.world.guild)
    ordered: list[Channel] = []
    for channel in sorted((c for c in channels if not c.is_thread), key=lambda c: c.position):
        ordered.append(channel)
        ordered += [c for c in channels if c.parent is channel]
    return ordered


# -- the command palette ------------------------------------------------------------------------


def commands_view(server: LoopbackDiscord, permissions: int) -> list[dict[str, Any]]:
    """Every runnable command path ("trivia start") with its options, as the client lists them;
    commands whose default_member_permissions the member lacks are hidden, as in Discord."""
    guild_id = server.world.guild.id
    pool = {c["name"]: c for c in server.commands.commands(None)}
    pool |= {c["name"]: c for c in server.commands.commands(guild_id)}
    entries: list[dict[str, Any]] = []
    for command in sorted(pool.values(), key=lambda c: c["name"]):
        needed = command.get("default_member_permissions")
        if command.get("type", 1) != 1 or (needed is not None and int(needed) & ~permissions):
            continue
        entries += _leaves(command["name"], command["description"], command.get("options") or [])
    return entries


def _leaves(path: str, description: str, options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    subs = [o for o in options if o["type"] in SUBCOMMAND_TYPES]
    if not subs:
        return [{"path": path, "description": description, "options": options}]
    found: list[dict[str, Any]] = []
    for sub in subs:
        found += _leaves(
            f"{path} {sub['name']}", sub.get("description", ""), sub.get("options") or []
        )
    return found


# -- messages -----------------------------------------------------------------------------------


def messages_view(
    server: LoopbackDiscord, viewer: User, channel: Channel, notices: list[Notice]
) -> list[dict[str, Any]]:
    visible = sorted(
        (
            m
            for m in server.state.messages.values()
            if m.channel_id == channel.id
            and not m.deleted
            and (m.ephemeral_for is None or m.ephemeral_for == viewer.id)
        ),
        key=lambda m: m.id,
    )
    # Only the newest can be shown: rendering a long chat in full on every poll is wasted work.
    items = [message_view(server, m) for m in visible[-MESSAGES_SHOWN:]]
    items += [
        _notice_view(n)
        for n in notices
        if n.channel_id == channel.id and n.user_id in (None, viewer.id)
    ]
    items.sort(key=lambda item: int(item["id"]))
    return items[-MESSAGES_SHOWN:]


def message_view(server: LoopbackDiscord, message: Message) -> dict[str, Any]:
    embeds = resolved_embeds(message, "")
    shown = {
        (embed.get(part) or {}).get("url") for embed in embeds for part in ("image", "thumbnail")
    }
    return {
        "id": str(message.id),
        "kind": "message",
        "author": _author_view(server, message),
        "content": message.content,
        "embeds": embeds,
        "components": message.components,
        "attachments": [
            {
                "filename": a.filename,
                "url": f"/attachments/{a.id}/{a.filename}",
                "spoiler": a.is_spoiler,
                "image": (a.content_type or "").startswith("image/")
                or a.filename.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".webp")),
            }
            for a in message.attachments
            # An upload an embed shows (attachment://name) appears in the embed, as in Discord.
            if f"/attachments/{a.id}/{a.filename}" not in shown
        ],
        "ephemeral": message.is_ephemeral,
        "loading": bool(message.flags & FLAG_LOADING),
        "edited": message.edited_at is not None,
        "created_at": message.created_at,
        "reference": _reference_view(server, message),
        "used": _used_command(server, message),
        "reactions": {emoji: len(users) for emoji, users in message.reactions.items() if users},
    }


def _author_view(server: LoopbackDiscord, message: Message) -> dict[str, Any]:
    author = message.author
    guild = server.world.guild
    member = guild.members.get(author.id)
    by_webhook = message.by_channel_webhook
    name = message.author_name_override or (member.nick if member else None) or author.display_name
    return {
        "id": str(author.id),
        "name": name,
        "bot": author.bot and not by_webhook,
        "webhook": by_webhook,
        "avatar": message.author_avatar_override,
    }


def _reference_view(server: LoopbackDiscord, message: Message) -> dict[str, Any] | None:
    if message.reference_id is None:
        return None
    target = server.state.messages.get(message.reference_id)
    if target is None or target.deleted:
        return {"deleted": True}
    return {
        "id": str(target.id),
        "author": _author_view(server, target)["name"],
        "content": target.content[:120],
    }


def _used_command(server: LoopbackDiscord, message: Message) -> dict[str, Any] | None:
    """ "Alice used /trivia start" above a command's reply, as Discord shows it."""
    if message.interaction_id is None:
        return None
    interaction = server.interactions.get(message.interaction_id)
    if interaction is None or interaction.type != InteractionType.APPLICATION_COMMAND:
        return None
    return {"user": interaction.user.display_name, "command": _command_path(interaction.data)}


def _command_path(data: dict[str, Any]) -> str:
    parts = [data.get("name", "")]
    options = data.get("options") or []
    while options and options[0].get("type") in SUBCOMMAND_TYPES:
        parts.append(options[0]["name"])
        options = options[0].get("options") or []
    return " ".join(parts)


def _notice_view(notice: Notice) -> dict[str, Any]:
    return {
        "id": str(notice.id),
        "kind": "notice",
        "notice": notice.kind,
        "content": notice.text,
        "ephemeral": notice.user_id is not None,
    }


def mentions_view(server: LoopbackDiscord) -> dict[str, dict[str, str]]:
    """Names for <@id>, <#id> and <@&id> in message text."""
    guild = server.world.guild
    return {
        "users": {
            str(u.id): (guild.members[u.id].nick if u.id in guild.members else None)
            or u.display_name
            for u in server.state.users.values()
        },
        "channels": {str(c.id): c.name for c in server.state.channels.values() if not c.is_dm},
        "roles": {str(r.id): r.name for r in guild.roles.values()},
    }
