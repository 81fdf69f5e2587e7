"""Time as a dependency, so quizzes, streaks and daily posts are deterministic in tests."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    async def sleep(self, seconds: float) -> None: ...

    async def sleep_until(self, moment: datetime) -> None:
        """Until `moment` (at once if it has passed). A scheduler that knows when it wants to
        wake says so: a delay computed from `now()` goes stale if time moves before the sleep
        begins."""
        ...


async def sleep_until_or(clock: Clock, moment: datetime, event: asyncio.Event) -> bool:
    """Sleep on `clock` until `moment` or until `event` is set, whichever comes first; True if
    the event is set (also when it already was). The deadline, not a delay: time can move
    before the sleeping task first runs. The event is left as it is for the caller to clear."""
    sleeping = asyncio.ensure_future(clock.sleep_until(moment))
    woken = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({sleeping, woken}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        sleeping.cancel()
        woken.cancel()
    return event.is_set()


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def sleep_until(self, moment: datetime) -> None:
        await asyncio.sleep(max((moment - self.now()).total_seconds(), 0.0))


class ManualClock:
    """A clock that only moves when a test calls `advance`; sleepers wake as their time comes."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
        self._sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        await self.sleep_until(self._now + timedelta(seconds=seconds))

    async def sleep_until(self, moment: datetime) -> None:
        if moment <= self._now:
            await asyncio.sleep(0)
            return
        waker: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (moment, next(self._order), waker))
        await waker

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline has passed."""
        self._now += timedelta(seconds=seconds)
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, waker = heapq.heappop(self._sleepers)
            if not waker.done():
                waker.set_result(None)

    def set(self, when: datetime) -> None:
        self.advance((when - self._now).total_seconds())

    @property
    def sleepers(self) -> int:
        return sum(1 for _, _, waker in self._sleepers if not waker.done())
