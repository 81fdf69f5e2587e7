"""What the spoiler commands and enforcement say, as plain text (the cog adds the Discord)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from lantern.markdown import escape_markdown, shorten
from lantern.spoilers.markdown import spoiler_tag
from lantern.spoilers.policy import (
    MODE_DESCRIPTIONS,
    GuildSpoilerConfig,
    Mode,
    Permission,
    effective_mode,
)
from lantern.spoilers.scanner import SpoilerHit
from lantern.spoilers.stats import CountRow, StatsWindow
from lantern.spoilers.terms import TermCheck
from lantern.wording import count

if TYPE_CHECKING:
    from lantern.spoilers.service import Verdict

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


def warn_text(
    author_id: int, spoiler_channel_ids: Iterable[int], reveals: Sequence[str] = ()
) -> str:
    """`reveals`: the spoiler-free labels of the twists the message gives away."""
    channels = [channel_mention(channel_id) for channel_id in sorted(spoiler_channel_ids)]
    where = f" or take it to {' / '.join(channels[:3])}" if channels else ""
    about = f" ({reveals_text(reveals)})" if reveals else ""
    return (
        f"{user_mention(author_id)}, that looks like a spoiler{about}. Please wrap it in "
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


# ----- the film's twists: named by their spoiler-free labels, never by what they reveal -----

ECHO_LIMIT = 80  # characters of a member's own words quoted back


def reveals_text(labels: Sequence[str]) -> str:
    """ "this reveals who Li Wei really is" (and the next twist's label, …)."""
    unique = list(dict.fromkeys(labels))
    if not unique:
        return ""
    joined = unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " and " + unique[-1]
    return f"this reveals {joined}"


def twist_labels(hits: Iterable[SpoilerHit]) -> list[str]:
    """The labels of the twists among `hits` (a guild term's hit has none)."""
    return list(dict.fromkeys(hit.term for hit in hits if hit.twist))


def caught_log_text(
    author_id: int, channel_id: int, action: str, hits: Sequence[SpoilerHit]
) -> str:
    """The mod-log entry for a spoiler caught: who, where, what was done, and what it reveals
    by label (a server term is named: the moderators chose it)."""
    labels = twist_labels(hits)
    terms = sorted({hit.term for hit in hits if not hit.twist})
    what = [reveals_text(labels)] if labels else []
    if terms:
        what.append("server terms: " + ", ".join(f"“{escape_markdown(t)}”" for t in terms))
    return (
        f"Spoiler from {user_mention(author_id)} in {channel_mention(channel_id)} ({action}): "
        + "; ".join(what)
        + "."
    )


def builtin_text(labels: Sequence[str], default_terms: Sequence[str], on: bool) -> str:
    """The film's built-in protection for a settings page: each twist's label and default term
    behind `||…||`, so a moderator who hasn't seen the film is not spoiled by it."""
    if not labels and not default_terms:
        return "none: the film pack has no twists or default terms"
    state = "**on**" if on else "**off**: only this server's terms count"
    hidden = [spoiler_tag(label) for label in labels]
    hidden += [spoiler_tag(term) for term in default_terms]
    counts = _count(len(labels), "twist")
    if default_terms:
        counts += ", " + _count(len(default_terms), "term")
    return f"{state} ({counts}, hidden): {bounded_list(hidden, ' ', limit=900)}"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def term_added_text(term: str, check: TermCheck) -> str:
    text = f"Added the spoiler term “{escape_markdown(term)}”."
    if check.tried and check.flagged:
        example = shorten(escape_markdown(check.example or ""), ECHO_LIMIT)
        text += (
            f"\n⚠️ It would have flagged **{check.flagged}** of {check.tried} ordinary messages "
            f"(e.g. “{example}”): consider a longer phrase."
        )
    elif check.tried:
        text += f" It flags none of {check.tried} ordinary messages."
    return text


def verdict_text(verdict: Verdict, text: str) -> str:
    """`/spoilers test`: flagged or not, by what, and why not."""
    if verdict.hits:
        lines = ["**Would be flagged** in a checked channel:"]
        lines += [_hit_line(hit, text) for hit in verdict.hits]
        return "\n".join(lines)
    lines = ["**Would not be flagged.**"]
    if not verdict.builtin:
        lines.append(
            "• The film's built-in protection is off here: only this server's terms count."
        )
    if verdict.hidden:
        lines.append("• Text inside `||spoiler tags||` or code is never flagged.")
    lines += _near_miss_lines(verdict, text)
    if len(lines) == 1:
        lines.append(
            "• It names nothing the film's twists are about, and none of this server's terms."
        )
    return "\n".join(lines)


def _quote(text: str, start: int, end: int) -> str:
    return f"“{shorten(escape_markdown(text[start:end]), ECHO_LIMIT)}”"


def _hit_line(hit: SpoilerHit, text: str) -> str:
    words = _quote(text, hit.start, hit.end)
    if hit.twist:
        reveals = reveals_text([hit.term])
        return f"• {reveals[:1].upper()}{reveals[1:]}: {words}"
    return f"• the server term “{escape_markdown(hit.term)}”: {words}"


def _near_miss_lines(verdict: Verdict, text: str) -> list[str]:
    lines = []
    for miss in verdict.reading.near_misses:
        subject = f"“{shorten(escape_markdown(miss.subject), ECHO_LIMIT)}”"
        if miss.span is None:
            line = f"• It names {subject} but says nothing that gives away {miss.label}."
        elif miss.why == "negated":
            line = f"• {_quote(text, *miss.span)} is negated: it doesn't give away {miss.label}."
        else:
            line = (
                f"• {_quote(text, *miss.span)} said of {subject} without a negation doesn't "
                f"give away {miss.label}."
            )
        lines.append(line)
    return list(dict.fromkeys(lines))[:8]
