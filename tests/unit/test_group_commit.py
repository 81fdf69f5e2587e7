"""Group commit (lantern/database/batching.py): one key's writes that arrive while its batch
is in flight go together in the next one, in order; other keys never wait; a failed batch
fails each of its writers and nothing else."""

from __future__ import annotations

import asyncio

import pytest

from lantern.database.batching import GroupCommit


class Recorder:
    """A `write` that records each batch and holds it until released."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.release = asyncio.Event()
        self.refused: set[str] = set()  # a batch holding one of these fails

    async def write(self, items: list[str]) -> list[str]:
        self.batches.append(list(items))
        await self.release.wait()
        if self.refused & set(items):
            raise RuntimeError("the database said no")
        return [item.upper() for item in items]


async def test_a_lone_write_goes_at_once_on_its_own() -> None:
    recorder = Recorder()
    recorder.release.set()
    commit: GroupCommit[int, str, str] = GroupCommit(recorder.write)
    assert await commit.submit(1, "a") == "A"
    assert recorder.batches == [["a"]]


async def test_writes_arriving_during_a_batch_go_together_in_the_next_in_order() -> None:
    recorder = Recorder()
    commit: GroupCommit[int, str, str] = GroupCommit(recorder.write)
    first = asyncio.create_task(commit.submit(1, "a"))
    await asyncio.sleep(0)  # "a" is in flight
    later = [asyncio.create_task(commit.submit(1, name)) for name in "bcd"]
    await asyncio.sleep(0)
    recorder.release.set()
    assert await first == "A"
    assert [await task for task in later] == ["B", "C", "D"]
    assert recorder.batches == [["a"], ["b", "c", "d"]]


async def test_another_key_does_not_wait_for_a_batch_in_flight() -> None:
    recorder = Recorder()
    commit: GroupCommit[int, str, str] = GroupCommit(recorder.write)
    held = asyncio.create_task(commit.submit(1, "a"))
    other = asyncio.create_task(commit.submit(2, "x"))
    await asyncio.sleep(0)
    assert recorder.batches == [["a"], ["x"]]  # both in flight at once
    recorder.release.set()
    assert (await held, await other) == ("A", "X")


async def test_a_batch_is_at_most_max_batch_writes() -> None:
    recorder = Recorder()
    commit: GroupCommit[int, str, str] = GroupCommit(recorder.write, max_batch=2)
    tasks = [asyncio.create_task(commit.submit(1, name)) for name in "abcdef"]
    await asyncio.sleep(0)
    recorder.release.set()
    assert [await task for task in tasks] == list("ABCDEF")
    # "a" was on its way before the others arrived; they queued two by two.
    assert recorder.batches == [["a"], ["b", "c"], ["d", "e"], ["f"]]


async def test_a_failed_batch_fails_each_of_its_writers_and_the_next_batch_still_goes() -> None:
    recorder = Recorder()
    recorder.refused = {"c"}
    commit: GroupCommit[int, str, str] = GroupCommit(recorder.write)
    first = asyncio.create_task(commit.submit(1, "a"))
    await asyncio.sleep(0)  # "a" in flight; "b" and "c" make the next batch, which fails
    failing = [asyncio.create_task(commit.submit(1, name)) for name in "bc"]
    await asyncio.sleep(0)
    recorder.release.set()
    assert await first == "A"
    for task in failing:
        with pytest.raises(RuntimeError, match="said no"):
            await task
    assert await commit.submit(1, "d") == "D"
    assert recorder.batches == [["a"], ["b", "c"], ["d"]]


async def test_an_idle_key_is_forgotten() -> None:
    recorder = Recorder()
    recorder.release.set()
    commit: GroupCommit[int, str, str] = GroupCommit(recorder.write)
    await asyncio.gather(*(commit.submit(key, "a") for key in range(100)))
    assert commit._turns == {} and commit._open == {}  # no memory per guild once it is quiet
