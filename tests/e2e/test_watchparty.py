"""/watchparty as moderators and members see it: a showing booked as a Discord scheduled event
(spoiler-free description, end = start + the pack's runtime setting), the post at its start and
the spoiler thread when it is over, each once even with restarts in the middle; the list's
interested count read from Discord; cancelling; bad start times refused privately."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lantern.clock import ManualClock
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from loopback_discord import Driver
from loopback_discord.permissions import DEFAULT_BOT_PERMISSIONS, Permission

pytestmark = pytest.mark.e2e

PACK = load_film_pack(PROJECT_ROOT / "data")
START_TITLE = "The watch party starts now"
OVER_TITLE = "The showing is over: spoilers welcome"


@pytest.fixture
def now(discord: Driver, clock: ManualClock) -> datetime:
    """The bot's clock set to the loopback Discord's (which refuses events in its past)."""
    moment = datetime.fromtimestamp(discord.server.clock.now(), UTC).replace(
        second=0, microsecond=0
    )
    clock.set(moment)
    return moment


def text_of(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def titled(discord: Driver, channel, title: str) -> list:  # type: ignore[no-untyped-def]
    return [m for m in discord.history(channel) if m.embeds and m.embeds[0].title == title]


async def run_due(discord: Driver, lantern) -> int:  # type: ignore[no-untyped-def]
    await discord.settle()
    return await lantern.bot.get_cog("WatchPartyCog").runner.tick()


async def test_a_showing_from_booking_to_spoiler_thread_across_restarts(
    discord: Driver, lantern, mod, general, spoilers, clock: ManualClock, now: datetime
) -> None:
    await discord.slash("spoilers channel add", user=mod, options={"channel": spoilers})
    start = now + timedelta(hours=2)
    reply = await discord.slash(
        "watchparty schedule", user=mod, channel=general, start=text_of(start), note="Bring tea"
    )
    assert reply.ephemeral and "Booked" in reply.content and "spoiler thread" in reply.content
    (event,) = discord.scheduled_events()
    assert event.entity_type == 3 and event.location == "#general"
    assert datetime.fromisoformat(event.start) == start
    assert datetime.fromisoformat(event.end) == start + timedelta(minutes=PACK.runtime_minutes)
    assert PACK.logline in event.description and "Bring tea" in event.description
    assert not any(term in event.description.lower() for term in PACK.spoiler_terms)

    await discord.restart_bot()  # restarted before the start: the post still comes, once
    clock.advance(2 * 3600)
    await discord.wait_for_message(
        general, lambda m: bool(m.embeds) and m.embeds[0].title == START_TITLE
    )
    await discord.restart_bot()
    assert await run_due(discord, lantern) == 0
    assert len(titled(discord, general, START_TITLE)) == 1
    assert "Bring tea" in titled(discord, general, START_TITLE)[0].embeds[0].description

    clock.advance(PACK.runtime_minutes * 60)
    over = await discord.wait_for_message(
        spoilers, lambda m: bool(m.embeds) and m.embeds[0].title == OVER_TITLE
    )
    await discord.wait_until(lambda: over.id in discord.server.state.channels)
    thread = discord.server.state.channels[over.id]
    await discord.wait_until(lambda: len(discord.history(thread)) == 3)
    prompts = {p.text: p for p in PACK.prompts}
    assert all(prompts[m.embeds[0].title].spoiler for m in discord.history(thread))
    await discord.restart_bot()
    assert await run_due(discord, lantern) == 0
    assert len(titled(discord, spoilers, OVER_TITLE)) == 1


async def test_list_shows_discords_interested_count_and_cancel_deletes_the_event(
    discord: Driver, lantern, mod, alice, bob, general, now: datetime
) -> None:
    first = now + timedelta(days=1)
    await discord.slash("watchparty schedule", user=mod, start=text_of(first))
    await discord.slash("watchparty schedule", user=mod, start=text_of(first + timedelta(days=7)))
    soonest, later = discord.scheduled_events()
    discord.mark_interested(alice, soonest)
    discord.mark_interested(bob, soonest)
    listed = await discord.slash("watchparty list", user=alice)
    lines = listed.embed.description.splitlines()
    assert "2 members interested" in lines[0] and "0 members interested" in lines[1]

    choices = await discord.autocomplete("watchparty cancel", "party", "", user=mod)
    assert [c.value for c in choices] == [str(soonest.id), str(later.id)]
    cancelled = await discord.slash("watchparty cancel", user=mod, party=str(soonest.id))
    assert cancelled.ephemeral and "cancelled" in cancelled.content
    assert discord.scheduled_events() == [later]
    refused = await discord.slash("watchparty cancel", user=mod, party="123")
    assert refused.ephemeral and "pick a suggestion" in refused.content

    # An event deleted on Discord by hand drops out of the list too.
    discord.delete_scheduled_event(later)
    assert (
        "No watch party" in (await discord.slash("watchparty list", user=alice)).embed.description
    )


async def test_bad_start_times_are_refused_privately(discord: Driver, mod, now: datetime) -> None:
    past = await discord.slash(
        "watchparty schedule", user=mod, start=text_of(now - timedelta(hours=1))
    )
    assert past.ephemeral and "already passed" in past.content
    garbled = await discord.slash("watchparty schedule", user=mod, start="next friday at eight-ish")
    assert "YYYY-MM-DD HH:MM" in garbled.content and len(garbled.content) < 200
    impossible = await discord.slash("watchparty schedule", user=mod, start="2027-02-30 20:00")
    assert "not a real date" in impossible.content
    assert discord.scheduled_events() == []


async def test_only_event_managers_book_showings(discord: Driver, alice, now: datetime) -> None:
    reply = await discord.slash(
        "watchparty schedule", user=alice, start=text_of(now + timedelta(days=1))
    )
    assert reply.ephemeral and "Manage Events" in reply.content
    assert discord.scheduled_events() == []


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.MANAGE_EVENTS)
async def test_without_manage_events_the_bot_says_so(discord: Driver, mod, now: datetime) -> None:
    reply = await discord.slash(
        "watchparty schedule", user=mod, start=text_of(now + timedelta(days=1))
    )
    assert reply.ephemeral and "I need the **Manage Events**" in reply.content
    assert not [
        r for r in discord.server.recorder.requests if r.route and "scheduled-events" in r.route
    ]


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS | Permission.CONNECT)
async def test_a_showing_in_a_voice_channel_is_a_voice_event(
    discord: Driver, lantern, mod, general, now: datetime
) -> None:
    lounge = discord.add_voice_channel("lounge")
    await discord.settle()
    start = now + timedelta(days=1)
    reply = await discord.slash(
        "watchparty schedule", user=mod, channel=general, start=text_of(start), voice=lounge
    )
    assert "Booked" in reply.content
    (event,) = discord.scheduled_events()
    assert event.entity_type == 2 and event.channel_id == lounge.id and event.location is None


async def test_a_voice_channel_the_bot_cannot_join_is_refused(
    discord: Driver, lantern, mod, now: datetime
) -> None:
    lounge = discord.add_voice_channel("lounge")
    await discord.settle()
    start = now + timedelta(days=1)
    reply = await discord.slash("watchparty schedule", user=mod, start=text_of(start), voice=lounge)
    assert reply.ephemeral and "Connect" in reply.content
    assert discord.scheduled_events() == []
