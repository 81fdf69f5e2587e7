"""The daily quote schedule and the per-channel last quote, persisted in a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.errors import LanternError
from lantern.pack import load_film_pack
from lantern.quotes.daily import first_post_time, following_post_time
from lantern.quotes.index import QuoteFilter, QuoteIndex
from lantern.quotes.service import QuoteService

DATA = Path(__file__).resolve().parents[2] / "data"
INDEX = QuoteIndex.from_pack(load_film_pack(DATA))
GUILD, CHANNEL, MEMBER = 10, 20, 30
HOUR = 3600


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 27, 12, 30, tzinfo=UTC))


@pytest.fixture
def db_path(database_target: str) -> str:
    """A database on each backend; reopening the same path or URL finds the same data."""
    return database_target


async def open_service(path: Path | str, clock: ManualClock) -> tuple[Database, QuoteService]:
    db = Database(path)
    await db.open()
    return db, QuoteService(db.quotes, INDEX, clock)


@pytest.fixture
async def opened(db_path: str, clock: ManualClock) -> AsyncIterator[tuple[Database, QuoteService]]:
    db, service = await open_service(db_path, clock)
    yield db, service
    await db.close()  # harmless when the test closed it already


@pytest.fixture
def service(opened: tuple[Database, QuoteService]) -> QuoteService:
    return opened[1]


def test_first_post_is_this_hour_or_the_next_occurrence() -> None:
    now = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)
    assert first_post_time(now, 12) == datetime(2026, 11, 27, 12, tzinfo=UTC)
    assert first_post_time(now, 18) == datetime(2026, 11, 27, 18, tzinfo=UTC)
    assert first_post_time(now, 9) == datetime(2026, 11, 28, 9, tzinfo=UTC)
    assert following_post_time(date(2026, 12, 31), 0) == datetime(2027, 1, 1, tzinfo=UTC)


async def test_hour_out_of_range_is_a_friendly_error(service: QuoteService) -> None:
    for hour in (-1, 24):
        with pytest.raises(LanternError, match="0 to 23"):
            await service.configure_daily(GUILD, CHANNEL, hour, MEMBER)


async def test_daily_quote_posts_once_at_the_hour_and_is_spoiler_free(
    service: QuoteService, clock: ManualClock
) -> None:
    await service.configure_daily(GUILD, CHANNEL, 14, MEMBER)
    assert await service.claim_due_daily_posts() == []
    clock.advance(1.5 * HOUR)  # 14:00
    posts = await service.claim_due_daily_posts()
    assert len(posts) == 1 and not posts[0].quote.spoiler
    assert posts[0].schedule.channel_id == CHANNEL
    clock.advance(5 * HOUR)
    assert await service.claim_due_daily_posts() == []


async def test_daily_quote_survives_a_restart_without_repeating_the_day(
    opened: tuple[Database, QuoteService], db_path: Path, clock: ManualClock
) -> None:
    db, service = opened
    await service.configure_daily(GUILD, CHANNEL, 12, MEMBER)
    first = await service.claim_due_daily_posts()
    assert len(first) == 1
    await db.close()

    restarted_db, restarted = await open_service(db_path, clock)
    try:
        clock.advance(HOUR)
        assert await restarted.claim_due_daily_posts() == []
        clock.advance(23 * HOUR)  # next day, 12:30
        second = await restarted.claim_due_daily_posts()
        assert len(second) == 1 and second[0].quote.id != first[0].quote.id
    finally:
        await restarted_db.close()


async def test_changing_the_hour_the_same_day_does_not_post_twice(
    service: QuoteService, clock: ManualClock
) -> None:
    await service.configure_daily(GUILD, CHANNEL, 12, MEMBER)
    assert len(await service.claim_due_daily_posts()) == 1
    clock.advance(HOUR)  # 13:30
    await service.configure_daily(GUILD, CHANNEL, 13, MEMBER)
    assert await service.claim_due_daily_posts() == []
    clock.advance(24 * HOUR)
    assert len(await service.claim_due_daily_posts()) == 1


async def test_missed_day_waits_for_todays_hour(service: QuoteService, clock: ManualClock) -> None:
    await service.configure_daily(GUILD, CHANNEL, 18, MEMBER)
    clock.advance(HOUR * 38)  # bot "down" over the 18:00 slot; now 02:30 on the 29th
    assert await service.claim_due_daily_posts() == []
    clock.advance(HOUR * 16)  # 18:30
    assert len(await service.claim_due_daily_posts()) == 1


async def test_release_lets_a_failed_post_be_retried(
    service: QuoteService, clock: ManualClock
) -> None:
    await service.configure_daily(GUILD, CHANNEL, 12, MEMBER)
    [post] = await service.claim_due_daily_posts()
    await service.release(post)
    assert len(await service.claim_due_daily_posts()) == 1


async def test_daily_off(service: QuoteService, clock: ManualClock) -> None:
    await service.configure_daily(GUILD, CHANNEL, 12, MEMBER)
    assert await service.disable_daily(GUILD) is True
    assert await service.disable_daily(GUILD) is False
    assert await service.claim_due_daily_posts() == []


async def test_schedules_are_per_guild(service: QuoteService) -> None:
    await service.configure_daily(GUILD, CHANNEL, 12, MEMBER)
    await service.configure_daily(GUILD + 1, CHANNEL + 1, 12, MEMBER)
    await service.disable_daily(GUILD)
    posts = await service.claim_due_daily_posts()
    assert [p.schedule.guild_id for p in posts] == [GUILD + 1]


async def test_random_quote_never_repeats_in_a_channel_across_restarts(
    opened: tuple[Database, QuoteService], db_path: Path, clock: ManualClock
) -> None:
    db, service = opened
    two = QuoteFilter(character="li-wei", kind=None)
    previous = (await service.random_quote(GUILD, CHANNEL, two)).id
    for _ in range(20):
        current = (await service.random_quote(GUILD, CHANNEL, two)).id
        assert current != previous
        previous = current
    await db.close()
    restarted_db, restarted = await open_service(db_path, clock)
    try:
        assert await restarted_db.quotes.last_quote_id(CHANNEL) == previous
        assert (await restarted.random_quote(GUILD, CHANNEL, two)).id != previous
    finally:
        await restarted_db.close()
