"""DiscussionService over a real database: rotation remembered per server and across a
reopen, concurrent asks get different prompts, a weekly slot is claimed once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.discussion.service import DiscussionService
from lantern.pack import FilmPack

GUILD, OTHER = 10, 20


async def test_rotation_is_per_server_and_survives_a_reopen(tmp_path: Path, pack: FilmPack) -> None:
    path = tmp_path / "l.sqlite3"
    theme = "memory"
    size = len([p for p in pack.prompts if p.theme == theme and not p.spoiler])
    db = Database(path)
    await db.open()
    service = DiscussionService(db.discussion, pack.prompts, ManualClock())
    first = [await service.next_prompt(GUILD, theme, spoilers=False) for _ in range(size - 1)]
    elsewhere = await service.next_prompt(OTHER, theme, spoilers=False)
    await db.close()
    db = Database(path)
    await db.open()
    service = DiscussionService(db.discussion, pack.prompts, ManualClock())
    last = await service.next_prompt(GUILD, theme, spoilers=False)
    await db.close()
    assert len({p.id for p in [*first, last]}) == size  # the reopen remembered what was used
    assert elsewhere.theme == theme


async def test_concurrent_asks_get_different_prompts(db: Database, pack: FilmPack) -> None:
    service = DiscussionService(db.discussion, pack.prompts, ManualClock())
    picks = await asyncio.gather(
        *(service.next_prompt(GUILD, None, spoilers=False) for _ in range(8))
    )
    assert len({p.id for p in picks}) == 8


async def test_a_weekly_slot_is_claimed_once(db: Database, pack: FilmPack) -> None:
    clock = ManualClock()
    service = DiscussionService(db.discussion, pack.prompts, clock)
    now = clock.now()
    schedule = await service.set_weekly(GUILD, 99, now.weekday(), now.hour, member_id=1)
    assert schedule.next_post_at <= now
    claims = await asyncio.gather(service.claim_due_weekly(), service.claim_due_weekly())
    assert sorted(len(c) for c in claims) == [0, 1]
    assert await service.claim_due_weekly() == []
    clock.advance(timedelta(days=7).total_seconds())
    (post,) = await service.claim_due_weekly()
    assert not post.prompt.spoiler
    await service.release_weekly(post)  # sending failed: the slot is due again
    assert len(await service.claim_due_weekly()) == 1
