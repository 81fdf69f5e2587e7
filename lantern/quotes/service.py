"""`QuoteService`: the quote features as plain async calls over the index and the quote store.

Cogs call one method per user action and render what comes back.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lantern.clock import Clock
from lantern.database.quotes import QuoteStore
from lantern.quotes.daily import (
    DailySchedule,
    check_hour,
    first_post_time,
    following_post_time,
    post_time,
)
from lantern.quotes.index import QuoteFilter, QuoteIndex
from lantern.quotes.model import Quote
from lantern.quotes.picking import NoQuoteFound, pick_random
from lantern.quotes.search import EmptyQuery, SavedSearch, SearchHit, build_match_query
from lantern.shards import GuildFilter, every_guild

log = logging.getLogger(__name__)

SEARCH_LIMIT = 10
SUGGESTION_LIMIT = 25
SEARCH_KEPT_FOR = timedelta(days=7)  # result buttons older than this say the search expired


@dataclass(frozen=True)
class DailyPost:
    schedule: DailySchedule  # as it was before this post was claimed (to release it on failure)
    quote: Quote


class QuoteService:
    def __init__(
        self, store: QuoteStore, index: QuoteIndex, clock: Clock, rng: random.Random | None = None
    ) -> None:
        self.store = store
        self.index = index
        self.clock = clock
        self._rng = rng or random.Random()
        # Picking and remembering the last quote must not interleave within one channel.
        self._pick_lock = asyncio.Lock()

    async def rebuild_search_index(self) -> int:
        return await self.store.rebuild_quote_index(self.index.sentences)

    async def search(self, text: str, *, include_spoilers: bool) -> list[SearchHit]:
        """Sentences matching every word, best first; failing that, any word."""
        query = build_match_query(text)
        hits = await self.store.search_quotes(
            query.all_words(), include_spoilers=include_spoilers, limit=SEARCH_LIMIT
        )
        if not hits and len(query.tokens) > 1:
            hits = await self.store.search_quotes(
                query.any_word(), include_spoilers=include_spoilers, limit=SEARCH_LIMIT
            )
        return hits

    async def save_search(self, search: SavedSearch) -> None:
        await self.store.save_quote_search(search, self.clock.now())

    async def saved_search(self, search_id: int) -> SavedSearch | None:
        return await self.store.quote_search(search_id)

    async def prune_searches(self) -> int:
        return await self.store.prune_quote_searches(self.clock.now() - SEARCH_KEPT_FOR)

    async def suggest(self, typed: str, *, include_spoilers: bool) -> list[Quote]:
        """Sentences for autocomplete; the last word typed counts as a prefix."""
        try:
            query = build_match_query(typed, prefix=True)
        except EmptyQuery:
            # Nothing searchable typed yet: offer the opening sentences as a start.
            opening = self.index.candidates(QuoteFilter(include_spoilers=include_spoilers))
            return [quote for quote in opening if not quote.is_film_line][:SUGGESTION_LIMIT]
        hits = await self.store.search_quotes(
            query.all_words(), include_spoilers=include_spoilers, limit=SUGGESTION_LIMIT
        )
        return [quote for hit in hits if (quote := self.index.get(hit.quote_id)) is not None]

    async def random_quote(
        self, guild_id: int | None, channel_id: int, wanted: QuoteFilter
    ) -> Quote:
        """A random matching quote that differs from the channel's previous one (persisted)."""
        async with self._pick_lock:
            previous = await self.store.last_quote_id(channel_id)
            quote = pick_random(self.index.candidates(wanted), previous, self._rng)
            await self.store.remember_quote(guild_id, channel_id, quote.id, self.clock.now())
        return quote

    async def configure_daily(
        self, guild_id: int, channel_id: int, hour: int, member_id: int
    ) -> DailySchedule:
        check_hour(hour)
        first = first_post_time(self.clock.now(), hour)
        await self.store.set_daily_quote(guild_id, channel_id, hour, first, member_id)
        schedule = await self.store.daily_quote(guild_id)
        assert schedule is not None
        return schedule

    async def disable_daily(self, guild_id: int) -> bool:
        return await self.store.disable_daily_quote(guild_id)

    async def claim_due_daily_posts(self, owns: GuildFilter = every_guild) -> list[DailyPost]:
        """Claim (record in the database) every daily quote due now in our guilds (`owns`:
        this process's shards), then return them to send. The claim is the database's: two
        processes claiming the same guild's post, only one gets it."""
        now = self.clock.now()
        posts: list[DailyPost] = []
        for schedule in await self.store.due_daily_quotes(now):
            if not owns(schedule.guild_id):
                continue
            post = await self._claim(schedule, now)
            if post is not None:
                posts.append(post)
        return posts

    async def release(self, post: DailyPost) -> None:
        await self.store.release_daily_quote(post.schedule)

    async def _claim(self, schedule: DailySchedule, now: datetime) -> DailyPost | None:
        today = now.astimezone(UTC).date()
        slot_today = post_time(today, schedule.hour)
        if schedule.last_posted_on == today or (
            now < slot_today and schedule.next_post_at.date() < today
        ):
            # Already posted today, or a missed day found before today's hour: wait for the slot.
            later = following_post_time(today, schedule.hour)
            await self.store.postpone_daily_quote(
                schedule.guild_id, later if schedule.last_posted_on == today else slot_today
            )
            return None
        quote = await self._daily_pick(schedule)
        if quote is None:
            return None
        next_time = following_post_time(today, schedule.hour)
        if not await self.store.claim_daily_quote(schedule, quote.id, today, next_time, now):
            return None
        return DailyPost(schedule, quote)

    async def _daily_pick(self, schedule: DailySchedule) -> Quote | None:
        channel_last = await self.store.last_quote_id(schedule.channel_id)
        candidates = [
            quote
            for quote in self.index.candidates(QuoteFilter(include_spoilers=False))
            if quote.id != schedule.last_quote_id
        ]
        try:
            return pick_random(candidates, channel_last, self._rng)
        except NoQuoteFound:
            log.warning(
                "No spoiler-free quote left for the daily post in guild %s", schedule.guild_id
            )
            return None
