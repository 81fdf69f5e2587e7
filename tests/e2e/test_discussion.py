"""/discuss prompt and the weekly prompt, as members and moderators see them: a prompt card with
its review passage, a public thread named from it for the answers, no repeats until a theme's
prompts were all used, spoiler prompts only where spoilers may be read."""

from __future__ import annotations

from typing import Any

import pytest

from lantern.clock import ManualClock
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from loopback_discord import Driver
from loopback_discord.invocations import UserCannotDoThat
from loopback_discord.permissions import DEFAULT_BOT_PERMISSIONS, Permission
from loopback_discord.seen import SeenMessage
from tests.e2e.conftest import InProcessLantern

pytestmark = pytest.mark.e2e

PACK = load_film_pack(PROJECT_ROOT / "data")
HOUR = 3600


def prompts_of(theme: str) -> list[Any]:
    return [p for p in PACK.prompts if p.theme == theme]


def pack_prompt(title: str | None) -> Any:
    return next(p for p in PACK.prompts if p.text == title)


async def thread_of(discord: Driver, message_id: int) -> Any:
    """The thread Discord opened on the message (a thread started on a message has its id)."""
    await discord.wait_until(lambda: message_id in discord.server.state.channels)
    return discord.server.state.channels[message_id]


async def test_a_prompt_comes_with_its_passage_and_a_thread(
    discord: Driver, alice, general
) -> None:
    reply = await discord.slash("discuss prompt", user=alice, channel=general)
    assert not reply.ephemeral
    prompt = next(p for p in PACK.prompts if p.text == reply.embed.title)
    assert not prompt.spoiler  # #general is no spoiler channel
    assert " ".join(prompt.passage.split()) in reply.embed.description
    assert prompt.theme in (reply.embed.footer or "")
    thread = await thread_of(discord, reply.id)
    assert thread.parent.id == general.id and thread.is_thread
    assert 1 <= len(thread.name) <= 100 and thread.name.rstrip("…") in prompt.text
    assert not reply.message.pings


async def test_a_theme_is_used_up_before_any_prompt_repeats(discord: Driver, alice, quiz) -> None:
    theme = "class and dignity"
    expected = {p.text for p in prompts_of(theme) if not p.spoiler}
    seen = []
    for _ in expected:
        reply = await discord.slash("discuss prompt", user=alice, channel=quiz, theme=theme)
        seen.append(reply.embed.title)
    assert set(seen) == expected  # every prompt once, none twice
    again = await discord.slash("discuss prompt", user=alice, channel=quiz, theme=theme)
    assert again.embed.title in expected  # a new cycle


async def test_theme_autocomplete_and_an_unknown_theme(discord: Driver, alice) -> None:
    choices = await discord.autocomplete("discuss prompt", "theme", "light", user=alice)
    assert [c.value for c in choices] == ["the lighting's meaning"]
    everything = await discord.autocomplete("discuss prompt", "theme", "", user=alice)
    assert len(everything) == len({p.theme for p in PACK.prompts})
    reply = await discord.slash("discuss prompt", user=alice, theme="x" * 100)
    assert reply.ephemeral and "no theme" in reply.content
    assert len(reply.content) < 200  # the echo is shortened


async def test_spoiler_prompts_only_in_spoiler_channels(
    discord: Driver, mod, alice, general, spoilers
) -> None:
    await discord.slash("spoilers channel add", user=mod, options={"channel": spoilers})
    theme = "redemption as labour"
    spoiler_texts = {p.text for p in prompts_of(theme) if p.spoiler}
    titles = set()
    for _ in prompts_of(theme):
        reply = await discord.slash("discuss prompt", user=alice, channel=spoilers, theme=theme)
        titles.add(reply.embed.title)
    assert spoiler_texts <= titles  # the spoiler channel gets them
    for _ in prompts_of(theme):
        reply = await discord.slash("discuss prompt", user=alice, channel=general, theme=theme)
        assert reply.embed.title not in spoiler_texts


async def test_a_prompt_in_a_thread_is_answered_there(discord: Driver, alice) -> None:
    thread = discord.server.world.general_thread
    reply = await discord.slash("discuss prompt", user=alice, channel=thread)
    assert reply.embed.title
    await discord.settle()
    assert reply.id not in discord.server.state.channels  # no thread inside a thread


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.CREATE_PUBLIC_THREADS)
async def test_without_create_public_threads_the_member_is_told(
    discord: Driver, alice, general
) -> None:
    reply = await discord.slash("discuss prompt", user=alice, channel=general)
    assert reply.embed.title
    await discord.wait_until(
        lambda: any("Create Public Threads" in m.content for m in discord.ephemerals(alice))
    )
    assert reply.id not in discord.server.state.channels
    assert not [r for r in discord.server.recorder.rejections if "threads" in r.route]


# --- the weekly prompt


def weekly_posts(discord: Driver, channel: Any) -> list[SeenMessage]:
    texts = {p.text for p in PACK.prompts}
    return [m for m in discord.history(channel) if m.embeds and m.embeds[0].title in texts]


async def nothing_more_to_post(discord: Driver, lantern: InProcessLantern) -> bool:
    await discord.settle()
    cog: Any = lantern.bot.get_cog("DiscussionCog")
    return await cog.weekly_poster.tick() == 0


async def test_weekly_prompt_once_per_slot_across_restarts(
    discord: Driver, lantern: InProcessLantern, mod, quiz, clock: ManualClock
) -> None:
    today = clock.now().strftime("%A")
    reply = await discord.slash(
        "discuss schedule set",
        user=mod,
        options={"channel": quiz, "day": today.lower(), "hour": 12},
    )
    assert reply.ephemeral and f"every {today} at 12:00 UTC" in reply.content
    first = await discord.wait_for_message(quiz, lambda m: bool(m.embeds))
    assert not pack_prompt(first.embeds[0].title).spoiler
    await thread_of(discord, first.id)
    assert await nothing_more_to_post(discord, lantern)
    await discord.restart_bot()
    clock.advance(3 * HOUR)
    assert await nothing_more_to_post(discord, lantern)
    assert len(weekly_posts(discord, quiz)) == 1

    clock.advance(7 * 24 * HOUR - 3 * HOUR)  # the same hour a week later
    second = await discord.wait_for_message(quiz, lambda m: bool(m.embeds), after=first)
    assert second.embeds[0].title != first.embeds[0].title
    assert await nothing_more_to_post(discord, lantern)
    assert len(weekly_posts(discord, quiz)) == 2

    off = await discord.slash("discuss schedule off", user=mod)
    assert "off" in off.content
    clock.advance(7 * 24 * HOUR)
    assert await nothing_more_to_post(discord, lantern)
    assert len(weekly_posts(discord, quiz)) == 2


async def test_schedule_needs_manage_server_and_a_real_hour(
    discord: Driver, alice, mod, quiz
) -> None:
    reply = await discord.slash(
        "discuss schedule set", user=alice, options={"channel": quiz, "day": "monday", "hour": 9}
    )
    assert reply.ephemeral and "Manage Server" in reply.content
    with pytest.raises(UserCannotDoThat):
        await discord.slash(
            "discuss schedule set", user=mod, options={"channel": quiz, "day": "monday", "hour": 24}
        )
    nothing = await discord.slash("discuss schedule off", user=mod)
    assert "no weekly prompt" in nothing.content
