"""Watch parties: reading the start time, the event's spoiler-free text, and claiming each
start post and spoiler thread once over a real database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.errors import LanternError
from lantern.watchparty.model import WatchParty, clean_note, event_description, parse_start
from lantern.watchparty.service import WatchPartyService

NOW = datetime(2026, 12, 3, 12, 30, tzinfo=UTC)


def test_start_times_in_utc() -> None:
    assert parse_start("2026-12-24 20:00", NOW) == datetime(2026, 12, 24, 20, tzinfo=UTC)
    assert parse_start(" 2026-12-24T7:05 UTC ", NOW) == datetime(2026, 12, 24, 7, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-12-03 12:00", "already passed"),
        ("2028-01-01 10:00", "a year ahead"),
        ("2027-02-30 20:00", "not a real date"),
        ("tomorrow" * 20, "YYYY-MM-DD HH:MM"),
    ],
)
def test_bad_start_times(text: str, says: str) -> None:
    with pytest.raises(LanternError, match=says) as error:
        parse_start(text, NOW)
    assert len(error.value.user_message) < 200  # the echo is shortened


def test_notes_and_description() -> None:
    assert clean_note("  bring   tea ") == "bring tea"
    with pytest.raises(LanternError):
        clean_note("x" * 201)
    assert event_description("A film.", "Bring tea") == "A film.\n\nBring tea"
    assert len(event_description("x " * 800, None)) <= 1000


def test_no_runtime_in_the_pack_means_no_booking(db: Database) -> None:
    service = WatchPartyService(db.watchparty, ManualClock(NOW), None)
    with pytest.raises(LanternError, match="runtime_minutes"):
        service.plan("2026-12-24 20:00")


async def test_start_and_end_are_claimed_once(db: Database) -> None:
    clock = ManualClock(NOW)
    service = WatchPartyService(db.watchparty, clock, 90)
    start, end = service.plan("2026-12-03 14:00")
    assert end - start == timedelta(minutes=90)
    await service.record(WatchParty(1, 10, 20, start, end, None, 5))
    assert await service.claim_due_starts() == []
    clock.advance(2 * 3600)
    claims = await asyncio.gather(service.claim_due_starts(), service.claim_due_starts())
    assert sorted(len(c) for c in claims) == [0, 1]
    assert await service.claim_due_ends() == []
    clock.advance(90 * 60)
    assert [p.event_id for p in await service.claim_due_ends()] == [1]
    assert await service.claim_due_ends() == []
    assert await service.upcoming(10) == []  # over


async def test_cancelled_parties_send_nothing(db: Database) -> None:
    clock = ManualClock(NOW)
    service = WatchPartyService(db.watchparty, clock, 90)
    start, end = service.plan("2026-12-03 14:00")
    await service.record(WatchParty(1, 10, 20, start, end, None, 5))
    assert await service.cancel(10, 1) and not await service.cancel(10, 1)
    clock.advance(5 * 3600)
    assert await service.claim_due_starts() == [] and await service.claim_due_ends() == []
