"""The injected clocks: the manual one wakes sleepers exactly when a test moves time past them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from lantern.clock import ManualClock, SystemClock


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
