"""Per-guild spoiler policy: what to do with a message, given the guild's configuration.

Embargo: `/spoilers embargo until:YYYY-MM-DD` sets the last day (UTC, inclusive) of STRICT
enforcement. Until then the configured mode applies as is. From the day after, wrap and
delete relax to warn: people who have seen the film by then get a reminder, not a deleted
message. Warn and off are not affected. Without an embargo the configured mode applies
indefinitely.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from lantern.errors import LanternError
from lantern.markdown import shorten

MAX_GUILD_TERMS = 1000
MAX_TERM_LENGTH = 100
WARN_DELETE_AFTER_SECONDS = 30.0


class Mode(StrEnum):
    OFF = "off"
    WARN = "warn"
    WRAP = "wrap"
    DELETE = "delete"


DEFAULT_MODE = Mode.WARN


class Source(StrEnum):
    """Which message event found a violation (stored in spoiler_violations.source)."""

    CREATE = "create"
    EDIT = "edit"


class Outcome(StrEnum):
    """How carrying out an action went (stored in spoiler_actions.outcome)."""

    DONE = "done"
    FALLBACK = "fallback"  # the configured action was impossible: warned instead
    FAILED = "failed"


# What each mode does, to follow the mode's name ("**wrap**: the message is reposted …").
MODE_DESCRIPTIONS = {
    Mode.OFF: "spoilers are not checked",
    Mode.WARN: "a short reminder to use `||…||` or the spoiler channel",
    Mode.WRAP: "the message is reposted with the spoiler sentences in `||…||`",
    Mode.DELETE: "the message is removed and its text sent to the author privately",
}


class Permission(StrEnum):
    """Discord permissions enforcement needs (values are discord.py attribute names)."""

    MANAGE_MESSAGES = "manage_messages"
    MANAGE_WEBHOOKS = "manage_webhooks"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").title()


REQUIRED_PERMISSIONS: dict[Mode, tuple[Permission, ...]] = {
    Mode.OFF: (),
    Mode.WARN: (),
    Mode.WRAP: (Permission.MANAGE_MESSAGES, Permission.MANAGE_WEBHOOKS),
    Mode.DELETE: (Permission.MANAGE_MESSAGES,),
}


@dataclass(frozen=True)
class GuildSpoilerConfig:
    guild_id: int
    mode: Mode = DEFAULT_MODE
    terms: tuple[str, ...] = ()  # the guild's own terms, on top of the film pack's
    exempt_role_ids: frozenset[int] = frozenset()
    spoiler_channel_ids: frozenset[int] = frozenset()
    log_channel_id: int | None = None
    embargo_until: date | None = None
    seen_role_id: int | None = None  # the "I've seen it" role members take with /seen
    builtin: bool = True  # the film pack's own protection (twists, default terms) applies


@dataclass(frozen=True)
class MessageContext:
    """Where a message was posted and by whom, reduced to plain values by the cog."""

    channel_id: int
    parent_channel_id: int | None  # a thread's (or forum post's) parent channel
    author_role_ids: Collection[int] = field(default_factory=frozenset)
    author_is_bot: bool = False
    is_webhook: bool = False
    in_guild: bool = True


@dataclass(frozen=True)
class Enforcement:
    """The action to take, and why it is milder than configured when it is."""

    mode: Mode
    configured: Mode
    missing: tuple[Permission, ...] = ()
    embargo_over: bool = False

    @property
    def degraded(self) -> bool:
        return bool(self.missing)


def effective_mode(config: GuildSpoilerConfig, today: date) -> Mode:
    """The configured mode, relaxed to warn once the embargo has ended."""
    if embargo_over(config, today) and config.mode in (Mode.WRAP, Mode.DELETE):
        return Mode.WARN
    return config.mode


def embargo_over(config: GuildSpoilerConfig, today: date) -> bool:
    return config.embargo_until is not None and today > config.embargo_until


def is_spoiler_channel(config: GuildSpoilerConfig, context: MessageContext) -> bool:
    """Threads and forum posts follow their parent channel."""
    channels = config.spoiler_channel_ids
    return context.channel_id in channels or context.parent_channel_id in channels


def should_scan(config: GuildSpoilerConfig, context: MessageContext, today: date) -> bool:
    """Whether a message is subject to enforcement at all (before looking at its text)."""
    if not context.in_guild or context.author_is_bot or context.is_webhook:
        return False
    if effective_mode(config, today) is Mode.OFF:
        return False
    if is_spoiler_channel(config, context):
        return False
    return not config.exempt_role_ids.intersection(context.author_role_ids)


def enforcement(
    config: GuildSpoilerConfig, today: date, granted: Collection[Permission]
) -> Enforcement:
    """What to do with a spoiler: falls back to warn when a needed permission is missing."""
    mode = effective_mode(config, today)
    missing = tuple(perm for perm in REQUIRED_PERMISSIONS[mode] if perm not in granted)
    return Enforcement(
        mode=Mode.WARN if missing else mode,
        configured=config.mode,
        missing=missing,
        embargo_over=embargo_over(config, today),
    )


def parse_mode(value: str) -> Mode:
    try:
        return Mode(value.strip().lower())
    except ValueError:
        choices = ", ".join(mode.value for mode in Mode)
        raise LanternError(f"Unknown mode {value!r}: choose one of {choices}.") from None


def parse_embargo_date(value: str, now: datetime) -> date:
    """A YYYY-MM-DD date that is today or later (UTC)."""
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise LanternError(
            f"“{shorten(value, 40)}” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-31."
        ) from None
    if parsed < now.date():
        raise LanternError(f"{parsed.isoformat()} is in the past: pick today or a later day.")
    return parsed
