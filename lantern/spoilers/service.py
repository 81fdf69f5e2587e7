"""`SpoilerService`: the spoiler features as plain async calls over the spoiler store.

Settings (channels, terms, exempt roles, log channel, mode, embargo), the rules of adding a
term, the per-guild configuration and scanner caches, the scan of one message, and the
records of tags, violations, actions and moderator notices. The cog only talks to Discord.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from lantern.clock import Clock
from lantern.database.spoilers import SpoilerStore
from lantern.errors import LanternError
from lantern.spoilers.claims import ClaimDetector, Reading
from lantern.spoilers.config_cache import ConfigCache
from lantern.spoilers.markdown import count_spoiler_segments, hidden_spans
from lantern.spoilers.policy import (
    GuildSpoilerConfig,
    MessageContext,
    Mode,
    Outcome,
    Source,
    parse_embargo_date,
    should_scan,
)
from lantern.spoilers.scanner import SpoilerHit, SpoilerScanner
from lantern.spoilers.stats import StatsReport
from lantern.spoilers.terms import (
    CleanTerm,
    ScannerCache,
    TermCheck,
    check_addable,
    check_ordinary,
    clean_term,
    is_default_term,
)

T = TypeVar("T")


def missing_notice(mode: Mode) -> str:
    """The notice kind for "the bot lacks the permissions `mode` needs"."""
    return f"missing:{mode.value}"


SEEN_ROLE_NOTICE = "seen-role"  # the notice kind for "members can't get the seen role"


def forbidden_notice(mode: Mode) -> str:
    """The notice kind for "Discord refused `mode` with a 403"."""
    return f"forbidden:{mode.value}"


@dataclass(frozen=True)
class TermAdded:
    term: CleanTerm
    check: TermCheck  # how it fares on the clean chat of the evaluation corpus


@dataclass(frozen=True)
class Verdict:
    """What `/spoilers test` reports: the hits the message would get in a checked channel,
    how the film's twist rules read it, and what is hidden from them."""

    hits: list[SpoilerHit]
    reading: Reading
    builtin: bool
    hidden: list[tuple[int, int]] = field(default_factory=list)


class SpoilerService:
    def __init__(
        self,
        store: SpoilerStore,
        default_terms: Iterable[str],
        clock: Clock,
        twists: ClaimDetector | None = None,
        clean_messages: Sequence[str] = (),
    ) -> None:
        self.store = store
        self.default_terms = tuple(default_terms)
        self.clock = clock
        # The film's twists, compiled once per process; ordinary chat for the term guard.
        self.twists = twists if twists is not None else ClaimDetector(())
        self.clean_messages = tuple(clean_messages)
        self.configs = ConfigCache(store.spoiler_config)
        self.scanners = ScannerCache()
        self._guild_scanners: dict[int, tuple[GuildSpoilerConfig, SpoilerScanner]] = {}

    # ----- configuration, cached -----

    async def config(self, guild_id: int) -> GuildSpoilerConfig:
        return await self.configs.get(guild_id)

    def forget(self, guild_id: int) -> None:
        """Drop the guild's cached configuration: every change calls this."""
        self.configs.forget(guild_id)

    async def is_spoiler_channel(self, guild_id: int, channel_id: int) -> bool:
        """For other features (threads follow their parent: callers pass the parent)."""
        return await self.store.is_spoiler_channel(guild_id, channel_id)

    def scanner_for(self, config: GuildSpoilerConfig) -> SpoilerScanner:
        """The guild's scanner, looked up by config identity so a busy chat never re-hashes a
        long term list; a configuration change makes a new config object and so a new lookup."""
        known = self._guild_scanners.get(config.guild_id)
        if known is not None and known[0] is config:
            return known[1]
        defaults = self.default_terms if config.builtin else ()
        also = self.twists.anchor_keys if config.builtin else ()
        scanner = self.scanners.get((*defaults, *config.terms), also)
        self._guild_scanners[config.guild_id] = (config, scanner)
        return scanner

    # ----- settings -----

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was not a spoiler channel before."""
        return await self._changing(guild_id, self.store.add_spoiler_channel(guild_id, channel_id))

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        return await self._changing(
            guild_id, self.store.remove_spoiler_channel(guild_id, channel_id)
        )

    async def add_term(self, guild_id: int, raw: str, member_id: int) -> TermAdded:
        """Add a guild term: not one of the film's, not only everyday words, within the guild's
        limit, not already there; with how many clean messages it would flag."""
        cleaned = clean_term(raw)
        count = await self.store.count_spoiler_terms(guild_id)
        check_addable(cleaned, self.default_terms, count)
        check = check_ordinary(cleaned, self.clean_messages)
        now = self.clock.now()
        added = self.store.add_spoiler_term(guild_id, cleaned, member_id, now)
        if not await self._changing(guild_id, added):
            raise LanternError(f"“{cleaned.term}” is already a spoiler term here.")
        return TermAdded(cleaned, check)

    async def remove_term(self, guild_id: int, raw: str) -> CleanTerm:
        """Remove a guild term; the film's own terms cannot be removed."""
        cleaned = clean_term(raw)
        removed = self.store.remove_spoiler_term(guild_id, cleaned.canonical)
        if await self._changing(guild_id, removed):
            return cleaned
        if is_default_term(cleaned.canonical, self.default_terms):
            raise LanternError(f"“{cleaned.term}” comes with the film pack and can't be removed.")
        raise LanternError(f"“{cleaned.term}” is not one of this server's terms.")

    async def set_mode(self, guild_id: int, mode: Mode) -> None:
        await self._changing(guild_id, self.store.set_spoiler_mode(guild_id, mode))

    async def set_builtin(self, guild_id: int, on: bool) -> None:
        """Switch the film's own protection (twists, default terms) on or off for the guild."""
        await self._changing(guild_id, self.store.set_spoiler_builtin(guild_id, on))

    async def add_exempt_role(self, guild_id: int, role_id: int) -> bool:
        return await self._changing(guild_id, self.store.add_spoiler_exempt_role(guild_id, role_id))

    async def remove_exempt_role(self, guild_id: int, role_id: int) -> bool:
        return await self._changing(
            guild_id, self.store.remove_spoiler_exempt_role(guild_id, role_id)
        )

    async def set_log_channel(self, guild_id: int, channel_id: int | None) -> None:
        await self._changing(guild_id, self.store.set_spoiler_log_channel(guild_id, channel_id))

    async def set_embargo(self, guild_id: int, until: str) -> date:
        """Strict enforcement through `until` (YYYY-MM-DD, UTC); the parsed day."""
        day = parse_embargo_date(until, self.clock.now())
        await self._changing(guild_id, self.store.set_spoiler_embargo(guild_id, day))
        return day

    async def clear_embargo(self, guild_id: int) -> None:
        await self._changing(guild_id, self.store.set_spoiler_embargo(guild_id, None))

    async def _changing(self, guild_id: int, change: Awaitable[T]) -> T:
        """Make a change, then drop the cached configuration it made stale."""
        try:
            return await change
        finally:
            self.forget(guild_id)

    # ----- the "I've seen it" role -----

    async def set_seen_role(self, guild_id: int, role_id: int | None) -> None:
        """Name the role (None: no role); a problem reported about the old one is forgotten."""
        await self._changing(guild_id, self.store.set_spoiler_seen_role(guild_id, role_id))
        await self.seen_role_problem_gone(guild_id)

    async def note_seen_role_problem(self, guild_id: int, detail: str) -> bool:
        """True the first time a problem is reported: the moderators hear of it once."""
        return await self.record_notice(guild_id, SEEN_ROLE_NOTICE, detail)

    async def seen_role_problem_gone(self, guild_id: int) -> None:
        await self.store.clear_spoiler_notice(guild_id, SEEN_ROLE_NOTICE)

    # ----- stats and notices -----

    async def stats(self, guild_id: int, member_id: int | None) -> StatsReport:
        return await self.store.spoiler_stats(guild_id, self.clock.now(), member_id)

    async def notices(self, guild_id: int) -> dict[str, str]:
        return await self.store.spoiler_notices(guild_id)

    async def record_notice(self, guild_id: int, kind: str, text: str) -> bool:
        """True when this notice is new (the moderators have not been told yet)."""
        return await self.store.record_spoiler_notice(guild_id, kind, text, self.clock.now())

    async def clear_notices(self, guild_id: int, mode: Mode) -> None:
        """`mode` worked: any earlier problem is solved, and a relapse must be reported anew."""
        await self.store.clear_spoiler_notice(
            guild_id, missing_notice(mode), forbidden_notice(mode)
        )

    # ----- scanning and tracking -----

    def settled_without_a_look(self, guild_id: int, content: str) -> bool:
        """Ordinary chat in a guild whose configuration is in memory: nothing to count and no
        term in it, decided without awaiting."""
        config = self.configs.peek(guild_id)
        if config is None:
            return False
        scanner = self.scanner_for(config)
        if not scanner.nothing_to_report(content):
            return False
        # A long term list's search looked for the twists' words too.
        return not config.builtin or scanner.covers_also or self.twists.nothing_to_report(content)

    async def find(self, config: GuildSpoilerConfig, content: str) -> list[SpoilerHit]:
        """The guild's terms (and the film's, when its protection is on) and the twists. The
        twist rules, for a message that gets past their first stage, run in a worker thread:
        a long message full of the film's names takes milliseconds, never the event loop's."""
        hidden = hidden_spans(content)
        hits = self.scanner_for(config).scan(content, hidden)
        if config.builtin and not self.twists.nothing_to_report(content):
            hits += await asyncio.to_thread(self.twists.scan, content, hidden)
        return sorted(hits)

    async def test(self, guild_id: int, content: str) -> Verdict:
        """How `content` would fare in a checked channel of the guild (`/spoilers test`)."""
        config = await self.config(guild_id)
        hidden = hidden_spans(content)
        reading = Reading([])
        if config.builtin:
            reading = await asyncio.to_thread(self.twists.read, content, hidden)
        return Verdict(await self.find(config, content), reading, config.builtin, hidden)

    async def scan(
        self, guild_id: int, context: MessageContext, content: str, previous: str | None
    ) -> tuple[GuildSpoilerConfig, list[SpoilerHit]] | None:
        """The configuration and the terms found when the message is a new violation; None when
        it is not checked here, has no term, or is an edit that reveals nothing new."""
        config = await self.config(guild_id)
        if not should_scan(config, context, self.clock.now().date()):
            return None
        hits = await self.find(config, content)
        if not hits:
            return None
        if previous is not None and _same_terms(await self.find(config, previous), hits):
            return None
        return config, hits

    async def track_tags(
        self,
        *,
        guild_id: int,
        channel_id: int,
        member_id: int,
        message_id: int,
        content: str,
        source: Source,
        previous: str | None,
    ) -> None:
        """Count the message's `||tags||`; an edit updates the count, losing them all removes it."""
        segments = count_spoiler_segments(content)
        if segments == 0 and not _may_have_tag_row(source, previous):
            return  # nothing to count and no earlier count to remove: no write transaction
        await self.record_tags(guild_id, channel_id, member_id, message_id, segments)

    async def record_tags(
        self, guild_id: int, channel_id: int, member_id: int, message_id: int, segments: int
    ) -> None:
        await self.store.record_spoiler_tags(
            guild_id=guild_id,
            channel_id=channel_id,
            member_id=member_id,
            message_id=message_id,
            segments=segments,
            now=self.clock.now(),
        )

    async def record_violation(
        self,
        *,
        guild_id: int,
        channel_id: int,
        member_id: int,
        message_id: int,
        source: Source,
        hits: list[SpoilerHit],
    ) -> int:
        return await self.store.record_spoiler_violation(
            guild_id=guild_id,
            channel_id=channel_id,
            member_id=member_id,
            message_id=message_id,
            source=source,
            terms=sorted({hit.term for hit in hits}),
            now=self.clock.now(),
        )

    async def record_action(
        self, violation_id: int, action: Mode, configured: Mode, outcome: Outcome, detail: str
    ) -> None:
        await self.store.record_spoiler_action(
            violation_id=violation_id,
            action=action,
            configured=configured,
            outcome=outcome,
            detail=detail,
            now=self.clock.now(),
        )


def _may_have_tag_row(source: Source, previous: str | None) -> bool:
    """Whether this message's tags may have been counted before. A new message has no row
    yet, and an edit whose previous text had no `|` had no tags, so its row is gone or never
    was; when the previous text is unknown (not cached), assume there may be one."""
    if source is Source.CREATE:
        return False
    return previous is None or "|" in previous


def _same_terms(before: list[SpoilerHit], after: list[SpoilerHit]) -> bool:
    """An edit that reveals nothing new (e.g. a typo fix) is not a new violation."""
    return {hit.term for hit in after} <= {hit.term for hit in before}
