"""IDENTIFY turns: the database hands each bucket (`shard_id % max_concurrency`) one turn per
6 s to every process of the bot; of processes claiming at once exactly one gets it, the others
learn how long to wait. On both backends, and the pacing rule without a database: a shard
waits for its turn and claims again, and a database that cannot answer leaves the process
pacing its own shards."""

from __future__ import annotations

import asyncio
import logging

import pytest

from lantern.database import Database
from lantern.errors import DatabaseUnavailable
from lantern.identify import (
    IDENTIFY_WINDOW,
    TURN_SPACING,
    IdentifyTurns,
    TurnSource,
    identify_bucket,
)

SPACING = TURN_SPACING


async def set_back(db: Database, seconds: float) -> None:
    """As if every bucket's last turn were `seconds` older (negative: in the future)."""
    async with db.core.transaction() as tx:
        await tx.execute("UPDATE identify_buckets SET at = at - ?", (seconds,))


# -- the claim, on both backends ----------------------------------------------------------------


async def test_a_bucket_is_claimed_once_per_spacing(db: Database) -> None:
    assert await db.core.claim_identify_turn(0, SPACING) == 0.0
    wait = await db.core.claim_identify_turn(0, SPACING)
    assert 0.0 < wait <= SPACING  # how long until the turn, by the database's clock
    assert await db.core.claim_identify_turn(1, SPACING) == 0.0  # another bucket is free
    await set_back(db, SPACING)
    assert await db.core.claim_identify_turn(0, SPACING) == 0.0
    assert await db.core.claim_identify_turn(0, SPACING) > 0.0  # the new turn counts again


async def test_a_turn_left_in_the_future_by_a_clock_set_back_is_taken(db: Database) -> None:
    assert await db.core.claim_identify_turn(0, SPACING) == 0.0
    await set_back(db, -3600)  # the host's clock was an hour fast when the turn was taken
    assert await db.core.claim_identify_turn(0, SPACING) == 0.0  # no hour-long stall


async def test_of_claims_racing_for_one_bucket_exactly_one_wins(database_target: str) -> None:
    """Two processes: two databases opened on one file or server, each claiming at once."""
    processes = [Database(database_target) for _ in range(2)]
    for process in processes:
        await process.open()
    try:
        claims = [process.core.claim_identify_turn(3, SPACING) for process in processes * 3]
        waits = await asyncio.gather(*claims)
    finally:
        for process in processes:
            await process.close()
    assert sorted(waits)[0] == 0.0 and all(0.0 < wait <= SPACING for wait in sorted(waits)[1:])


# -- the pacing rule, without a database -------------------------------------------------------


class Turns:
    """Turns as the database hands them out, on a clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.taken: dict[int, float] = {}
        self.down = False
        self.claimed: list[int] = []

    async def claim_identify_turn(self, bucket: int, spacing: float) -> float:
        if self.down:
            raise DatabaseUnavailable()
        last = self.taken.get(bucket)
        if last is not None and self.now - last < spacing:
            return last + spacing - self.now
        self.taken[bucket] = self.now
        self.claimed.append(bucket)
        return 0.0

    async def sleep(self, seconds: float) -> None:
        self.now += seconds

    def monotonic(self) -> float:
        return self.now


def paced(turns: Turns) -> IdentifyTurns:
    return IdentifyTurns(turns, monotonic=turns.monotonic, sleep=turns.sleep)


def test_a_shard_identifies_in_bucket_shard_id_mod_max_concurrency() -> None:
    assert [identify_bucket(shard, 4) for shard in range(6)] == [0, 1, 2, 3, 0, 1]
    assert identify_bucket(None, 16) == 0  # unsharded: shard 0
    assert identify_bucket(5, 0) == 0  # a nonsense limit is read as 1
    assert TURN_SPACING > IDENTIFY_WINDOW  # room for one IDENTIFY to travel slower than the next


async def test_a_shard_waits_for_its_buckets_turn_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    turns = Turns()
    first, second = paced(turns), paced(turns)  # two processes
    assert await first.wait_for_turn(0, 2) is TurnSource.DATABASE
    assert await first.wait_for_turn(1, 2) is TurnSource.DATABASE  # bucket 1: no wait
    assert turns.now == 1000.0
    turns.now += 2.0
    with caplog.at_level(logging.INFO, logger="lantern.identify"):
        assert await second.wait_for_turn(2, 2) is TurnSource.DATABASE  # bucket 0 again
    assert turns.now == 1000.0 + SPACING
    assert caplog.messages == [f"Shard 2 waits {SPACING - 2.0:.1f} s for its IDENTIFY turn"]


async def test_a_turn_taken_by_another_process_meanwhile_is_waited_for_again() -> None:
    turns = Turns()
    await paced(turns).wait_for_turn(0, 1)
    original_sleep = turns.sleep

    async def sleep_while_another_claims(seconds: float) -> None:
        await original_sleep(seconds)
        if len(turns.claimed) == 1:  # the other process wakes first and takes the turn
            assert await turns.claim_identify_turn(0, SPACING) == 0.0

    turns.sleep = sleep_while_another_claims  # type: ignore[method-assign]
    await paced(turns).wait_for_turn(0, 1)
    assert turns.now == 1000.0 + 2 * SPACING and turns.claimed == [0, 0, 0]


async def test_without_the_database_the_process_paces_its_own_shards(
    caplog: pytest.LogCaptureFixture,
) -> None:
    turns = Turns()
    process = paced(turns)
    assert await process.wait_for_turn(0, 1) is TurnSource.DATABASE
    turns.down = True
    with caplog.at_level(logging.INFO, logger="lantern.identify"):
        assert await process.wait_for_turn(1, 1) is TurnSource.PROCESS
    assert turns.now == 1000.0 + SPACING  # still one turn per spacing, as far as it knows
    assert "The database cannot hand out IDENTIFY turns: shard 1" in caplog.text
    assert any(r.levelno == logging.WARNING for r in caplog.records)
    turns.now += 60
    assert await process.wait_for_turn(0, 1) is TurnSource.PROCESS
    assert turns.now == 1060.0 + SPACING  # no wait: its last IDENTIFY was a minute ago
