"""IDENTIFY turns: when a shard may start its gateway session.

Discord lets a bot start `max_concurrency` sessions per 5 seconds, one per bucket
`shard_id % max_concurrency`, counted over every process of the bot; an IDENTIFY that comes
too soon is answered with Invalid Session. discord.py paces only the shards of one process,
so the database hands out the turns: before each IDENTIFY the process claims its bucket's
turn there (`TurnClaims`, atomic across processes) and waits when another process has it.

When the database cannot answer at that moment, the process paces its own shards as if it
were alone and warns: an operator expects the bot to connect (or reconnect after a network
blip) rather than stay offline because of its database, and the worst a turn taken alone can
cost is one IDENTIFY refused by Discord, which discord.py follows with another try.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from lantern.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

IDENTIFY_WINDOW = 5.0  # seconds: Discord's window for max_concurrency IDENTIFYs
# A turn is claimed a moment before its IDENTIFY reaches Discord, and the next process's
# IDENTIFY may travel faster than this one did: turns lie this much further apart than the
# window so that Discord, on its own clock, still sees 5 s between the two.
TRAVEL_MARGIN = 1.0  # a second of slack: a loaded machine can stall an IDENTIFY that long
TURN_SPACING = IDENTIFY_WINDOW + TRAVEL_MARGIN


def identify_bucket(shard_id: int | None, max_concurrency: int) -> int:
    """Discord's bucket of a shard; an unsharded bot is shard 0 (of 1)."""
    return (shard_id or 0) % max(1, max_concurrency)


class TurnClaims(Protocol):
    """Where turns are decided for every process (the core store)."""

    async def claim_identify_turn(self, bucket: int, spacing: float) -> float:
        """0.0 when the turn is taken, else the seconds until it may be."""
        ...


class TurnSource(enum.Enum):
    """Who granted a turn."""

    DATABASE = "database"  # every process of the bot agreed through the database
    PROCESS = "process"  # the database did not answer: paced within this process only


Sleep = Callable[[float], Awaitable[None]]


class IdentifyTurns:
    """The turns of one process's shards. Time here is real time (the database's clock, the
    process's monotonic clock), never the bot's injectable `Clock`: Discord measures the
    window, and a test's frozen clock must not stall a connection."""

    def __init__(
        self,
        claims: TurnClaims,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._claims = claims
        self._monotonic = monotonic
        self._sleep = sleep
        # bucket -> when this process last identified in it: what pacing alone goes by.
        self._identified: dict[int, float] = {}

    async def wait_for_turn(self, shard_id: int | None, max_concurrency: int) -> TurnSource:
        """Until shard `shard_id` may IDENTIFY; the caller identifies right after."""
        shard, bucket = shard_id or 0, identify_bucket(shard_id, max_concurrency)
        try:
            await self._database_turn(shard, bucket)
            source = TurnSource.DATABASE
        except DatabaseUnavailable:
            log.warning(
                "The database cannot hand out IDENTIFY turns: shard %d is paced within this "
                "process only (another process identifying at once may be refused by Discord)",
                shard,
            )
            await self._process_turn(shard, bucket)
            source = TurnSource.PROCESS
        self._identified[bucket] = self._monotonic()
        return source

    async def _database_turn(self, shard: int, bucket: int) -> None:
        # Another process may take the turn while we wait: claim again after every wait.
        while (wait := await self._claims.claim_identify_turn(bucket, TURN_SPACING)) > 0:
            await self._wait(shard, wait)

    async def _process_turn(self, shard: int, bucket: int) -> None:
        last = self._identified.get(bucket)
        if last is not None and (wait := last + TURN_SPACING - self._monotonic()) > 0:
            await self._wait(shard, wait)

    async def _wait(self, shard: int, seconds: float) -> None:
        log.info("Shard %d waits %.1f s for its IDENTIFY turn", shard, seconds)
        await self._sleep(seconds)
