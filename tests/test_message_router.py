"""LanternBot.on_message, the bot's one message listener: every watcher sees every message, only
real work is awaited, and one watcher's failure or departure costs the others nothing."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from types import SimpleNamespace
from typing import Any

import pytest

from app.bot import LanternBot


def message(number: int) -> Any:
    return SimpleNamespace(id=number)


async def test_each_watcher_sees_each_message_and_only_work_is_awaited(
    offline_bot: LanternBot,
) -> None:
    seen: list[tuple[str, int]] = []
    done: list[int] = []

    def quiet(msg: Any) -> None:
        seen.append(("quiet", msg.id))

    async def work(msg: Any) -> None:
        done.append(msg.id)

    def busy(msg: Any) -> Awaitable[None] | None:
        seen.append(("busy", msg.id))
        return work(msg) if msg.id % 2 == 0 else None

    offline_bot.watch_messages(quiet)
    offline_bot.watch_messages(busy)
    for number in range(4):
        await offline_bot.on_message(message(number))
    assert seen == [(name, n) for n in range(4) for name in ("quiet", "busy")]
    assert done == [0, 2]


async def test_a_failing_watcher_is_logged_and_the_others_still_run(
    offline_bot: LanternBot, caplog: pytest.LogCaptureFixture
) -> None:
    after: list[int] = []

    def broken(msg: Any) -> None:
        raise RuntimeError("a bug in one cog")

    async def failing_work(msg: Any) -> None:
        raise ValueError("a bug in its work")

    offline_bot.watch_messages(broken)
    offline_bot.watch_messages(lambda msg: failing_work(msg))
    offline_bot.watch_messages(lambda msg: after.append(msg.id))
    with caplog.at_level(logging.ERROR, logger="lantern"):
        await offline_bot.on_message(message(7))
    assert after == [7]
    failures = [r for r in caplog.records if "Watching message 7 failed" in r.getMessage()]
    assert len(failures) == 2 and all(r.exc_info for r in failures)


async def test_a_watcher_leaving_mid_message_skips_no_other(offline_bot: LanternBot) -> None:
    later: list[int] = []

    async def last_answer(msg: Any) -> None:
        offline_bot.unwatch_messages(leaving)  # the quiz ended while this answer was being recorded

    def leaving(msg: Any) -> Awaitable[None]:
        return last_answer(msg)

    offline_bot.watch_messages(leaving)
    offline_bot.watch_messages(lambda msg: later.append(msg.id))
    await offline_bot.on_message(message(1))
    await offline_bot.on_message(message(2))
    assert later == [1, 2]


async def test_watching_twice_shows_each_message_once(offline_bot: LanternBot) -> None:
    seen: list[int] = []

    def watcher(msg: Any) -> None:
        seen.append(msg.id)

    offline_bot.watch_messages(watcher)
    offline_bot.watch_messages(watcher)  # a second quiz starting while one runs
    await offline_bot.on_message(message(1))
    offline_bot.unwatch_messages(watcher)
    await offline_bot.on_message(message(2))
    assert seen == [1]
