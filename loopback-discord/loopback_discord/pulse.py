"""A broadcast "something changed" signal that many waiters can await at once."""

from __future__ import annotations

import asyncio


class Pulse:
    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float | None) -> bool:  # noqa: ASYNC109 - the timeout is the point
        """True if the pulse fired within `timeout` seconds (`None`: wait as long as it takes)."""
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True
