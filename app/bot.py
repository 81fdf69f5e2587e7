"""`LanternBot`: the discord.py bot that owns the database, the film pack and the clock, loads
every cog, syncs the command tree and hands each chat message to the cogs that watch chat."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord.ext import commands

from cogs import cog_modules
from cogs._replies import LanternTree
from lantern.clock import Clock
from lantern.database import Database
from lantern.identify import IdentifyTurns
from lantern.memory import release_free_memory
from lantern.pack import FilmPack
from lantern.settings import Settings
from lantern.spoilers.claims import ClaimDetector
from lantern.spoilers.evaluation import CLEAN_CORPUS_DIR, clean_texts
from lantern.spoilers.service import SpoilerService

log = logging.getLogger("lantern")

SYNC_HASH_KEY = "command_sync_hash:{scope}"

# Shown each new message (LanternBot.on_message): the work the message needs, or None when it
# needs none, decided without awaiting because that is almost every message.
MessageWatcher = Callable[[discord.Message], Awaitable[None] | None]


def bot_intents(message_content: bool) -> discord.Intents:
    """The minimum: guilds for channel/role caches, guild messages for spoiler scanning and
    typed answers; message content only when those features may read text."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = message_content
    return intents


class LanternBot(commands.Bot):
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        pack: FilmPack,
        clock: Clock,
        message_content: bool,
        force_sync: bool = False,
        **options: Any,
    ) -> None:
        # Lantern has no voice features: spare operators two warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(message_content),
            tree_cls=LanternTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.settings = settings
        self.db = db
        self.pack = pack
        self.clock = clock
        # Held by the bot, not the spoilers cog: every feature asks it about spoiler channels.
        self.spoilers = SpoilerService(
            db.spoilers,
            pack.spoiler_terms,
            clock,
            twists=ClaimDetector(pack.twists),
            clean_messages=clean_texts(settings.film_pack_dir / CLEAN_CORPUS_DIR),
        )
        self.message_content_enabled = message_content
        self.force_sync = force_sync
        self.identify_turns = IdentifyTurns(db.core)
        self._turn_waits: set[asyncio.Future[object]] = set()  # IDENTIFYs waiting for their turn
        self._memory_released = False
        # Replaced, never changed in place: a message being handled keeps the watchers it began
        # with even if a quiz ends (and its watcher leaves) while an earlier one awaits.
        self._message_watchers: tuple[MessageWatcher, ...] = ()

    async def setup_hook(self) -> None:
        await self.db.open()
        for name in cog_modules():
            await self._load_cog(name)
        await self.sync_commands()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Every IDENTIFY, the first included (a restart right after a crash would otherwise be
        refused), waits for its bucket's turn, which the database hands out to all processes
        (lantern.identify). Replaces discord.py's 5 s sleep before every re-IDENTIFY."""
        concurrency = await self.identify_concurrency()
        wait = asyncio.ensure_future(self.identify_turns.wait_for_turn(shard_id, concurrency))
        self._turn_waits.add(wait)
        try:
            await wait
        finally:
            self._turn_waits.discard(wait)

    async def identify_concurrency(self) -> int:
        """Discord's max_concurrency for this bot. Unsharded, the only shard is in bucket 0
        whatever it is, so there is nothing to ask."""
        return 1

    async def on_ready(self) -> None:
        # READY and the guilds are parsed: what start-up freed can go back to the system.
        if not self._memory_released:
            self._memory_released = release_free_memory()
        shards = self.settings.shards
        log.info("Ready: %s, %d guilds", str(shards) if shards else "unsharded", len(self.guilds))

    def owns_guild(self, guild_id: int) -> bool:
        """Whether this process serves the guild: its events arrive on one of our shards (see
        lantern.shards). Schedulers act only for these guilds."""
        shards = self.settings.shards
        return shards is None or shards.owns(guild_id)

    def watch_messages(self, watcher: MessageWatcher) -> None:
        """Show every new message to `watcher` (a cog's); watching again changes nothing, so a
        cog may call this whenever it wants messages without tracking whether it already does."""
        if watcher not in self._message_watchers:
            self._message_watchers = (*self._message_watchers, watcher)

    def unwatch_messages(self, watcher: MessageWatcher) -> None:
        self._message_watchers = tuple(w for w in self._message_watchers if w != watcher)

    async def on_message(self, message: discord.Message) -> None:
        """The one listener for chat. discord.py starts a task per listener per message, and
        almost every message needs nothing from any cog, so each watcher decides without
        awaiting and only real work is awaited. This replaces commands.Bot's prefix-command
        processing: Lantern has slash commands only."""
        for watch in self._message_watchers:
            try:
                work = watch(message)
                if work is not None:
                    await work
            except Exception:
                # One cog's failure must not keep the message from the others.
                log.exception("Watching message %s failed", message.id)

    async def _load_cog(self, name: str) -> None:
        try:
            await self.load_extension(name)
        except Exception:
            # One broken cog must not take the others down; the traceback says why.
            log.exception("Could not load cog %s", name)

    async def sync_commands(self) -> None:
        """Sync to DEV_GUILD_ID (instant) or globally, only when the tree changed."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        key = SYNC_HASH_KEY.format(scope=guild.id if guild else "global")
        digest = self.command_tree_hash(guild)
        stored = await self.db.core.get_meta(key)
        if not self.force_sync and stored == digest:
            log.info("Slash commands unchanged since the last sync; not syncing")
            return
        if self.force_sync:
            synced = await self.tree.sync(guild=guild)
            await self.db.core.set_meta(key, digest)
        else:
            synced = await self._sync_once(key, stored, digest, guild)
            if synced is None:
                return
        log.info("Synced %d slash commands (%s)", len(synced), "guild" if guild else "global")

    async def _sync_once(
        self, key: str, stored: str | None, digest: str, guild: discord.abc.Snowflake | None
    ) -> list[Any] | None:
        """Sync if this process turns the hash it read (`stored`) into the new one first.
        Processes starting together all see a changed tree; the database gives the claim to
        one of them (the others log it and go on). The swap must start from the value read
        before deciding to sync: reading it again could find the winner's new hash already
        there and "swap" it for itself, and both would sync. A failed sync gives the claim
        back, so the next start tries again."""
        if not await self.db.core.swap_meta(key, stored, digest):
            log.info("Another process is syncing the slash commands; not syncing")
            return None
        try:
            return await self.tree.sync(guild=guild)
        except BaseException:
            await self.db.core.swap_meta(key, digest, stored)
            raise

    def command_tree_hash(self, guild: discord.abc.Snowflake | None) -> str:
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        encoded = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()

    async def close(self) -> None:
        # A shard still waiting for its IDENTIFY turn stops waiting (the start ends cancelled,
        # which the runner expects): it would otherwise claim a turn from a closed database.
        for wait in self._turn_waits:
            wait.cancel()
        try:
            await super().close()
        finally:
            await self.db.close()


class ShardedLanternBot(LanternBot, commands.AutoShardedBot):
    """LanternBot over shard range SHARD_IDS of SHARD_COUNT (settings.shards), in one process.
    IDENTIFYs follow Discord's budget from GET /gateway/bot, `max_concurrency` shards (one per
    bucket `shard_id % max_concurrency`) per 5 seconds, for all processes together (see
    LanternBot.before_identify_hook), instead of discord.py's fixed 5 s between any two shards
    of this process."""

    def __init__(self, **kwargs: Any) -> None:
        shards = kwargs["settings"].shards
        assert shards is not None
        super().__init__(shard_count=shards.count, shard_ids=list(shards.ids), **kwargs)
        self._max_concurrency: int | None = None

    async def identify_concurrency(self) -> int:
        if self._max_concurrency is None:  # asked once: Discord changes it rarely, if ever
            _, _, limit = await self.http.get_bot_gateway()
            self._max_concurrency = max(1, int(limit["max_concurrency"]))
        return self._max_concurrency

    async def on_shard_ready(self, shard_id: int) -> None:
        guilds = sum(1 for guild in self.guilds if guild.shard_id == shard_id)
        log.info("Shard %d of %d ready: %d guilds", shard_id, self.shard_count, guilds)
