"""Tracking: tagged spoilers, caught spoilers and actions, per channel and member, all time and
the last 7 days. Members see their own numbers; moderators anyone's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lantern.clock import ManualClock
from loopback_discord import Driver
from loopback_discord.seen import Reply

pytestmark = pytest.mark.e2e


async def stats_until(
    discord: Driver, user, condition: Callable[[str], bool], **options: object
) -> str:
    """The stats embed text once the bot has recorded what just happened (it records after
    acting, so the first look may be a moment early)."""
    text = ""
    for _ in range(40):
        reply: Reply = await discord.slash("spoilers stats", user=user, options=options)
        text = reply.embed.text
        if condition(text):
            return text
        await discord.settle(0.02)
    raise AssertionError(f"stats never matched; last seen:\n{text}")


async def test_members_see_their_own_tagged_spoilers(
    discord: Driver, alice, mod, spoilers, general
) -> None:
    await discord.slash("spoilers channel add", user=mod, options={"channel": spoilers})
    await discord.say(spoilers, "||Li Wei took the fall|| and ||it was penance||", user=alice)
    await discord.say(general, "Careful: ||the bangle||", user=alice)

    text = await stats_until(discord, alice, lambda t: "**2** messages" in t)
    assert "Spoiler stats: Alice" in text
    assert "**3** `||…||` tags" in text
    assert f"<#{spoilers.id}>: 2 tags" in text
    assert "top members" not in text  # a member's own view


async def test_edits_add_and_remove_counted_tags(discord: Driver, alice, general) -> None:
    plain = await discord.say(general, "Nothing hidden yet", user=alice)
    tagged = await discord.say(general, "Careful: ||the ending||", user=alice)
    await stats_until(discord, alice, lambda t: "**1** messages" in t)

    await discord.edit(plain, "Nothing hidden at all", user=alice)  # never tagged: no row
    await discord.edit(plain, "Now ||two|| ||tags||", user=alice)
    await stats_until(discord, alice, lambda t: "**3** `||…||` tags" in t)

    await discord.edit(tagged, "Careful: the ending", user=alice)
    text = await stats_until(discord, alice, lambda t: "**2** `||…||` tags" in t)
    assert "**1** messages" in text


async def test_moderators_see_everyone_and_the_last_week(
    discord: Driver, clock: ManualClock, alice, bob, mod, spoilers, general
) -> None:
    await discord.slash("spoilers channel add", user=mod, options={"channel": spoilers})
    await discord.say(spoilers, "||Li Wei took the fall||", user=alice)
    await discord.say(general, "So Li Wei took the fall?", user=bob)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)

    text = await stats_until(discord, mod, lambda t: "Actions: warn 1" in t)
    assert "Untagged spoilers caught: **1**" in text
    assert f"<@{alice.id}>: 1 tag, 0 untagged" in text
    assert f"<@{bob.id}>: 0 tags, 1 untagged" in text
    assert f"<#{general.id}>: 0 tags, 1 untagged" in text

    bob_only = await stats_until(discord, mod, lambda t: "Bob" in t, member=bob)
    assert "Untagged spoilers caught: **1**" in bob_only

    clock.advance(8 * 24 * 3600)
    later = (await discord.slash("spoilers stats", user=mod)).embed
    all_time = next(f.value for f in later.fields if f.name == "All time")
    last_week = next(f.value for f in later.fields if f.name == "Last 7 days")
    assert "Untagged spoilers caught: **1**" in all_time
    assert "Untagged spoilers caught: **0**" in last_week
    assert "**0** messages" in last_week


async def test_members_cannot_look_at_someone_else(discord: Driver, alice, bob) -> None:
    reply = await discord.slash("spoilers stats", user=alice, options={"member": bob})
    assert reply.ephemeral and "Manage Server" in reply.content
    assert "You can see your own spoiler stats" in reply.content  # what a member *can* do
    own = await discord.slash("spoilers stats", user=alice, options={"member": alice})
    assert own.ephemeral and "Spoiler stats: Alice" in own.embed.text
