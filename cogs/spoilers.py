"""Spoilers: moderator configuration (/spoilers), posting a tagged spoiler (/spoiler), and
enforcement on message create and edit. The rules live in `lantern.spoilers`; this module
only talks to Discord."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs._common import (
    CHOICE_LIMIT,
    EMBED_COLOUR,
    can_manage_guild,
    escape_user_text,
    require_guild,
    require_manage_guild,
)
from cogs._replies import SAFE_MENTIONS, reply_privately
from cogs._spoilers_enforcer import Enforcer
from lantern.errors import LanternError
from lantern.spoilers import SpoilerHit, SpoilerScanner, count_spoiler_segments, render
from lantern.spoilers.config_cache import ConfigCache
from lantern.spoilers.policy import (
    REQUIRED_PERMISSIONS,
    GuildSpoilerConfig,
    MessageContext,
    Mode,
    Permission,
    enforcement,
    parse_embargo_date,
    should_scan,
)
from lantern.spoilers.terms import ScannerCache, check_addable, clean_term, is_default_term
from lantern.spoilers.wrapping import MESSAGE_LIMIT

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)

MODE_CHOICES = [app_commands.Choice(name=mode.value, value=mode.value) for mode in Mode]
CLEAR_WORDS = {"clear", "none", "off"}


class SpoilerChannelOption(app_commands.Transformer):
    """A text, announcement or forum channel (forum posts and threads follow their parent)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news, discord.ChannelType.forum]

    async def transform(self, interaction: discord.Interaction, value: Any) -> Any:
        return value  # an AppCommandChannel: its id and mention are all we need


SpoilerChannel = app_commands.Transform[discord.abc.Snowflake, SpoilerChannelOption]


class SpoilerCommands(app_commands.Group):
    """`/spoilers ...`: no default_permissions because members may run `stats` on themselves;
    every configuration command checks Manage Server at run time instead."""

    channel = app_commands.Group(name="channel", description="Spoiler channels")
    term = app_commands.Group(name="term", description="Spoiler terms on top of the film's")
    exempt_role = app_commands.Group(name="exempt-role", description="Roles never checked")
    log_channel = app_commands.Group(name="log-channel", description="Where changes are logged")

    def __init__(self, cog: Spoilers) -> None:
        super().__init__(
            name="spoilers", description="Spoiler protection for this server", guild_only=True
        )
        self.cog = cog

    # ----- spoiler channels -----

    @channel.command(name="add", description="Make a channel (and its threads) a spoiler channel")
    @app_commands.describe(channel="The channel where spoilers are allowed")
    async def channel_add(self, interaction: discord.Interaction, channel: SpoilerChannel) -> None:
        guild = self.cog.moderator_guild(interaction)
        added = await self.cog.db.add_spoiler_channel(guild.id, channel.id)
        verb = "is now" if added else "was already"
        await self.cog.confirm(interaction, f"{channel.mention} {verb} a spoiler channel.")

    @channel.command(name="remove", description="Stop treating a channel as a spoiler channel")
    @app_commands.describe(channel="The spoiler channel to remove")
    async def channel_remove(
        self, interaction: discord.Interaction, channel: SpoilerChannel
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        if not await self.cog.db.remove_spoiler_channel(guild.id, channel.id):
            raise LanternError(f"{channel.mention} is not a spoiler channel.")
        await self.cog.confirm(interaction, f"{channel.mention} is no longer a spoiler channel.")

    @channel.command(name="list", description="List the spoiler channels")
    async def channel_list(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        config = await self.cog.config(guild.id)
        listed = mention_list(config.spoiler_channel_ids, render.channel_mention, "\n")
        await reply_privately(interaction, f"**Spoiler channels** (threads follow):\n{listed}")

    # ----- terms -----

    @term.command(name="add", description="Add a word or phrase that counts as a spoiler")
    @app_commands.describe(term="A word or phrase, e.g. took the fall")
    async def term_add(
        self, interaction: discord.Interaction, term: app_commands.Range[str, 1, 100]
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        cleaned = clean_term(term)
        count = await self.cog.db.count_spoiler_terms(guild.id)
        check_addable(cleaned, self.cog.default_terms, count)
        now = self.cog.bot.clock.now()
        if not await self.cog.db.add_spoiler_term(guild.id, cleaned, interaction.user.id, now):
            raise LanternError(f"“{cleaned.term}” is already a spoiler term here.")
        await self.cog.confirm(interaction, f"Added the spoiler term “{cleaned.term}”.")

    @term.command(name="remove", description="Remove one of this server's spoiler terms")
    @app_commands.describe(term="The term to remove")
    async def term_remove(
        self, interaction: discord.Interaction, term: app_commands.Range[str, 1, 100]
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        cleaned = clean_term(term)
        if await self.cog.db.remove_spoiler_term(guild.id, cleaned.canonical):
            await self.cog.confirm(interaction, f"Removed the spoiler term “{cleaned.term}”.")
            return
        if is_default_term(cleaned.canonical, self.cog.default_terms):
            raise LanternError(f"“{cleaned.term}” comes with the film pack and can't be removed.")
        raise LanternError(f"“{cleaned.term}” is not one of this server's terms.")

    @term_remove.autocomplete("term")
    async def term_remove_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        # The cached configuration: this runs on every keystroke.
        config = await self.cog.config(interaction.guild_id)
        wanted = current.casefold()
        matches = [term for term in config.terms if wanted in term.casefold()]
        return [app_commands.Choice(name=t, value=t) for t in matches[:CHOICE_LIMIT]]

    @term.command(name="list", description="List the spoiler terms")
    async def term_list(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        own = (await self.cog.config(guild.id)).terms
        defaults = render.bounded_list(list(self.cog.default_terms), limit=900)
        text = (
            f"**This server's terms** ({len(own)}): {render.bounded_list(own, limit=900)}\n"
            f"**The film's default terms** ({len(self.cog.default_terms)}): {defaults}"
        )
        await reply_privately(interaction, text)

    # ----- mode -----

    @app_commands.command(name="mode", description="What to do with untagged spoilers")
    @app_commands.describe(mode="off, warn, wrap (repost in ||tags||) or delete")
    @app_commands.choices(mode=MODE_CHOICES)
    async def mode(self, interaction: discord.Interaction, mode: app_commands.Choice[str]) -> None:
        guild = self.cog.moderator_guild(interaction)
        chosen = Mode(mode.value)
        await self.cog.db.set_spoiler_mode(guild.id, chosen)
        text = f"Spoiler mode is now **{chosen.value}**: {render.MODE_DESCRIPTIONS[chosen]}."
        missing = self.cog.missing_guild_permissions(guild, chosen)
        if missing:
            text += "\n" + render.missing_permissions_warning(chosen, missing, "this server")
        await self.cog.confirm(interaction, text)

    # ----- exempt roles -----

    @exempt_role.command(name="add", description="Members with this role are never checked")
    @app_commands.describe(role="The role to exempt")
    async def exempt_add(self, interaction: discord.Interaction, role: discord.Role) -> None:
        guild = self.cog.moderator_guild(interaction)
        added = await self.cog.db.add_spoiler_exempt_role(guild.id, role.id)
        verb = "is now" if added else "was already"
        await self.cog.confirm(interaction, f"{role.mention} {verb} exempt from spoiler checks.")

    @exempt_role.command(name="remove", description="Check members with this role again")
    @app_commands.describe(role="The exempt role to remove")
    async def exempt_remove(self, interaction: discord.Interaction, role: discord.Role) -> None:
        guild = self.cog.moderator_guild(interaction)
        if not await self.cog.db.remove_spoiler_exempt_role(guild.id, role.id):
            raise LanternError(f"{role.mention} is not exempt.")
        await self.cog.confirm(interaction, f"{role.mention} is no longer exempt.")

    @exempt_role.command(name="list", description="List the exempt roles")
    async def exempt_list(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        config = await self.cog.config(guild.id)
        listed = mention_list(config.exempt_role_ids, render.role_mention)
        await reply_privately(interaction, f"**Exempt roles:** {listed}")

    # ----- log channel -----

    @log_channel.command(name="set", description="Log spoiler settings changes and warnings here")
    @app_commands.describe(channel="The moderators' log channel")
    async def log_set(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        guild = self.cog.moderator_guild(interaction)
        await self.cog.db.set_spoiler_log_channel(guild.id, channel.id)
        text = f"Spoiler changes are now logged in {channel.mention}."
        if not channel.permissions_for(guild.me).send_messages:
            text += f"\n⚠️ I can't send messages in {channel.mention}: grant me Send Messages there."
        await self.cog.confirm(interaction, text)

    @log_channel.command(name="clear", description="Stop logging spoiler changes")
    async def log_clear(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        # Log the last change where the moderators were already looking.
        await self.cog.confirm(interaction, "Spoiler changes are no longer logged.")
        await self.cog.db.set_spoiler_log_channel(guild.id, None)
        self.cog.forget(guild.id)

    # ----- embargo -----

    @app_commands.command(name="embargo", description="Strict enforcement until a date")
    @app_commands.describe(
        until="Last day of strict enforcement, YYYY-MM-DD (UTC); or 'clear'",
        clear="True to remove the embargo",
    )
    async def embargo(
        self, interaction: discord.Interaction, until: str | None = None, clear: bool = False
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        if clear or (until or "").strip().lower() in CLEAR_WORDS:
            await self.cog.db.set_spoiler_embargo(guild.id, None)
            await self.cog.confirm(interaction, "Embargo cleared: the mode applies indefinitely.")
            return
        if until is None:
            config = await self.cog.config(guild.id)
            text = render.embargo_text(config, self.cog.bot.clock.now().date())
            await reply_privately(interaction, f"**Embargo:** {text}")
            return
        day = parse_embargo_date(until, self.cog.bot.clock.now())
        await self.cog.db.set_spoiler_embargo(guild.id, day)
        await self.cog.confirm(
            interaction,
            f"Embargo set: strict enforcement until **{day.isoformat()}** (UTC, inclusive); "
            "after that, wrap and delete relax to warn.",
        )

    # ----- at a glance -----

    @app_commands.command(name="settings", description="Spoiler settings and warnings")
    async def settings(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        embed = await self.cog.settings_embed(guild)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="stats", description="Tagged spoilers, catches and actions")
    @app_commands.describe(member="Whose stats (default: yours; the server's for moderators)")
    async def stats(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        guild = require_guild(interaction)
        if member is not None and member.id != interaction.user.id:
            require_manage_guild(interaction)
        if member is None and not can_manage_guild(interaction):
            member = interaction.user  # type: ignore[assignment]  # members see themselves
        embed = await self.cog.stats_embed(guild, member)
        await interaction.response.send_message(embed=embed, ephemeral=True)


class Spoilers(commands.Cog):
    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.db = bot.db.spoilers
        self.default_terms: tuple[str, ...] = tuple(bot.pack.spoiler_terms)
        self.scanners = ScannerCache()
        self._guild_scanners: dict[int, tuple[GuildSpoilerConfig, SpoilerScanner]] = {}
        self.configs = ConfigCache(self.db.spoiler_config)
        self._webhooks: dict[int, discord.Webhook] = {}
        # (channel id, mode) -> the bot's permissions when Discord answered 403: not retried
        # until those permissions change.
        self._refused: dict[tuple[int, Mode], int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.group = SpoilerCommands(self)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.group)
        self.bot.watch_messages(self.watch_message)
        if not self.bot.message_content_enabled:
            log.warning("Message content intent off: spoiler scanning and tag tracking disabled")

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)
        self.bot.unwatch_messages(self.watch_message)
        for task in self._tasks:
            task.cancel()

    # ----- shared helpers for the commands -----

    def moderator_guild(self, interaction: discord.Interaction) -> discord.Guild:
        guild = require_guild(interaction)
        require_manage_guild(interaction)
        return guild

    async def config(self, guild_id: int) -> GuildSpoilerConfig:
        return await self.configs.get(guild_id)

    def forget(self, guild_id: int) -> None:
        self.configs.forget(guild_id)

    async def confirm(self, interaction: discord.Interaction, text: str) -> None:
        """Tell the mod-log channel who changed what, and confirm privately."""
        guild = interaction.guild
        assert guild is not None
        self.forget(guild.id)
        # Log first: by the time the moderator reads the confirmation, the log has it too.
        await self.mod_log(guild, f"{interaction.user.mention} (`/spoilers`): {text}")
        await reply_privately(interaction, text)

    async def mod_log(self, guild: discord.Guild, text: str) -> None:
        config = await self.config(guild.id)
        channel = guild.get_channel(config.log_channel_id or 0)
        if not isinstance(channel, discord.TextChannel):
            return
        if not channel.permissions_for(guild.me).send_messages:
            return  # known in advance: don't collect 403s (settings and log-channel set say so)
        try:
            await channel.send(text[:2000], allowed_mentions=SAFE_MENTIONS)
        except discord.HTTPException:
            log.warning("Could not write to the spoiler log channel of guild %s", guild.id)

    def missing_guild_permissions(self, guild: discord.Guild, mode: Mode) -> list[Permission]:
        granted = guild.me.guild_permissions
        return [perm for perm in REQUIRED_PERMISSIONS[mode] if not getattr(granted, perm.value)]

    async def settings_embed(self, guild: discord.Guild) -> discord.Embed:
        config = await self.config(guild.id)
        today = self.bot.clock.now().date()
        embed = discord.Embed(title="Spoiler settings", colour=EMBED_COLOUR)
        embed.add_field(name="Mode", value=render.mode_text(config, today), inline=False)
        channels = mention_list(config.spoiler_channel_ids, render.channel_mention)
        embed.add_field(name="Spoiler channels", value=channels)
        embed.add_field(
            name="Exempt roles", value=mention_list(config.exempt_role_ids, render.role_mention)
        )
        log_channel = config.log_channel_id
        embed.add_field(
            name="Log channel",
            value=render.channel_mention(log_channel) if log_channel else render.NONE,
        )
        embed.add_field(
            name="Terms",
            value=f"{len(self.default_terms)} from the film + {len(config.terms)} of this server",
        )
        embed.add_field(name="Embargo", value=render.embargo_text(config, today), inline=False)
        embed.add_field(
            name="Warnings", value=await self.warnings_text(guild, config), inline=False
        )
        return embed

    async def warnings_text(self, guild: discord.Guild, config: GuildSpoilerConfig) -> str:
        warnings = []
        if not self.bot.message_content_enabled:
            warnings.append(render.intent_warning())
        missing = self.missing_guild_permissions(guild, config.mode)
        if missing:
            warnings.append(render.missing_permissions_warning(config.mode, missing, "this server"))
        log_channel = guild.get_channel(config.log_channel_id or 0)
        if isinstance(log_channel, discord.TextChannel) and not (
            log_channel.permissions_for(guild.me).send_messages
        ):
            warnings.append(f"I can't send messages in the log channel {log_channel.mention}.")
        warnings.extend((await self.db.spoiler_notices(guild.id)).values())
        text = "\n".join(f"⚠️ {warning}" for warning in dict.fromkeys(warnings))
        return text[:1024] if text else "none"

    async def stats_embed(
        self, guild: discord.Guild, member: discord.Member | None
    ) -> discord.Embed:
        report = await self.db.spoiler_stats(
            guild.id, self.bot.clock.now(), member.id if member else None
        )
        who = member.display_name if member else guild.name
        embed = discord.Embed(title=f"Spoiler stats: {who}", colour=EMBED_COLOUR)
        for window in (report.all_time, report.recent):
            for name, value in render.stats_fields(window, with_members=member is None):
                embed.add_field(name=name, value=value[:1024], inline=False)
        return embed

    # ----- /spoiler -----

    @app_commands.command(name="spoiler", description="Post a properly tagged spoiler")
    @app_commands.describe(text="The spoiler itself", about="What it is about (shown unhidden)")
    @app_commands.guild_only()
    async def spoiler(
        self,
        interaction: discord.Interaction,
        text: app_commands.Range[str, 1, 1500],
        about: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        hidden = discord.utils.escape_mentions(text)
        label = escape_user_text(about) if about else None
        content = render.spoiler_post(interaction.user.mention, hidden, label)
        if len(content) > MESSAGE_LIMIT:
            raise LanternError("That spoiler is too long once tagged safely: please shorten it.")
        await interaction.response.send_message(content, allowed_mentions=SAFE_MENTIONS)
        if interaction.guild_id is not None and interaction.channel_id is not None:
            await self.db.record_spoiler_tags(
                guild_id=interaction.guild_id,
                channel_id=interaction.channel_id,
                member_id=interaction.user.id,
                message_id=interaction.id,
                segments=1,
                now=self.bot.clock.now(),
            )

    # ----- enforcement -----

    def watch_message(self, message: discord.Message) -> Awaitable[None] | None:
        """A new message needs a look when it may have spoiler tags to count or a term in it,
        or when its guild's configuration is not in memory yet. Ordinary chat is settled here
        with one quick check and no await."""
        if not self._inspectable(message):
            return None
        assert message.guild is not None
        config = self.configs.peek(message.guild.id)
        if config is not None and self.scanner_for(config).nothing_to_report(message.content):
            return None
        return self.inspect(message, "create", previous=None)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        previous = payload.cached_message.content if payload.cached_message else None
        if previous == payload.message.content:
            return  # an embed unfurl or pin, not a text edit
        if self._inspectable(payload.message):
            await self.inspect(payload.message, "edit", previous=previous)

    def _inspectable(self, message: discord.Message) -> bool:
        """A member's message in a guild, and the bot can read its text."""
        return (
            self.bot.message_content_enabled
            and message.guild is not None
            and not message.author.bot
            and message.webhook_id is None
        )

    async def inspect(self, message: discord.Message, source: str, previous: str | None) -> None:
        try:
            await self._inspect(message, source, previous)
        except Exception:
            log.exception("Spoiler check failed for message %s", message.id)

    async def _inspect(self, message: discord.Message, source: str, previous: str | None) -> None:
        assert message.guild is not None
        await self._track_tags(message, source, previous)
        config = await self.config(message.guild.id)
        now = self.bot.clock.now()
        if not should_scan(config, self._context(message), now.date()):
            return
        scanner = self.scanner_for(config)
        hits = scanner.scan(message.content)
        if not hits or (previous is not None and _same_terms(scanner.scan(previous), hits)):
            return
        action = enforcement(config, now.date(), self._granted(message.channel))
        await Enforcer(self, message, config, hits, source).run(action)

    def scanner_for(self, config: GuildSpoilerConfig) -> SpoilerScanner:
        """The guild's scanner, looked up by config identity so a busy chat never re-hashes a
        long term list; a configuration change makes a new config object and so a new lookup."""
        known = self._guild_scanners.get(config.guild_id)
        if known is not None and known[0] is config:
            return known[1]
        scanner = self.scanners.get((*self.default_terms, *config.terms))
        self._guild_scanners[config.guild_id] = (config, scanner)
        return scanner

    async def _track_tags(
        self, message: discord.Message, source: str, previous: str | None
    ) -> None:
        segments = count_spoiler_segments(message.content)
        if segments == 0 and not _may_have_tag_row(source, previous):
            return  # nothing to count and no earlier count to remove: no write transaction
        await self.db.record_spoiler_tags(
            guild_id=message.guild.id if message.guild else 0,
            channel_id=message.channel.id,
            member_id=message.author.id,
            message_id=message.id,
            segments=segments,
            now=self.bot.clock.now(),
        )

    def _context(self, message: discord.Message) -> MessageContext:
        channel = message.channel
        roles = getattr(message.author, "roles", [])
        return MessageContext(
            channel_id=channel.id,
            parent_channel_id=getattr(channel, "parent_id", None),
            author_role_ids=frozenset(role.id for role in roles),
            author_is_bot=message.author.bot,
            is_webhook=message.webhook_id is not None,
        )

    def _granted(self, channel: Any) -> set[Permission]:
        guild = channel.guild
        permissions = channel.permissions_for(guild.me)
        # Webhooks live on the parent channel of a thread.
        parent = getattr(channel, "parent", None)
        hook_permissions = parent.permissions_for(guild.me) if parent else permissions
        granted = set()
        if permissions.manage_messages:
            granted.add(Permission.MANAGE_MESSAGES)
        if hook_permissions.manage_webhooks:
            granted.add(Permission.MANAGE_WEBHOOKS)
        return granted

    def _permission_key(self, channel: Any) -> int:
        return channel.permissions_for(channel.guild.me).value

    def remember_refusal(self, channel: Any, mode: Mode) -> None:
        self._refused[(channel.id, mode)] = self._permission_key(channel)

    def was_refused(self, channel: Any, mode: Mode) -> bool:
        """Discord said 403 for this before and the bot's permissions haven't changed since."""
        refused = self._refused.get((channel.id, mode))
        if refused is None:
            return False
        if refused == self._permission_key(channel):
            return True
        del self._refused[(channel.id, mode)]
        return False

    def spawn(self, coroutine: Any) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def channel_webhook(
        self, channel: discord.TextChannel | discord.ForumChannel
    ) -> discord.Webhook:
        """The bot's webhook in `channel`, reused across reposts (and restarts)."""
        hook = self._webhooks.get(channel.id)
        if hook is None:
            hook = await self._own_webhook(channel) or await channel.create_webhook(
                name=self.bot.user.name if self.bot.user else "Lantern",
                reason="Reposting spoilers in ||tags||",
            )
            self._webhooks[channel.id] = hook
        return hook

    async def _own_webhook(
        self, channel: discord.TextChannel | discord.ForumChannel
    ) -> discord.Webhook | None:
        """The webhook this bot made in `channel` before (with a token to post through)."""
        me = self.bot.user
        if me is None:
            return None
        hooks = await channel.webhooks()
        return next((h for h in hooks if h.user and h.user.id == me.id and h.token), None)

    def forget_webhook(self, channel_id: int) -> None:
        self._webhooks.pop(channel_id, None)

    async def notify_once(self, guild: discord.Guild, kind: str, text: str) -> None:
        """Tell the moderators about a problem once (log channel + /spoilers settings)."""
        if await self.db.record_spoiler_notice(guild.id, kind, text, self.bot.clock.now()):
            log.warning("Guild %s: %s", guild.id, text)
            await self.mod_log(guild, f"⚠️ {text}")


def mention_list(ids: Iterable[int], mention: Callable[[int], str], separator: str = ", ") -> str:
    """The mentions of `ids` in id order, cut short ("…and N more") past the list limit."""
    return render.bounded_list([mention(i) for i in sorted(ids)], separator)


def _may_have_tag_row(source: str, previous: str | None) -> bool:
    """Whether this message's tags may have been counted before. A new message has no row
    yet, and an edit whose previous text had no `|` had no tags, so its row is gone or never
    was; when the previous text is unknown (not cached), assume there may be one."""
    if source == "create":
        return False
    return previous is None or "|" in previous


def _same_terms(before: list[SpoilerHit], after: list[SpoilerHit]) -> bool:
    """An edit that reveals nothing new (e.g. a typo fix) is not a new violation."""
    return {hit.term for hit in after} <= {hit.term for hit in before}


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(Spoilers(bot))
