"""Scheduled events as Discord keeps them: EXTERNAL events need a location and an end time,
starts in the past and ends before starts are refused, Manage Events is needed to create and
delete (403/50013), and `with_user_count` counts the members who pressed Interested."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord as discordpy
import pytest

from loopback_discord import DEFAULT_BOT_PERMISSIONS, Driver, Permission
from loopback_discord.gateway import IDENTIFY_WINDOW


def soon(discord: Driver, hours: float = 2) -> datetime:
    return datetime.fromtimestamp(discord.server.clock.now(), UTC) + timedelta(hours=hours)


async def create(running_bot, discord: Driver, **overrides) -> discordpy.ScheduledEvent:
    guild = running_bot.bot.get_guild(discord.guild.id)
    start = soon(discord)
    options = {
        "name": "Watch party",
        "start_time": start,
        "end_time": start + timedelta(hours=2),
        "entity_type": discordpy.EntityType.external,
        "privacy_level": discordpy.PrivacyLevel.guild_only,
        "location": "#general",
        "description": "Together",
    } | overrides
    return await guild.create_scheduled_event(**options)


async def test_create_list_count_and_delete(discord: Driver, running_bot) -> None:
    event = await create(running_bot, discord)
    assert event.name == "Watch party" and event.location == "#general"
    (stored,) = discord.scheduled_events()
    discord.mark_interested(discord.alice, stored)
    discord.mark_interested(discord.bob, stored)
    guild = running_bot.bot.get_guild(discord.guild.id)
    (listed,) = await guild.fetch_scheduled_events(with_counts=True)
    assert listed.id == event.id and listed.user_count == 2
    fetched = await guild.fetch_scheduled_event(event.id, with_counts=True)
    assert fetched.user_count == 2 and fetched.end_time == event.end_time
    await fetched.delete()
    assert discord.scheduled_events() == []
    with pytest.raises(discordpy.NotFound) as gone:
        await guild.fetch_scheduled_event(event.id)
    assert gone.value.code == 10070


async def test_a_start_in_the_past_is_refused(discord: Driver, running_bot) -> None:
    past = soon(discord, hours=-1)
    with pytest.raises(discordpy.HTTPException) as error:
        await create(running_bot, discord, start_time=past, end_time=past + timedelta(hours=3))
    assert error.value.status == 400 and error.value.code == 50035
    (violation,) = discord.take_violations()
    assert "in the past" in " ".join(violation.problems)


async def test_an_end_before_the_start_is_refused(discord: Driver, running_bot) -> None:
    start = soon(discord)
    with pytest.raises(discordpy.HTTPException):
        await create(running_bot, discord, start_time=start, end_time=start - timedelta(minutes=1))
    (violation,) = discord.take_violations()
    assert "end before" in " ".join(violation.problems)


async def test_an_external_event_needs_an_end_time(
    discord: Driver, loopback_server, running_bot
) -> None:
    # discord.py itself refuses to send one without end_time, so ask over HTTP directly.
    route = discordpy.http.Route(
        "POST", "/guilds/{guild_id}/scheduled-events", guild_id=discord.guild.id
    )
    body = {
        "name": "No end",
        "scheduled_start_time": soon(discord).isoformat(),
        "privacy_level": 2,
        "entity_type": 3,
        "entity_metadata": {"location": "#general"},
    }
    with pytest.raises(discordpy.HTTPException):
        await running_bot.bot.http.request(route, json=body)
    (violation,) = discord.take_violations()
    assert "scheduled_end_time" in " ".join(violation.problems)


async def test_names_over_100_characters_break_the_spec(discord: Driver, running_bot) -> None:
    with pytest.raises(discordpy.HTTPException):
        await create(running_bot, discord, name="x" * 101)
    (violation,) = discord.take_violations()
    assert violation.kind == "spec"


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.MANAGE_EVENTS)
async def test_events_need_manage_events(discord: Driver, running_bot) -> None:
    with pytest.raises(discordpy.Forbidden) as error:
        await create(running_bot, discord)
    assert error.value.code == 50013
    assert discord.scheduled_events() == []


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS | Permission.CONNECT)
async def test_a_voice_event_takes_place_in_a_voice_channel(discord: Driver, running_bot) -> None:
    lounge = discord.add_voice_channel("lounge")
    guild = running_bot.bot.get_guild(discord.guild.id)
    await discord.wait_until(lambda: guild.get_channel(lounge.id) is not None)
    voice = guild.get_channel(lounge.id)
    assert isinstance(voice, discordpy.VoiceChannel)
    start = soon(discord)
    event = await guild.create_scheduled_event(
        name="In the lounge",
        start_time=start,
        end_time=start + timedelta(hours=2),
        entity_type=discordpy.EntityType.voice,
        channel=voice,
        privacy_level=discordpy.PrivacyLevel.guild_only,
    )
    assert event.channel_id == lounge.id and event.entity_type is discordpy.EntityType.voice


async def test_a_voice_event_needs_connect_there(discord: Driver, running_bot) -> None:
    lounge = discord.add_voice_channel("lounge")
    guild = running_bot.bot.get_guild(discord.guild.id)
    await discord.wait_until(lambda: guild.get_channel(lounge.id) is not None)
    start = soon(discord)
    with pytest.raises(discordpy.Forbidden) as error:
        await guild.create_scheduled_event(
            name="In the lounge",
            start_time=start,
            entity_type=discordpy.EntityType.voice,
            channel=guild.get_channel(lounge.id),
            privacy_level=discordpy.PrivacyLevel.guild_only,
        )
    assert error.value.code == 50013


async def test_a_voice_event_in_a_text_channel_is_refused(discord: Driver, running_bot) -> None:
    guild = running_bot.bot.get_guild(discord.guild.id)
    start = soon(discord)
    with pytest.raises(discordpy.HTTPException) as error:
        await guild.create_scheduled_event(
            name="Wrong place",
            start_time=start,
            entity_type=discordpy.EntityType.voice,
            channel=guild.get_channel(discord.general.id),
            privacy_level=discordpy.PrivacyLevel.guild_only,
        )
    assert error.value.status == 400
    (violation,) = discord.take_violations()
    assert "voice channel" in " ".join(violation.problems)


async def test_the_gateway_tells_sessions_with_the_intent(discord: Driver, running_bot) -> None:
    # discord.py's default intents include GUILD_SCHEDULED_EVENTS: its cache follows the events.
    guild = running_bot.bot.get_guild(discord.guild.id)
    event = await create(running_bot, discord)
    await discord.wait_until(lambda: guild.get_scheduled_event(event.id) is not None)
    (stored,) = discord.scheduled_events()
    discord.delete_scheduled_event(stored)
    await discord.wait_until(lambda: guild.get_scheduled_event(event.id) is None)


async def test_open_events_arrive_with_guild_create(discord: Driver, running_bot) -> None:
    event = await create(running_bot, discord)
    discord.advance_time(IDENTIFY_WINDOW)  # a restart past the identify window
    await discord.restart_bot()
    bot = running_bot.bot  # the restarted client

    def cached() -> bool:
        guild = bot.get_guild(discord.guild.id)
        return guild is not None and guild.get_scheduled_event(event.id) is not None

    await discord.wait_until(cached)
