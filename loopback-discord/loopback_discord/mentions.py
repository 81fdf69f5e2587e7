"""Who a message pings, decided the way Discord decides it.

1. Mention tokens are read from the content only (never embeds): `@everyone`, `@here`, `<@id>`,
   `<@!id>`, `<@&role>`. Tokens inside code blocks or inline code are text, and so is anything
   escaped with a backslash; a zero-width space after `@` leaves no token at all.
2. `allowed_mentions` filters them. Absent (or null): everything is parsed and a reply pings the
   replied-to author. Present: only the `parse` types, plus the ids listed in `users` / `roles`
   that the content also mentions; the replied-to author only with `replied_user: true`.
3. The sender's permissions filter what is left: @everyone/@here need Mention Everyone, a role
   pings when it is mentionable or the sender has Mention Everyone. Channel webhooks are held to
   neither; interaction responses use the app's permissions.

An edit that changes the content recomputes the mentions, with the defaults when the edit has no
`allowed_mentions` (Discord does not notify anyone again for an edit, but the message's mention
fields change).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from loopback_discord.limits import Problem
from loopback_discord.permissions import Permission, channel_permissions
from loopback_discord.state import Channel, DiscordState, Guild, Message, Pings, User

EVERYONE, USERS, ROLES = "everyone", "users", "roles"

_TOKENS = re.compile(
    r"""
      \\.                                       # an escaped character starts nothing
    | ```[\s\S]*?```                            # a code block: mentions inside are text
    | (?P<ticks>`+)[\s\S]*?[^`](?P=ticks)(?!`)  # inline code, as Discord's markdown reads it
    | @(?P<mass>everyone|here)
    | <@&(?P<role>\d+)>
    | <@!?(?P<user>\d+)>
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class MentionTokens:
    """The mentions written in a message's content, in reading order, without duplicates."""

    everyone: bool
    roles: tuple[int, ...]
    users: tuple[int, ...]


def read_tokens(content: str) -> MentionTokens:
    everyone = False
    roles: dict[int, None] = {}
    users: dict[int, None] = {}
    for match in _TOKENS.finditer(content):
        if match["mass"]:
            everyone = True
        elif match["role"]:
            roles[int(match["role"])] = None
        elif match["user"]:
            users[int(match["user"])] = None
    return MentionTokens(everyone, tuple(roles), tuple(users))


def check_allowed_mentions(allowed: Any) -> list[Problem]:
    """Discord refuses `parse: ["users"]` together with a `users` list (the same for roles)."""
    if not isinstance(allowed, dict):
        return []
    parse = allowed.get("parse") or []
    return [
        Problem(
            ("allowed_mentions",),
            "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
            f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
        )
        for kind in (USERS, ROLES)
        if kind in parse and allowed.get(kind)
    ]


def requested_pings(
    content: str,
    allowed: dict[str, Any] | None,
    *,
    state: DiscordState,
    guild: Guild | None,
    replied_author: User | None = None,
    sender: User | None = None,
) -> Pings:
    """What the content and `allowed_mentions` let Discord ping, before the sender's permissions."""
    tokens = read_tokens(content)
    parse = {EVERYONE, USERS, ROLES} if allowed is None else set(allowed.get("parse") or [])
    listed_users = _ids(allowed.get(USERS) if allowed else None)
    listed_roles = _ids(allowed.get(ROLES) if allowed else None)
    if guild is None:  # DMs have no @everyone and no roles
        everyone, roles = False, set()
    else:  # `<@&guild id>` is the @everyone role: it reads as @everyone
        everyone = tokens.everyone or guild.id in tokens.roles
        roles = {r for r in tokens.roles if r in guild.roles and r != guild.id}
    users = {u for u in tokens.users if u in state.users}
    if replied_author is not None and _pings_replied_user(allowed) and replied_author != sender:
        users.add(replied_author.id)
        listed_users.add(replied_author.id)
    return Pings(
        everyone=everyone and EVERYONE in parse,
        roles=frozenset(r for r in roles if ROLES in parse or r in listed_roles),
        users=frozenset(u for u in users if USERS in parse or u in listed_users),
    )


def permitted_pings(requested: Pings, guild: Guild | None, *, may_mention_everyone: bool) -> Pings:
    """Of the requested pings, those the sender's permissions let through."""
    if guild is None or may_mention_everyone:
        return requested
    mentionable = {r for r in requested.roles if guild.roles[r].mentionable}
    return Pings(everyone=False, roles=frozenset(mentionable), users=requested.users)


def may_mention_everyone(state: DiscordState, message: Message, channel: Channel) -> bool:
    """Mention Everyone of the author in `channel`; channel webhooks are not held to it."""
    if message.by_channel_webhook:
        return True
    guild = state.guild_of(channel)
    member = guild.members.get(message.author.id) if guild is not None else None
    if guild is None or member is None:
        return False
    return bool(channel_permissions(guild, member, channel) & Permission.MENTION_EVERYONE)


def apply_pings(
    state: DiscordState, message: Message, channel: Channel, allowed: dict[str, Any] | None
) -> Pings:
    """Set `message.pinged` from its content; return what the request asked for (permissions aside)."""
    guild = state.guild_of(channel)
    replied = state.messages.get(message.reference_id or 0)
    requested = requested_pings(
        message.content,
        allowed,
        state=state,
        guild=guild,
        replied_author=replied.author if replied is not None else None,
        sender=message.author,
    )
    message.pinged = permitted_pings(
        requested, guild, may_mention_everyone=may_mention_everyone(state, message, channel)
    )
    return requested


def _pings_replied_user(allowed: dict[str, Any] | None) -> bool:
    return allowed is None or bool(allowed.get("replied_user"))


def _ids(values: Iterable[Any] | None) -> set[int]:
    return {int(v) for v in values or () if v is not None}
