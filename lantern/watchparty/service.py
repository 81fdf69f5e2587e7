"""`WatchPartyService`: plan, record, list and cancel watch parties, and claim their start posts
and spoiler threads before they are sent (a restart in between never sends one twice)."""

from __future__ import annotations

from datetime import datetime, timedelta

from lantern.clock import Clock
from lantern.database.watchparty import WatchPartyStore
from lantern.errors import LanternError
from lantern.shards import GuildFilter, every_guild
from lantern.watchparty.model import WatchParty, parse_start

NO_RUNTIME = (
    "This film pack sets no `runtime_minutes` under `[watch_party]` in film.toml, so I can't book "
    "a showing: ask whoever runs the bot to set it."
)


class WatchPartyService:
    def __init__(self, store: WatchPartyStore, clock: Clock, runtime_minutes: int | None) -> None:
        self.store = store
        self.clock = clock
        self.runtime = None if runtime_minutes is None else timedelta(minutes=runtime_minutes)

    def plan(self, start_text: str) -> tuple[datetime, datetime]:
        """The start and end of a showing starting at `start_text` (checked first)."""
        if self.runtime is None:
            raise LanternError(NO_RUNTIME)
        start = parse_start(start_text, self.clock.now())
        return start, start + self.runtime

    async def record(self, party: WatchParty) -> None:
        await self.store.add_party(party, self.clock.now())

    async def upcoming(self, guild_id: int) -> list[WatchParty]:
        """Parties not cancelled and not over yet, soonest first."""
        return await self.store.parties_ending_after(guild_id, self.clock.now())

    async def party(self, guild_id: int, event_id: int) -> WatchParty | None:
        return await self.store.party(guild_id, event_id)

    async def cancel(self, guild_id: int, event_id: int) -> bool:
        return await self.store.cancel_party(guild_id, event_id)

    async def claim_due_starts(self, owns: GuildFilter = every_guild) -> list[WatchParty]:
        """Parties of our guilds (`owns`: this process's shards) whose start has come, each
        claimed (marked posted) before it is posted."""
        due = await self.store.due_starts(self.clock.now())
        return [p for p in due if owns(p.guild_id) and await self.store.claim_start(p)]

    async def claim_due_ends(self, owns: GuildFilter = every_guild) -> list[WatchParty]:
        """Parties of our guilds that are over, each claimed (thread marked opened) first."""
        due = await self.store.due_ends(self.clock.now())
        return [p for p in due if owns(p.guild_id) and await self.store.claim_end(p)]

    async def forget_missing(self, guild_id: int, live_ids: set[int]) -> list[WatchParty]:
        """Parties whose event was deleted on Discord (by a moderator, outside the bot): they
        are cancelled here too. Returns those still live."""
        kept = []
        for party in await self.upcoming(guild_id):
            if party.event_id in live_ids:
                kept.append(party)
            else:
                await self.store.cancel_party(guild_id, party.event_id)
        return kept
