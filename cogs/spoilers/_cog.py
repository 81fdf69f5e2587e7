"""The spoilers cog: the /spoilers commands, /spoiler, and the message listeners that hand
each message to the service and, for a violation, to the enforcer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Coroutine
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs._common import (
    CHOICE_LIMIT,
    can_manage_guild,
    escape_user_text,
    require_guild,
    require_manage_guild,
    role_problem,
)
from cogs._replies import SAFE_MENTIONS, reply_privately
from cogs.spoilers._enforcer import (
    Enforcer,
    EnforcerTools,
    granted_permissions,
    message_context,
)
from cogs.spoilers._modlog import ModLog
from cogs.spoilers._refusals import RefusalMemory
from cogs.spoilers._settings import (
    mention_list,
    missing_guild_permissions,
    settings_embed,
    stats_embed,
)
from cogs.spoilers._webhooks import WebhookCache
from lantern.errors import LanternError, PermissionDenied
from lantern.spoilers import render
from lantern.spoilers.policy import GuildSpoilerConfig, Mode, Source, enforcement
from lantern.spoilers.wrapping import MESSAGE_LIMIT

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)

MODE_CHOICES = [app_commands.Choice(name=mode.value, value=mode.value) for mode in Mode]
CLEAR_WORDS = {"clear", "none", "off"}
OTHERS_STATS_NEED_MANAGE_SERVER = (
    "You can see your own spoiler stats: leave `member` empty. Other members' stats need the "
    "**Manage Server** permission."
)


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
    seen_role = app_commands.Group(
        name="seen-role", description="The role members take with /seen once they've seen it"
    )

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
        added = await self.cog.service.add_channel(guild.id, channel.id)
        verb = "is now" if added else "was already"
        await self.cog.confirm(interaction, f"{channel.mention} {verb} a spoiler channel.")

    @channel.command(name="remove", description="Stop treating a channel as a spoiler channel")
    @app_commands.describe(channel="The spoiler channel to remove")
    async def channel_remove(
        self, interaction: discord.Interaction, channel: SpoilerChannel
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        if not await self.cog.service.remove_channel(guild.id, channel.id):
            raise LanternError(f"{channel.mention} is not a spoiler channel.")
        await self.cog.confirm(interaction, f"{channel.mention} is no longer a spoiler channel.")

    @channel.command(name="list", description="List the spoiler channels")
    async def channel_list(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        config = await self.cog.service.config(guild.id)
        listed = mention_list(config.spoiler_channel_ids, render.channel_mention, "\n")
        await reply_privately(interaction, f"**Spoiler channels** (threads follow):\n{listed}")

    # ----- terms -----

    @term.command(name="add", description="Add a word or phrase that counts as a spoiler")
    @app_commands.describe(term="A word or phrase, e.g. took the fall")
    async def term_add(
        self, interaction: discord.Interaction, term: app_commands.Range[str, 1, 100]
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        added = await self.cog.service.add_term(guild.id, term, interaction.user.id)
        await self.cog.confirm(interaction, render.term_added_text(added.term.term, added.check))

    @term.command(name="remove", description="Remove one of this server's spoiler terms")
    @app_commands.describe(term="The term to remove")
    async def term_remove(
        self, interaction: discord.Interaction, term: app_commands.Range[str, 1, 100]
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        cleaned = await self.cog.service.remove_term(guild.id, term)
        await self.cog.confirm(interaction, f"Removed the spoiler term “{cleaned.term}”.")

    @term_remove.autocomplete("term")
    async def term_remove_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        # The cached configuration: this runs on every keystroke.
        config = await self.cog.service.config(interaction.guild_id)
        wanted = current.casefold()
        matches = [term for term in config.terms if wanted in term.casefold()]
        return [app_commands.Choice(name=t, value=t) for t in matches[:CHOICE_LIMIT]]

    @term.command(name="list", description="List the spoiler terms")
    async def term_list(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        config = await self.cog.service.config(guild.id)
        own = config.terms
        # The film's own terms and twists stay behind ||…||: a moderator may not have seen it.
        text = (
            f"**This server's terms** ({len(own)}): {render.bounded_list(own, limit=900)}\n"
            f"**The film's built-in protection:** {self.cog.builtin_text(config)}"
        )
        await reply_privately(interaction, text)

    # ----- mode -----

    @app_commands.command(name="mode", description="What to do with untagged spoilers")
    @app_commands.describe(mode="off, warn, wrap (repost in ||tags||) or delete")
    @app_commands.choices(mode=MODE_CHOICES)
    async def mode(self, interaction: discord.Interaction, mode: app_commands.Choice[str]) -> None:
        guild = self.cog.moderator_guild(interaction)
        chosen = Mode(mode.value)
        await self.cog.service.set_mode(guild.id, chosen)
        text = f"Spoiler mode is now **{chosen.value}**: {render.MODE_DESCRIPTIONS[chosen]}."
        missing = missing_guild_permissions(guild, chosen)
        if missing:
            text += "\n" + render.missing_permissions_warning(chosen, missing, "this server")
        await self.cog.confirm(interaction, text)

    # ----- exempt roles -----

    @exempt_role.command(name="add", description="Members with this role are never checked")
    @app_commands.describe(role="The role to exempt")
    async def exempt_add(self, interaction: discord.Interaction, role: discord.Role) -> None:
        guild = self.cog.moderator_guild(interaction)
        added = await self.cog.service.add_exempt_role(guild.id, role.id)
        verb = "is now" if added else "was already"
        await self.cog.confirm(interaction, f"{role.mention} {verb} exempt from spoiler checks.")

    @exempt_role.command(name="remove", description="Check members with this role again")
    @app_commands.describe(role="The exempt role to remove")
    async def exempt_remove(self, interaction: discord.Interaction, role: discord.Role) -> None:
        guild = self.cog.moderator_guild(interaction)
        if not await self.cog.service.remove_exempt_role(guild.id, role.id):
            raise LanternError(f"{role.mention} is not exempt.")
        await self.cog.confirm(interaction, f"{role.mention} is no longer exempt.")

    @exempt_role.command(name="list", description="List the exempt roles")
    async def exempt_list(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        config = await self.cog.service.config(guild.id)
        listed = mention_list(config.exempt_role_ids, render.role_mention)
        await reply_privately(interaction, f"**Exempt roles:** {listed}")

    # ----- log channel -----

    @log_channel.command(name="set", description="Log spoiler settings changes and warnings here")
    @app_commands.describe(channel="The moderators' log channel")
    async def log_set(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        guild = self.cog.moderator_guild(interaction)
        await self.cog.service.set_log_channel(guild.id, channel.id)
        text = f"Spoiler changes are now logged in {channel.mention}."
        if not channel.permissions_for(guild.me).send_messages:
            text += f"\n⚠️ I can't send messages in {channel.mention}: grant me Send Messages there."
        await self.cog.confirm(interaction, text)

    @log_channel.command(name="clear", description="Stop logging spoiler changes")
    async def log_clear(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        # Log the last change where the moderators were already looking.
        await self.cog.confirm(interaction, "Spoiler changes are no longer logged.")
        await self.cog.service.set_log_channel(guild.id, None)

    # ----- the "I've seen it" role -----

    @seen_role.command(name="set", description="The role members get with /seen")
    @app_commands.describe(role="Typically the role that opens the spoiler channel")
    async def seen_role_set(self, interaction: discord.Interaction, role: discord.Role) -> None:
        guild = self.cog.moderator_guild(interaction)
        if role.is_default():
            raise LanternError("@everyone can't be the “I’ve seen it” role.")
        await self.cog.service.set_seen_role(guild.id, role.id)
        text = f"Members now get {role.mention} with `/seen` or the button under prompts."
        problem = role_problem(guild, role)
        if problem is not None:
            text += f" But they can't yet: {problem}."
        await self.cog.confirm(interaction, text)

    @seen_role.command(name="clear", description="No role for /seen any more")
    async def seen_role_clear(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        had = (await self.cog.service.config(guild.id)).seen_role_id is not None
        await self.cog.service.set_seen_role(guild.id, None)
        text = "`/seen` gives no role any more." if had else "There was no seen role to clear."
        await self.cog.confirm(interaction, text)

    # ----- embargo -----

    @app_commands.command(name="embargo", description="Strict enforcement until a date")
    @app_commands.describe(
        until="Last day of strict enforcement, YYYY-MM-DD (UTC); or 'clear'",
        clear="True to remove the embargo",
    )
    async def embargo(
        self,
        interaction: discord.Interaction,
        until: app_commands.Range[str, 1, 32] | None = None,
        clear: bool = False,
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        if clear or (until or "").strip().lower() in CLEAR_WORDS:
            await self.cog.service.clear_embargo(guild.id)
            await self.cog.confirm(interaction, "Embargo cleared: the mode applies indefinitely.")
            return
        if until is None:
            config = await self.cog.service.config(guild.id)
            text = render.embargo_text(config, self.cog.service.clock.now().date())
            await reply_privately(interaction, f"**Embargo:** {text}")
            return
        day = await self.cog.service.set_embargo(guild.id, until)
        await self.cog.confirm(
            interaction,
            f"Embargo set: strict enforcement until **{day.isoformat()}** (UTC, inclusive); "
            "after that, wrap and delete relax to warn.",
        )

    # ----- the film's built-in protection -----

    @app_commands.command(name="test", description="Would a message be flagged as a spoiler?")
    @app_commands.describe(text="The message to try (nobody else sees it)")
    async def test(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, 2000]
    ) -> None:
        guild = self.cog.moderator_guild(interaction)
        verdict = await self.cog.service.test(guild.id, text)
        await reply_privately(interaction, render.verdict_text(verdict, text)[:MESSAGE_LIMIT])

    @app_commands.command(name="builtin", description="The film's own spoiler protection on/off")
    @app_commands.describe(enabled="False to rely on this server's terms only")
    async def builtin(self, interaction: discord.Interaction, enabled: bool) -> None:
        guild = self.cog.moderator_guild(interaction)
        await self.cog.service.set_builtin(guild.id, enabled)
        text = (
            "The film's built-in spoiler protection is now **on**."
            if enabled
            else "The film's built-in spoiler protection is now **off**: only this server's "
            "terms are checked."
        )
        await self.cog.confirm(interaction, text)

    # ----- at a glance -----

    @app_commands.command(name="settings", description="Spoiler settings and warnings")
    async def settings(self, interaction: discord.Interaction) -> None:
        guild = self.cog.moderator_guild(interaction)
        embed = await settings_embed(self.cog.service, guild, self.cog.bot.message_content_enabled)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="stats", description="Tagged spoilers, catches and actions")
    @app_commands.describe(member="Whose stats (default: yours; the server's for moderators)")
    async def stats(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        guild = require_guild(interaction)
        someone_else = member is not None and member.id != interaction.user.id
        if someone_else and not can_manage_guild(interaction):
            raise PermissionDenied(OTHERS_STATS_NEED_MANAGE_SERVER)
        if member is None and not can_manage_guild(interaction):
            member = interaction.user  # type: ignore[assignment]  # members see themselves
        embed = await stats_embed(self.cog.service, guild, member)
        await interaction.response.send_message(embed=embed, ephemeral=True)


class Spoilers(commands.Cog):
    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.service = bot.spoilers
        self.mod_log = ModLog(self.service)
        self._tasks: set[asyncio.Task[None]] = set()
        self.tools = EnforcerTools(
            service=self.service,
            clock=bot.clock,
            webhooks=WebhookCache(bot),
            refusals=RefusalMemory(),
            mod_log=self.mod_log,
            spawn=self.spawn,
        )
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

    def builtin_text(self, config: GuildSpoilerConfig) -> str:
        twists = [twist.label for twist in self.service.twists.twists]
        return render.builtin_text(twists, self.service.default_terms, config.builtin)

    def moderator_guild(self, interaction: discord.Interaction) -> discord.Guild:
        guild = require_guild(interaction)
        require_manage_guild(interaction)
        return guild

    async def confirm(self, interaction: discord.Interaction, text: str) -> None:
        """Tell the mod-log channel who changed what, and confirm privately."""
        guild = interaction.guild
        assert guild is not None
        # Log first: by the time the moderator reads the confirmation, the log has it too.
        await self.mod_log.send(guild, f"{interaction.user.mention} (`/spoilers`): {text}")
        await reply_privately(interaction, text)

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
            await self.service.record_tags(
                interaction.guild_id, interaction.channel_id, interaction.user.id, interaction.id, 1
            )

    # ----- enforcement -----

    def watch_message(self, message: discord.Message) -> Awaitable[None] | None:
        """A new message needs a look when it may have spoiler tags to count or a term in it,
        or when its guild's configuration is not in memory yet. Ordinary chat is settled here
        with one quick check and no await."""
        if not self._inspectable(message):
            return None
        assert message.guild is not None
        if self.service.settled_without_a_look(message.guild.id, message.content):
            return None
        return self.inspect(message, Source.CREATE, previous=None)

    # ----- permissions that may have been granted again -----

    @commands.Cog.listener()
    async def on_guild_channel_update(self, _: Any, after: discord.abc.GuildChannel) -> None:
        self.tools.refusals.forget_channel(after.id)

    @commands.Cog.listener()
    async def on_guild_role_update(self, _: discord.Role, after: discord.Role) -> None:
        self.tools.refusals.forget_guild(after.guild.id)

    @commands.Cog.listener()
    async def on_guild_role_create(self, role: discord.Role) -> None:
        self.tools.refusals.forget_guild(role.guild.id)

    @commands.Cog.listener()
    async def on_member_update(self, _: discord.Member, after: discord.Member) -> None:
        if self.bot.user is not None and after.id == self.bot.user.id:  # the bot's own roles
            self.tools.refusals.forget_guild(after.guild.id)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        previous = payload.cached_message.content if payload.cached_message else None
        if previous == payload.message.content:
            return  # an embed unfurl or pin, not a text edit
        if self._inspectable(payload.message):
            await self.inspect(payload.message, Source.EDIT, previous=previous)

    def _inspectable(self, message: discord.Message) -> bool:
        """A member's message in a guild, and the bot can read its text."""
        return (
            self.bot.message_content_enabled
            and message.guild is not None
            and not message.author.bot
            and message.webhook_id is None
        )

    async def inspect(self, message: discord.Message, source: Source, previous: str | None) -> None:
        try:
            await self._inspect(message, source, previous)
        except Exception:
            log.exception("Spoiler check failed for message %s", message.id)

    async def _inspect(
        self, message: discord.Message, source: Source, previous: str | None
    ) -> None:
        assert message.guild is not None
        await self.service.track_tags(
            guild_id=message.guild.id,
            channel_id=message.channel.id,
            member_id=message.author.id,
            message_id=message.id,
            content=message.content,
            source=source,
            previous=previous,
        )
        context = message_context(message)
        found = await self.service.scan(message.guild.id, context, message.content, previous)
        if found is None:
            return
        config, hits = found
        today = self.bot.clock.now().date()
        action = enforcement(config, today, granted_permissions(message.channel))
        await Enforcer(self.tools, message, config, hits, source).run(action)

    def spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
