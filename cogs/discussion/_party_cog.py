"""The watch-party cog: `/watchparty schedule|list|cancel`. A showing is a Discord scheduled
event (VOICE in the voice channel given, else EXTERNAL with the channel the bot posts in as its
location; its end the start plus the pack's `runtime_minutes`); the interested count always
comes from Discord's event."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs._common import EMBED_COLOUR, check_can_post, escape_user_text, require_guild
from cogs._replies import SAFE_MENTIONS, reply_privately
from cogs.discussion._party_runner import WatchPartyRunner
from lantern.discussion.service import DiscussionService
from lantern.errors import LanternError, PermissionDenied
from lantern.markdown import shorten
from lantern.watchparty.model import NOTE_MAX, WatchParty, clean_note, event_description
from lantern.watchparty.service import WatchPartyService

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)

PARTY_COG = "WatchPartyCog"


def require_manage_events(interaction: discord.Interaction[Any]) -> None:
    permissions = interaction.permissions
    if not (permissions.manage_events or permissions.manage_guild or permissions.administrator):
        raise PermissionDenied(
            "You need the **Manage Events** or **Manage Server** permission to do that."
        )


def require_bot_manage_events(guild: discord.Guild) -> None:
    # Checked first: a refusal Discord would give costs no request.
    if not guild.me.guild_permissions.manage_events:
        raise LanternError("I need the **Manage Events** permission to book a showing.")


def require_bot_can_host(voice: discord.VoiceChannel) -> None:
    """A VOICE event needs the bot to see the channel and be allowed to connect there."""
    permissions = voice.permissions_for(voice.guild.me)
    if not (permissions.view_channel and permissions.connect):
        raise LanternError(
            f"I need **View Channel** and **Connect** in {voice.mention} to host the event there."
        )


@dataclass(frozen=True)
class EventPlace:
    """Where a showing happens: a voice channel (a VOICE event), or else an EXTERNAL event whose
    location names the text channel the bot posts in."""

    text: discord.TextChannel
    voice: discord.VoiceChannel | None = None

    def event_fields(self) -> dict[str, Any]:
        if self.voice is not None:
            return {"entity_type": discord.EntityType.voice, "channel": self.voice}
        return {
            "entity_type": discord.EntityType.external,
            "location": shorten(f"#{self.text.name}", 100),
        }


class WatchPartyCog(commands.Cog, name=PARTY_COG):
    watchparty = app_commands.Group(
        name="watchparty", description="Watch the film together", guild_only=True
    )

    def __init__(self, bot: LanternBot, discussion: DiscussionService) -> None:
        self.bot = bot
        self.service = WatchPartyService(bot.db.watchparty, bot.clock, bot.pack.runtime_minutes)
        self.runner = WatchPartyRunner(bot, self.service, discussion)

    async def cog_load(self) -> None:
        self.runner.start()

    async def cog_unload(self) -> None:
        await self.runner.stop()

    @watchparty.command(name="schedule", description="Book a showing as a server event")
    @app_commands.describe(
        start="When it starts, in UTC: YYYY-MM-DD HH:MM",
        channel="Where I post when it starts (default: here)",
        note=f"A line for the event, up to {NOTE_MAX} characters",
        voice="Watch together in this voice channel (default: the event points to the text channel)",
    )
    async def schedule(
        self,
        interaction: discord.Interaction[Any],
        start: app_commands.Range[str, 1, 40],
        channel: discord.TextChannel | None = None,
        note: app_commands.Range[str, 1, NOTE_MAX] | None = None,
        voice: discord.VoiceChannel | None = None,
    ) -> None:
        guild = require_guild(interaction)
        require_manage_events(interaction)
        require_bot_manage_events(guild)
        if voice is not None:
            require_bot_can_host(voice)
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise LanternError("Pick a text channel for the start post.")
        check_can_post(target, "post the watch party")
        start_at, end_at = self.service.plan(start)
        cleaned = clean_note(note)
        await interaction.response.defer(ephemeral=True, thinking=True)
        where = EventPlace(target, voice)
        event = await self._create_event(guild, where, start_at, end_at, cleaned)
        party = WatchParty(
            event.id, guild.id, target.id, start_at, end_at, cleaned, interaction.user.id
        )
        await self.service.record(party)
        self.runner.wake()
        await reply_privately(interaction, await self._booked_text(guild, event, party))

    async def _create_event(
        self,
        guild: discord.Guild,
        where: EventPlace,
        start_at: Any,
        end_at: Any,
        note: str | None,
    ) -> discord.ScheduledEvent:
        try:
            return await guild.create_scheduled_event(
                name=shorten(f"Watch party: {self.bot.pack.title}", 100),
                start_time=start_at,
                end_time=end_at,
                privacy_level=discord.PrivacyLevel.guild_only,
                description=event_description(self.bot.pack.logline, note),
                **where.event_fields(),
            )
        except discord.Forbidden:
            raise LanternError(
                "Discord refused to create the event: I need **Manage Events**."
            ) from None

    async def _booked_text(
        self, guild: discord.Guild, event: discord.ScheduledEvent, party: WatchParty
    ) -> str:
        when = discord.utils.format_dt(party.start_at, "F")
        soon = discord.utils.format_dt(party.start_at, "R")
        text = (
            f"Booked **{escape_user_text(event.name)}** for {when} ({soon}). I'll post in "
            f"<#{party.channel_id}> when it starts"
        )
        if (await self.bot.spoilers.config(guild.id)).spoiler_channel_ids:
            return text + " and open a spoiler thread in the spoiler channel when it's over."
        return text + ". No spoiler channel is set, so no spoiler thread will open afterwards."

    @watchparty.command(name="list", description="Upcoming watch parties and who is interested")
    async def list_parties(self, interaction: discord.Interaction[Any]) -> None:
        guild = require_guild(interaction)
        if not await self.service.upcoming(guild.id):
            await reply_privately(interaction, "No watch party is planned here.")
            return
        await interaction.response.defer(thinking=True)
        try:
            events = await guild.fetch_scheduled_events(with_counts=True)
        except discord.HTTPException:
            raise LanternError(
                "Discord didn't give me the server's events; try again soon."
            ) from None
        counts = {event.id: event.user_count for event in events}
        parties = await self.service.forget_missing(guild.id, set(counts))
        embed = discord.Embed(title="Watch parties", colour=EMBED_COLOUR)
        embed.description = "\n".join(_party_line(p, counts[p.event_id]) for p in parties) or (
            "No watch party is planned here any more."
        )
        await interaction.followup.send(embed=embed, allowed_mentions=SAFE_MENTIONS)

    @watchparty.command(name="cancel", description="Cancel a watch party and its server event")
    @app_commands.describe(party="Which one (pick a suggestion)")
    async def cancel(
        self, interaction: discord.Interaction[Any], party: app_commands.Range[str, 1, 20]
    ) -> None:
        guild = require_guild(interaction)
        require_manage_events(interaction)
        found = await self.service.party(guild.id, int(party)) if party.isdigit() else None
        if found is None:
            raise LanternError("That is not one of this server's watch parties: pick a suggestion.")
        await self._delete_event(guild, found.event_id)
        await self.service.cancel(guild.id, found.event_id)
        when = discord.utils.format_dt(found.start_at, "F")
        await reply_privately(interaction, f"The watch party of {when} is cancelled.")

    async def _delete_event(self, guild: discord.Guild, event_id: int) -> None:
        try:
            event = await guild.fetch_scheduled_event(event_id)
            await event.delete()
        except discord.NotFound:
            return  # deleted on Discord already: nothing left to undo
        except discord.Forbidden:
            raise LanternError(
                "Discord refused to delete the event: I need **Manage Events**."
            ) from None

    @cancel.autocomplete("party")
    async def _party_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        parties = await self.service.upcoming(interaction.guild_id)
        return [
            app_commands.Choice(name=_choice_name(p), value=str(p.event_id))
            for p in parties
            if current.casefold() in _choice_name(p).casefold()
        ][:25]


def _choice_name(party: WatchParty) -> str:
    return shorten(
        f"{party.start_at:%Y-%m-%d %H:%M} UTC" + (f" · {party.note}" if party.note else ""), 100
    )


def _party_line(party: WatchParty, interested: int) -> str:
    when = discord.utils.format_dt(party.start_at, "F")
    people = "1 member" if interested == 1 else f"{interested} members"
    line = f"**{when}** in <#{party.channel_id}> · {people} interested"
    return line + (f"\n> {escape_user_text(party.note)}" if party.note else "")
