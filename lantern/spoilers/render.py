"""What the spoiler commands and enforcement say, as plain text (the cog adds the Discord)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from lantern.markdown import escape_markdown
from lantern.spoilers.markdown import spoiler_tag
from lantern.spoilers.policy import (
    MODE_DESCRIPTIONS,
    GuildSpoilerConfig,
    Mode,
    Permission,
    effective_mode,
)
from lantern.spoilers.stats import CountRow, StatsWindow
from lantern.wording import count

NONE = "none"
LIST_LIMIT = 1000  # characters; embed field values are capped at 1024


def channel_mention(channel_id: int) -> str:
    return f"<#{channel_id}>"


def role_mention(role_id: int) -> str:
    return f"<@&{role_id}>"


def user_mention(user_id: int) -> str:
    return f"<@{user_id}>"


def bounded_list(items: Sequence[str], separator: str = ", ", limit: int = LIST_LIMIT) -> str:
    """Join `items`, stopping with "…and N more" before the text grows past `limit`."""
    if not items:
        return NONE
    shown: list[str] = []
    length = 0
    for index, item in enumerate(items):
        rest = len(items) - index
        if length + len(item) + len(separator) + 20 > limit:
            return separator.join(shown) + f"{separator}…and {rest} more"
        shown.append(item)
        length += len(item) + len(separator)
    return separator.join(shown)


def embargo_text(config: GuildSpoilerConfig, today: date) -> str:
    if config.embargo_until is None:
        return "none: the mode applies indefinitely"
    day = config.embargo_until.isoformat()
    if today > config.embargo_until:
        return f"ended {day}: wrap/delete have relaxed to warn"
    return f"until {day} (UTC, inclusive); afterwards wrap/delete relax to warn"


def mode_text(config: GuildSpoilerConfig, today: date) -> str:
    effective = effective_mode(config, today)
    text = f"{config.mode.value}: {MODE_DESCRIPTIONS[config.mode]}"
    if effective is not config.mode:
        text += f"\n(now **{effective.value}**: the embargo has ended)"
    return text


def intent_warning() -> str:
    return (
        "The **Message Content** intent is not granted, so I can't read chat: spoiler "
        "scanning and tag tracking are off. Enable it in the Developer Portal (Bot > "
        "Privileged Gateway Intents) and restart me. Everything else works."
    )


def missing_permissions_warning(mode: Mode, missing: Iterable[Permission], where: str) -> str:
    names = " and ".join(f"**{perm.label}**" for perm in missing)
    return (
        f"I can't **{mode.value}** spoilers in {where}: I'm missing {names}. "
        "Until that permission is granted I only warn."
    )


def forbidden_warning(action: str, where: str) -> str:
    return (
        f"Discord refused to let me {action} in {where} (missing permission). "
        "I only warn there until that permission is granted."
    )


def warn_text(author_id: int, spoiler_channel_ids: Iterable[int]) -> str:
    channels = [channel_mention(channel_id) for channel_id in sorted(spoiler_channel_ids)]
    where = f" or take it to {' / '.join(channels[:3])}" if channels else ""
    return (
        f"{user_mention(author_id)}, that looks like a spoiler. Please wrap it in "
        f"`||spoiler tags||`{where}."
    )


def reply_line(jump_url: str, author_name: str | None) -> str:
    """The line a wrapped repost opens with when the original answered a message: a webhook
    cannot post a reply, so the repost links to what it answered, in small text."""
    to = f"**{escape_markdown(author_name)}**" if author_name else "an earlier message"
    return f"-# \N{RIGHTWARDS ARROW WITH HOOK} Replying to {to}: {jump_url}"


def deleted_dm_text(channel_id: int, terms: Iterable[str]) -> str:
    found = ", ".join(sorted(set(terms)))
    return (
        f"I removed your message in {channel_mention(channel_id)} because it gives away part "
        f"of the film ({found}). Here is your text, so nothing is lost: repost it with "
        "`||spoiler tags||` around the spoiler, or in the spoiler channel."
    )


def wrapped_dm_text(channel_id: int) -> str:
    return (
        f"I reposted your message in {channel_mention(channel_id)} with the spoiler inside "
        "`||spoiler tags||`, because it gives away part of the film. A repost can't be edited, "
        "so here is your text in case you want to change it and post it again:"
    )


def spoiler_post(author_mention: str, text: str, about: str | None) -> str:
    """The /spoiler post; `about` must already be escaped, `text` is tagged safely here."""
    label = f"spoiler about {about}" if about else "spoiler"
    return f"{author_mention} — {label}: {spoiler_tag(text)}"


def _window_totals(window: StatsWindow) -> str:
    totals = window.totals
    actions = ", ".join(f"{name} {count}" for name, count in sorted(totals.actions.items())) or NONE
    return (
        f"Tagged spoilers: **{totals.tagged_messages}** messages, "
        f"**{totals.tagged_segments}** `||…||` {'tag' if totals.tagged_segments == 1 else 'tags'}\n"
        f"Untagged spoilers caught: **{totals.violations}**\n"
        f"Actions: {actions}"
    )


def _ranked_lines(rows: Iterable[CountRow], mention: Callable[[int], str]) -> str:
    lines = [
        f"{position}. {mention(row.key)}: {count(row.tagged_segments, 'tag')}, "
        f"{row.violations} untagged"
        for position, row in enumerate(rows, start=1)
    ]
    return "\n".join(lines) or NONE


def stats_fields(window: StatsWindow, *, with_members: bool) -> list[tuple[str, str]]:
    """(name, value) pairs for one time window."""
    fields = [
        (window.label, _window_totals(window)),
        (f"{window.label}: top channels", _ranked_lines(window.top_channels, channel_mention)),
    ]
    if with_members:
        members = _ranked_lines(window.top_members, user_mention)
        fields.append((f"{window.label}: top members", members))
    return fields
