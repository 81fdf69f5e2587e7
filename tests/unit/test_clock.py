"""The injected clocks: the manual one wakes sleepers exactly when a test moves time past them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from lantern.clock import ManualClock, SystemClock, sleep_until_or


async def test_sleepers_wake_in_deadline_order_as_time_moves() -> None:
    clock = ManualClock()
    woke: list[str] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append(name)

    tasks = [asyncio.create_task(sleeper(n, s)) for n, s in (("late", 60), ("early", 30))]
    await asyncio.sleep(0)
    clock.advance(29)
    await asyncio.sleep(0)
    assert woke == [] and clock.sleepers == 2
    clock.advance(1)
    await asyncio.sleep(0)
    assert woke == ["early"]
    clock.advance(30)
    await asyncio.gather(*tasks)
    assert woke == ["early", "late"]


async def test_a_deadline_holds_when_time_moves_before_the_sleep_begins() -> None:
    # A daily scheduler computed its wake-up, then the clock jumped before the sleeping task
    # first ran: with a deadline it wakes; a delay would have counted from the new time.
    clock = ManualClock()
    deadline = clock.now() + timedelta(minutes=1)
    sleeping = asyncio.ensure_future(clock.sleep_until(deadline))
    clock.advance(6 * 3600)
    await asyncio.wait_for(sleeping, 1)
    assert clock.sleepers == 0


async def test_a_passed_deadline_returns_at_once() -> None:
    for clock in (ManualClock(), SystemClock()):
        await asyncio.wait_for(clock.sleep_until(clock.now() - timedelta(seconds=5)), 1)


async def test_sleep_until_or_wakes_at_the_deadline_when_the_event_stays_unset() -> None:
    clock = ManualClock()
    event = asyncio.Event()
    waiting = asyncio.ensure_future(
        sleep_until_or(clock, clock.now() + timedelta(minutes=1), event)
    )
    await asyncio.sleep(0)
    clock.advance(59)
    await asyncio.sleep(0)
    assert not waiting.done()
    clock.advance(1)
    assert await asyncio.wait_for(waiting, 1) is False
    assert clock.sleepers == 0


async def test_sleep_until_or_wakes_early_when_the_event_is_set() -> None:
    clock = ManualClock()
    event = asyncio.Event()
    waiting = asyncio.ensure_future(sleep_until_or(clock, clock.now() + timedelta(hours=1), event))
    await asyncio.sleep(0)
    event.set()
    assert await asyncio.wait_for(waiting, 1) is True
    assert clock.sleepers == 0  # the abandoned sleep is cancelled, not left waiting
    assert event.is_set()  # clearing it is the caller's business


async def test_sleep_until_or_returns_at_once_for_an_event_already_set() -> None:
    clock = ManualClock()
    event = asyncio.Event()
    event.set()
    deadline = clock.now() + timedelta(hours=1)
    assert await asyncio.wait_for(sleep_until_or(clock, deadline, event), 1) is True
