"""`RatingService`: rate, summarise and page through a server's ratings over the ratings store.
A review is scanned for spoilers like chat: the sentences that give something away are stored
inside `||...||`, so every place that shows it shows it hidden."""

from __future__ import annotations

import asyncio

from lantern.clock import Clock
from lantern.database.ratings import RatingStore
from lantern.ratings.chart import render_distribution
from lantern.ratings.model import Rating, RatingSummary, check_score, clean_review
from lantern.spoilers.service import SpoilerService
from lantern.spoilers.wrapping import wrap_spoilers

PAGE_SIZE = 5


class RatingService:
    def __init__(self, store: RatingStore, clock: Clock, spoilers: SpoilerService) -> None:
        self.store = store
        self.clock = clock
        self.spoilers = spoilers  # what counts as a spoiler in the server's chat

    async def hide_spoilers(self, guild_id: int, review: str) -> str:
        """`review` with every sentence that gives something away wrapped, exactly as the
        spoiler guard wraps chat in that server (the film's twists, the server's terms)."""
        config = await self.spoilers.config(guild_id)
        hits = await self.spoilers.find(config, review)
        return wrap_spoilers(review, hits) if hits else review

    async def rate(
        self,
        guild_id: int,
        member_id: int,
        score: int,
        review: str | None,
    ) -> tuple[Rating, bool]:
        """Store the member's rating (replacing theirs); True if it replaced one."""
        check_score(score)
        text = clean_review(review)
        shown = None if text is None else await self.hide_spoilers(guild_id, text)
        rating = Rating(guild_id, member_id, score, shown, self.clock.now())
        replaced = await self.store.save_rating(rating)
        return rating, replaced

    async def summary(self, guild_id: int) -> RatingSummary:
        return await self.store.rating_summary(guild_id)

    async def member_rating(self, guild_id: int, member_id: int) -> Rating | None:
        return await self.store.rating(guild_id, member_id)

    async def reviews_page(self, guild_id: int, page: int) -> tuple[list[Rating], int]:
        """Page `page` (0-based, clamped) of the reviews, latest first, and the page count."""
        total = await self.store.review_count(guild_id)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        reviews = await self.store.latest_reviews(guild_id, PAGE_SIZE, page * PAGE_SIZE)
        return reviews, pages

    async def chart(self, summary: RatingSummary) -> bytes:
        """The PNG, rendered in a worker thread: the event loop keeps serving meanwhile."""
        return await asyncio.to_thread(render_distribution, summary.distribution)
