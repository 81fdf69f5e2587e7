"""Group commit: the writes of one key (a guild) go to the database a batch at a time.

A guild's score writes take turns anyway (one at a time, see `PostgresBackend.run`). When
members click faster than the database answers, each write used to wait its turn and then
make its own round trip, and the turns queued up inside the server. Here a write that
arrives while its guild's batch is in flight joins the next batch, and the next batch goes
in one call: one round trip for however many clicks arrived meanwhile. A lone write goes at
once, as before. Every write is acknowledged only when its batch has committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
In = TypeVar("In")
Out = TypeVar("Out")


@dataclass
class _Batch(Generic[In, Out]):
    items: list[In] = field(default_factory=list)
    done: asyncio.Future[Sequence[Out]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass
class _Turn:
    """One key's turn to write, and how many batch leaders hold or wait for it."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    leaders: int = 0


class GroupCommit(Generic[K, In, Out]):
    """`await submit(key, item)` writes `item` with whatever else of `key` is waiting, through
    `write(items) -> results` (results in the items' order), at most `max_batch` at a time."""

    def __init__(
        self, write: Callable[[list[In]], Awaitable[Sequence[Out]]], max_batch: int = 200
    ) -> None:
        self._write = write
        self._max_batch = max_batch
        self._open: dict[K, _Batch[In, Out]] = {}  # the batch still taking items, by key
        self._turns: dict[K, _Turn] = {}

    async def submit(self, key: K, item: In) -> Out:
        batch = self._open.get(key)
        if batch is None:
            batch = self._open[key] = _Batch()
        position = len(batch.items)
        batch.items.append(item)
        if len(batch.items) >= self._max_batch:
            self._close(key, batch)
        if position == 0:  # the first of its batch writes it, when the key's turn comes
            await self._lead(key, batch)
        return (await batch.done)[position]

    async def _lead(self, key: K, batch: _Batch[In, Out]) -> None:
        turn = self._turns.setdefault(key, _Turn())
        turn.leaders += 1
        try:
            async with turn.lock:
                self._close(key, batch)  # later writes start the next batch
                batch.done.set_result(await self._write(batch.items))
        except BaseException as error:
            if not batch.done.done():  # every writer of the batch, this one too, learns it
                batch.done.set_exception(error)
            if isinstance(error, asyncio.CancelledError):
                raise
        finally:
            turn.leaders -= 1
            if turn.leaders == 0:  # no batch of this key waits: forget the key
                del self._turns[key]

    def _close(self, key: K, batch: _Batch[In, Out]) -> None:
        if self._open.get(key) is batch:
            del self._open[key]
