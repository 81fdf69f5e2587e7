"""Discord permission bits and the permission computation Discord performs.

The algorithm follows Discord's documented order: base permissions from @everyone
and the member's roles, then channel overwrites (@everyone, roles, member).
Threads inherit the overwrites of their parent channel.
"""

from __future__ import annotations

from enum import IntFlag
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loopback_discord.state import Channel, Guild, Member


class Permission(IntFlag):
    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_AUDIT_LOG = 1 << 7
    PRIORITY_SPEAKER = 1 << 8
    STREAM = 1 << 9
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    SEND_TTS_MESSAGES = 1 << 12
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    VIEW_GUILD_INSIGHTS = 1 << 19
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    MUTE_MEMBERS = 1 << 22
    DEAFEN_MEMBERS = 1 << 23
    MOVE_MEMBERS = 1 << 24
    USE_VAD = 1 << 25
    CHANGE_NICKNAME = 1 << 26
    MANAGE_NICKNAMES = 1 << 27
    MANAGE_ROLES = 1 << 28
    MANAGE_WEBHOOKS = 1 << 29
    MANAGE_GUILD_EXPRESSIONS = 1 << 30
    USE_APPLICATION_COMMANDS = 1 << 31
    REQUEST_TO_SPEAK = 1 << 32
    MANAGE_EVENTS = 1 << 33
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    USE_EXTERNAL_STICKERS = 1 << 37
    SEND_MESSAGES_IN_THREADS = 1 << 38
    USE_EMBEDDED_ACTIVITIES = 1 << 39
    MODERATE_MEMBERS = 1 << 40


ALL_PERMISSIONS = Permission(sum(p.value for p in Permission))

# What the README's invite URL grants the bot unless a test says otherwise.
DEFAULT_BOT_PERMISSIONS = (
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.SEND_MESSAGES_IN_THREADS
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.MANAGE_MESSAGES
    | Permission.MANAGE_WEBHOOKS
    | Permission.ADD_REACTIONS
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.MANAGE_ROLES
    | Permission.CREATE_PUBLIC_THREADS
    | Permission.MANAGE_EVENTS
)

# @everyone in the standard guild: enough to read, but sending comes from roles so that
# a test can take Send Messages away from the bot by changing the bot's role alone.
EVERYONE_PERMISSIONS = (
    Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY | Permission.USE_APPLICATION_COMMANDS
)

# The "Members" role every human member of the standard guild holds.
MEMBER_PERMISSIONS = (
    Permission.SEND_MESSAGES
    | Permission.SEND_MESSAGES_IN_THREADS
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.ADD_REACTIONS
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.CREATE_PUBLIC_THREADS
)

MODERATOR_PERMISSIONS = Permission.MANAGE_GUILD | Permission.MANAGE_MESSAGES


def base_permissions(guild: Guild, member: Member) -> Permission:
    """Guild-wide permissions of a member: @everyone plus every role they hold."""
    if member.user.id == guild.owner_id:
        return ALL_PERMISSIONS
    value = guild.roles[guild.id].permissions
    for role_id in member.role_ids:
        role = guild.roles.get(role_id)
        if role is not None:
            value |= role.permissions
    if value & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS
    return Permission(value)


def channel_permissions(guild: Guild, member: Member, channel: Channel) -> Permission:
    """Permissions of a member in a channel (threads use their parent's overwrites)."""
    base = base_permissions(guild, member)
    if base & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS
    overwrites = channel.overwrites
    if channel.is_thread and channel.parent is not None:
        overwrites = channel.parent.overwrites
    value = _apply_overwrites(int(base), guild, member, overwrites)
    if not value & Permission.VIEW_CHANNEL:
        # Discord: without View Channel every other channel permission is void.
        return Permission(0)
    return Permission(value)


def send_permission(channel: Channel) -> Permission:
    """The permission that lets a member post in `channel` (threads have their own)."""
    return Permission.SEND_MESSAGES_IN_THREADS if channel.is_thread else Permission.SEND_MESSAGES


def _apply_overwrites(value: int, guild: Guild, member: Member, overwrites: dict) -> int:
    everyone = overwrites.get(guild.id)
    if everyone is not None:
        value = (value & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member.role_ids:
        overwrite = overwrites.get(role_id)
        if overwrite is not None and overwrite.type == 0:
            allow |= overwrite.allow
            deny |= overwrite.deny
    value = (value & ~deny) | allow
    own = overwrites.get(member.user.id)
    if own is not None and own.type == 1:
        value = (value & ~own.deny) | own.allow
    return value
