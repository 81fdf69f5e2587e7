"""`DiscussionService`: prompts and the weekly prompt, over the
discussion store. Cogs call one method per action and render what comes back."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import dataclass

from lantern.clock import Clock
from lantern.database.discussion import DiscussionStore
from lantern.discussion.rotation import pick_prompt, resolve_theme, themes
from lantern.discussion.weekly import WeeklySchedule, check_hour, first_slot, slot_after
from lantern.pack.model import Prompt
from lantern.shards import GuildFilter, every_guild

SUGGESTIONS = 25  # Discord's autocomplete limit


@dataclass(frozen=True)
class WeeklyPost:
    schedule: WeeklySchedule  # as it was before the claim (to release it if sending fails)
    prompt: Prompt


class DiscussionService:
    def __init__(
        self,
        store: DiscussionStore,
        prompts: Sequence[Prompt],
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.prompts = tuple(prompts)
        self.clock = clock
        self._rng = rng or random.Random()
        # Reading the used marks and adding one must not interleave within the process.
        self._pick_lock = asyncio.Lock()

    def themes(self) -> list[str]:
        return themes(self.prompts)

    def suggest_themes(self, typed: str) -> list[str]:
        wanted = typed.casefold().strip()
        return [theme for theme in self.themes() if wanted in theme.casefold()][:SUGGESTIONS]

    def resolve_theme(self, typed: str | None) -> str | None:
        return resolve_theme(self.prompts, typed)

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    async def next_prompt(self, guild_id: int, theme: str | None, *, spoilers: bool) -> Prompt:
        """The server's next prompt of `theme` (a resolved one), marked used before it is
        shown: two members asking at once get two different prompts."""
        async with self._pick_lock:
            used = await self.store.used_prompt_ids(guild_id)
            pick = pick_prompt(self.prompts, used, theme, spoilers=spoilers, rng=self._rng)
            await self.store.mark_prompt_used(
                guild_id, pick.prompt.id, self.clock.now(), clear=pick.new_cycle
            )
        return pick.prompt

    def spoiler_prompts(self, count: int) -> list[Prompt]:
        """A few different spoiler prompts, for a thread where everyone has seen the film."""
        spoilers = [prompt for prompt in self.prompts if prompt.spoiler]
        return self._rng.sample(spoilers, min(count, len(spoilers)))

    # ----- the weekly prompt -----

    async def set_weekly(
        self, guild_id: int, channel_id: int, weekday: int, hour: int, member_id: int
    ) -> WeeklySchedule:
        check_hour(hour)
        slot = first_slot(self.clock.now(), weekday, hour)
        schedule = WeeklySchedule(guild_id, channel_id, weekday, hour, slot)
        await self.store.set_weekly(schedule, member_id)
        return schedule

    async def disable_weekly(self, guild_id: int) -> bool:
        return await self.store.disable_weekly(guild_id)

    async def weekly(self, guild_id: int) -> WeeklySchedule | None:
        return await self.store.weekly(guild_id)

    async def claim_due_weekly(self, owns: GuildFilter = every_guild) -> list[WeeklyPost]:
        """Claim every weekly slot that is due in our guilds (`owns`: this process's shards),
        moving it on in the database first so a restart or another process cannot post the
        same slot again, and pick its prompt. The weekly prompt is always spoiler-free: it
        arrives unasked, wherever it is set."""
        now = self.clock.now()
        posts = []
        for schedule in await self.store.due_weekly(now):
            if not owns(schedule.guild_id):
                continue
            following = slot_after(schedule.next_post_at, now)
            if not await self.store.claim_weekly(schedule, following):
                continue
            prompt = await self.next_prompt(schedule.guild_id, None, spoilers=False)
            posts.append(WeeklyPost(schedule, prompt))
        return posts

    async def release_weekly(self, post: WeeklyPost) -> None:
        await self.store.release_weekly(post.schedule)
