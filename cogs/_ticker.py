"""`MinuteTicker`: the scheduler loop the daily quote, the weekly prompt and the watch parties
share. Once a minute on the bot's clock (and at once after `wake()`), it calls `tick()`, which
claims in the database what is due and sends it; a failed tick is logged and tried again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from lantern.clock import sleep_until_or

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)


def next_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


class MinuteTicker:
    name = "lantern-ticker"  # the task's name; each scheduler names its own

    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()  # set when a schedule changes: check right away

    async def tick(self) -> int:
        """Send what is due; how many messages went out."""
        raise NotImplementedError

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=self.name)

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        await self.bot.wait_until_ready()
        while not self.bot.is_closed():
            tick_time = self.bot.clock.now()
            try:
                await self.tick()
            except Exception:
                log.exception("%s: tick failed; trying again next minute", self.name)
            await self._sleep_until(next_minute(tick_time))

    async def _sleep_until(self, moment: datetime) -> None:
        """Sleep on the injected clock until `moment`, or until `wake()`. Measured from the
        tick's own start, so time that passed during the tick is not slept through."""
        if moment <= self.bot.clock.now():
            return
        try:
            await sleep_until_or(self.bot.clock, moment, self._wake)
        finally:
            self._wake.clear()
