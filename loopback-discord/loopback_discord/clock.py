"""The emulated clock: real time plus an offset a test can push forward.

Timestamps, snowflakes, the 3-second response deadline and the 15-minute token
lifetime all read this clock, so `advance(900)` expires interaction tokens at once.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from loopback_discord.pulse import Pulse


class EmulatedClock:
    def __init__(self) -> None:
        self._offset = 0.0
        self._advanced = Pulse()

    def now(self) -> float:
        """Emulated wall-clock seconds since the Unix epoch."""
        return time.time() + self._offset

    def monotonic(self) -> float:
        """Emulated monotonic seconds, for deadlines."""
        return time.monotonic() + self._offset

    def iso_now(self) -> str:
        return datetime.fromtimestamp(self.now(), UTC).isoformat()

    def advance(self, seconds: float) -> None:
        self._offset += seconds
        # Wake everybody sleeping on a deadline so they re-check against the new time.
        self._advanced.fire()

    async def sleep_until(self, deadline: float) -> None:
        """Sleep until the emulated monotonic clock reaches `deadline`."""
        while (remaining := deadline - self.monotonic()) > 0:
            await self._advanced.wait(remaining)
