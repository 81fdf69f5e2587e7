"""/quote daily: a moderator schedules one spoiler-free quote a day; the bot posts it at that
UTC hour on the injected clock, once per day, also across restarts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from lantern.clock import ManualClock
from loopback_discord import Driver
from loopback_discord.permissions import Permission
from loopback_discord.seen import SeenMessage
from tests.e2e.conftest import InProcessLantern

pytestmark = [pytest.mark.e2e, pytest.mark.backends("sqlite", "postgres")]

HOUR = 3600


def daily_posts(discord: Driver, channel) -> list[SeenMessage]:  # type: ignore[no-untyped-def]
    return [
        m for m in discord.history(channel) if m.embeds and m.embeds[0].title == "Quote of the day"
    ]


async def nothing_more_to_post(discord: Driver, lantern: InProcessLantern) -> bool:
    """Let the scheduler finish its tick, then ask it directly: is anything still due?"""
    await discord.settle()
    # load_extension builds its own module object, so the cog is looked up by name, not type.
    cog: Any = lantern.bot.get_cog("QuotesCog")
    return await cog.daily_poster.tick() == 0


async def test_daily_quote_once_a_day_even_across_restarts(
    discord: Driver, lantern: InProcessLantern, mod, general, quiz, clock: ManualClock
) -> None:
    reply = await discord.slash(
        "quote daily channel", user=mod, channel=general, options={"channel": quiz, "hour": 12}
    )
    assert reply.ephemeral
    assert f"<#{quiz.id}> every day at 12:00 UTC" in reply.content

    first = await discord.wait_for_message(quiz, lambda m: bool(m.embeds))
    assert first.embeds[0].title == "Quote of the day"
    assert "||" not in first.text  # spoiler-free, so nothing to hide

    clock.advance(3 * HOUR)
    assert await nothing_more_to_post(discord, lantern)
    await discord.restart_bot()
    clock.advance(HOUR)  # 16:00 the same day, with a fresh process
    assert await nothing_more_to_post(discord, lantern)
    assert len(daily_posts(discord, quiz)) == 1

    clock.advance(20 * HOUR)  # 12:00 the next day
    second = await discord.wait_for_message(quiz, lambda m: bool(m.embeds), after=first)
    assert second.embeds[0].description != first.embeds[0].description
    assert await nothing_more_to_post(discord, lantern)
    assert len(daily_posts(discord, quiz)) == 2


async def test_daily_quote_waits_for_its_hour_and_can_be_turned_off(
    discord: Driver, lantern: InProcessLantern, mod, quiz, clock: ManualClock
) -> None:
    reply = await discord.slash(
        "quote daily channel", user=mod, options={"channel": quiz, "hour": 18}
    )
    assert "18:00 UTC" in reply.content
    assert await nothing_more_to_post(discord, lantern)
    assert daily_posts(discord, quiz) == []

    clock.set(clock.now().replace(hour=18) + timedelta(minutes=1))
    await discord.wait_for_message(quiz, lambda m: bool(m.embeds))

    off = await discord.slash("quote daily off", user=mod)
    assert off.ephemeral and "off" in off.content
    clock.advance(24 * HOUR)
    assert await nothing_more_to_post(discord, lantern)
    assert len(daily_posts(discord, quiz)) == 1
    again = await discord.slash("quote daily off", user=mod)
    assert "no daily quote" in again.content


async def test_without_an_hour_the_first_quote_comes_right_away(discord: Driver, mod, quiz) -> None:
    reply = await discord.slash("quote daily channel", user=mod, options={"channel": quiz})
    assert "12:00 UTC" in reply.content  # the injected clock starts at 12:00
    await discord.wait_for_message(quiz, lambda m: bool(m.embeds))


async def test_a_channel_the_bot_cannot_post_in_is_refused(
    discord: Driver, lantern: InProcessLantern, mod, quiz
) -> None:
    discord.set_overwrite(quiz, discord.bot_user, deny=int(Permission.SEND_MESSAGES))
    reply = await discord.slash("quote daily channel", user=mod, options={"channel": quiz})
    assert reply.ephemeral and "Send Messages" in reply.content
    assert await nothing_more_to_post(discord, lantern)


async def test_hour_outside_0_to_23_is_refused_by_the_client(discord: Driver, mod, quiz) -> None:
    from loopback_discord.invocations import UserCannotDoThat

    with pytest.raises(UserCannotDoThat):
        await discord.slash("quote daily channel", user=mod, options={"channel": quiz, "hour": 24})
