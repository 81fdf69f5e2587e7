"""Discord JSON for the objects in `state.py`, shaped as discord.py 2.7 parses them."""

from __future__ import annotations

from typing import Any

from loopback_discord.messages import MESSAGE_TYPE_REPLY
from loopback_discord.permissions import channel_permissions
from loopback_discord.scheduled_events import ScheduledEvent, event_payload
from loopback_discord.state import (
    Attachment,
    Channel,
    ChannelType,
    DiscordState,
    Guild,
    Member,
    Message,
    Role,
    User,
    Webhook,
)

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


def user_payload(user: User) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "username": user.username,
        "global_name": user.global_name,
        "discriminator": "0",
        "avatar": user.avatar,
        "bot": user.bot,
        "public_flags": 0,
        "flags": 0,
    }


def role_payload(role: Role) -> dict[str, Any]:
    return {
        "id": str(role.id),
        "name": role.name,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.managed,
        "mentionable": role.mentionable,
        "flags": 0,
    }


def member_payload(member: Member, *, with_user: bool = True) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "roles": [str(role_id) for role_id in member.role_ids],
        "nick": member.nick,
        "avatar": None,
        "joined_at": member.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if with_user:
        payload["user"] = user_payload(member.user)
    return payload


def overwrite_payloads(channel: Channel) -> list[dict[str, Any]]:
    return [
        {"id": str(o.id), "type": o.type, "allow": str(o.allow), "deny": str(o.deny)}
        for o in channel.overwrites.values()
    ]


def channel_payload(channel: Channel) -> dict[str, Any]:
    if channel.is_dm:
        return _dm_payload(channel)
    payload: dict[str, Any] = {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(channel.guild_id),
        "name": channel.name,
        "position": channel.position,
        "flags": 0,
        "last_message_id": _maybe_str(channel.last_message_id),
        "rate_limit_per_user": 0,
    }
    if channel.is_thread:
        payload.update(_thread_fields(channel))
    else:
        payload.update(
            topic=channel.topic,
            nsfw=False,
            parent_id=None,
            permission_overwrites=overwrite_payloads(channel),
        )
    if channel.type == ChannelType.GUILD_VOICE:
        payload.update(bitrate=64000, user_limit=0, rtc_region=None, video_quality_mode=1)
    return payload


def _thread_fields(thread: Channel) -> dict[str, Any]:
    assert thread.parent is not None
    return {
        "parent_id": str(thread.parent.id),
        "owner_id": _maybe_str(thread.owner_id),
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "thread_metadata": {
            "archived": thread.archived,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2025-01-01T00:00:00+00:00",
            "locked": False,
        },
    }


def _dm_payload(channel: Channel) -> dict[str, Any]:
    assert channel.recipient is not None
    return {
        "id": str(channel.id),
        "type": channel.type,
        "last_message_id": _maybe_str(channel.last_message_id),
        "recipients": [user_payload(channel.recipient)],
        "flags": 0,
    }


def scheduled_event_payload(
    state: DiscordState, event: ScheduledEvent, *, with_count: bool = False
) -> dict[str, Any]:
    creator = user_payload(state.users[event.creator_id])
    return event_payload(event, creator, with_count=with_count)


def guild_create_payload(state: DiscordState, guild: Guild, *, all_members: bool) -> dict[str, Any]:
    """GUILD_CREATE. Without the GUILD_MEMBERS intent Discord sends only the bot's own member."""
    channels = state.guild_channels(guild)
    members = [m for m in guild.members.values() if all_members or m.user.id == state.bot.id]
    return {
        **guild_payload(guild),
        "unavailable": False,
        "large": False,
        "member_count": len(guild.members),
        "joined_at": guild.members[state.bot.id].joined_at,
        "channels": [channel_payload(c) for c in channels if not c.is_thread],
        "threads": [channel_payload(c) for c in channels if c.is_thread],
        "members": [member_payload(m) for m in members],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [
            scheduled_event_payload(state, e) for e in state.guild_events(guild) if e.open
        ],
        "soundboard_sounds": [],
    }


def guild_payload(guild: Guild) -> dict[str, Any]:
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role_payload(r) for r in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
    }


def attachment_payload(attachment: Attachment, base_url: str) -> dict[str, Any]:
    url = f"{base_url}/attachments/{attachment.id}/{attachment.filename}"
    return {
        "id": str(attachment.id),
        "filename": attachment.filename,
        "size": attachment.size,
        "url": url,
        "proxy_url": url,
        "content_type": attachment.content_type,
        "description": attachment.description,
        "flags": 0,
    }


def resolved_embeds(message: Message, base_url: str) -> list[dict[str, Any]]:
    """The embeds as Discord returns them: an image or thumbnail at `attachment://<filename>`
    shows that upload of the message, and its URL becomes the upload's own."""
    files = {a.filename: attachment_payload(a, base_url) for a in message.attachments}
    if not files:
        return message.embeds
    return [_resolve_embed(embed, files) for embed in message.embeds]


def _resolve_embed(embed: dict[str, Any], files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    resolved = dict(embed)
    for part in ("image", "thumbnail"):
        url = (embed.get(part) or {}).get("url") or ""
        upload = (
            files.get(url.removeprefix("attachment://"))
            if url.startswith("attachment://")
            else None
        )
        if upload is not None:
            resolved[part] = {**embed[part], "url": upload["url"], "proxy_url": upload["proxy_url"]}
    return resolved


def message_payload(
    state: DiscordState, message: Message, *, base_url: str = "", with_referenced: bool = True
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(message.id),
        "channel_id": str(message.channel_id),
        "type": message.type,
        "author": _author_payload(message),
        "content": message.content,
        "timestamp": message.created_at,
        "edited_timestamp": message.edited_at,
        "tts": message.tts,
        "mention_everyone": message.pinged.everyone,
        "mentions": [user_payload(u) for u in mentioned_users(state, message)],
        "mention_roles": [str(role_id) for role_id in sorted(message.pinged.roles)],
        "attachments": [attachment_payload(a, base_url) for a in message.attachments],
        "embeds": resolved_embeds(message, base_url),
        "components": message.components,
        "pinned": message.pinned,
        "flags": message.flags,
        "reactions": _reaction_payloads(state, message),
    }
    if message.guild_id is not None:
        payload["guild_id"] = str(message.guild_id)
    if message.webhook_id is not None:
        payload["webhook_id"] = str(message.webhook_id)
    if message.reference_id is not None:
        payload["message_reference"] = _reference_payload(message)
        if message.type == MESSAGE_TYPE_REPLY and with_referenced:
            payload["referenced_message"] = _referenced_message(state, message, base_url)
    if message.interaction_id is not None:
        payload["application_id"] = str(state.application_id)
    return payload


def _reference_payload(message: Message) -> dict[str, str]:
    reference = {"message_id": str(message.reference_id), "channel_id": str(message.channel_id)}
    if message.guild_id is not None:
        reference["guild_id"] = str(message.guild_id)  # as Discord does for a guild message
    return reference


def _referenced_message(
    state: DiscordState, reply: Message, base_url: str
) -> dict[str, Any] | None:
    """The replied-to message, as Discord sends it with a reply: null once it is deleted, and one
    level deep (not building its own referenced_message keeps a long reply chain linear)."""
    assert reply.reference_id is not None
    answered = state.messages.get(reply.reference_id)
    if answered is None or answered.deleted:
        return None
    return message_payload(state, answered, base_url=base_url, with_referenced=False)


def _author_payload(message: Message) -> dict[str, Any]:
    author = user_payload(message.author)
    if message.author_name_override is not None:
        author.update(username=message.author_name_override, global_name=None, bot=True)
    if message.author_avatar_override is not None:
        author["avatar"] = message.author_avatar_override
    if message.by_channel_webhook:
        author["id"] = str(message.webhook_id)
        author["bot"] = True
    return author


def _reaction_payloads(state: DiscordState, message: Message) -> list[dict[str, Any]]:
    return [
        {
            "emoji": {"id": None, "name": emoji},
            "count": len(users),
            "count_details": {"burst": 0, "normal": len(users)},
            "me": state.bot.id in users,
            "me_burst": False,
            "burst_colors": [],
        }
        for emoji, users in message.reactions.items()
        if users
    ]


def mentioned_users(state: DiscordState, message: Message) -> list[User]:
    """The users the message pinged (see `mentions.py`), in a stable order."""
    return [state.users[user_id] for user_id in sorted(message.pinged.users)]


def guild_message_event(
    state: DiscordState, message: Message, *, base_url: str = ""
) -> dict[str, Any]:
    """MESSAGE_CREATE / MESSAGE_UPDATE payload: the message plus the author's member."""
    payload = message_payload(state, message, base_url=base_url)
    guild = state.guilds.get(message.guild_id) if message.guild_id else None
    if guild is not None and message.webhook_id is None:
        member = guild.members.get(message.author.id)
        if member is not None:
            payload["member"] = member_payload(member, with_user=False)
    return payload


def interaction_member_payload(guild: Guild, member: Member, channel: Channel) -> dict[str, Any]:
    payload = member_payload(member)
    payload["permissions"] = str(int(channel_permissions(guild, member, channel)))
    return payload


def webhook_payload(webhook: Webhook, *, with_token: bool) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(webhook.id),
        "type": 1,
        "guild_id": str(webhook.guild_id),
        "channel_id": str(webhook.channel_id),
        "name": webhook.name,
        "avatar": webhook.avatar,
        "application_id": None,
        "user": user_payload(webhook.creator),
    }
    if with_token:
        payload["token"] = webhook.token
    return payload


def application_payload(state: DiscordState) -> dict[str, Any]:
    return {
        "id": str(state.application_id),
        "name": state.application_name,
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": 0,
        "owner": user_payload(state.bot),
        "team": None,
        "bot": user_payload(state.bot),
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "tags": [],
    }


def bot_user_payload(state: DiscordState) -> dict[str, Any]:
    payload = user_payload(state.bot)
    payload.update(verified=True, mfa_enabled=False, locale="en-US", email=None)
    return payload


def _maybe_str(value: int | None) -> str | None:
    return None if value is None else str(value)
