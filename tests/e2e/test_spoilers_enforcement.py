"""Untagged spoilers in #general: warned, wrapped or deleted; #spoilers and its threads are free;
edits are checked too; bots, webhooks and exempt roles are left alone."""

from __future__ import annotations

import pytest

from lantern.clock import ManualClock
from lantern.spoilers.policy import WARN_DELETE_AFTER_SECONDS
from loopback_discord import Driver
from loopback_discord.permissions import DEFAULT_BOT_PERMISSIONS, Permission
from loopback_discord.state import Overwrite

pytestmark = pytest.mark.e2e

SPOILER = "Loved it. Li Wei took the fall for her. The music was great."
WRAPPED = "Loved it. ||Li Wei took the fall for her.|| The music was great."


async def configure(discord: Driver, mod, spoilers, mode: str) -> None:
    await discord.slash("spoilers channel add", user=mod, options={"channel": spoilers})
    await discord.slash("spoilers mode", user=mod, mode=mode)


def bot_replies(discord: Driver, channel) -> list:
    return [m for m in discord.history(channel) if m.author_id == discord.bot_user.id]


async def test_warn_mode_reminds_the_author_and_cleans_up(
    discord: Driver, clock: ManualClock, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "warn")
    asleep = clock.sleepers  # the daily-quote scheduler's
    said = await discord.say(general, SPOILER, user=alice)
    warning = await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    assert f"<@{alice.id}>" in warning.content and f"<#{spoilers.id}>" in warning.content
    assert not discord.refresh(said).deleted  # warn keeps the message

    await discord.wait_until(lambda: clock.sleepers > asleep)  # waiting to clean up
    clock.advance(WARN_DELETE_AFTER_SECONDS)
    await discord.wait_until(lambda: discord.refresh(warning).deleted)


@pytest.mark.parametrize("mode", ["warn", "wrap", "delete"])
async def test_spoiler_channel_and_its_threads_are_free(
    discord: Driver, alice, mod, spoilers, mode: str
) -> None:
    await configure(discord, mod, spoilers, mode)
    thread = discord.add_thread(spoilers, "ending talk", owner=alice)
    in_channel = await discord.say(spoilers, SPOILER, user=alice)
    in_thread = await discord.say(thread, SPOILER, user=alice)
    await discord.settle()
    assert not discord.refresh(in_channel).deleted
    assert not discord.refresh(in_thread).deleted
    assert bot_replies(discord, spoilers) == [] and bot_replies(discord, thread) == []
    assert discord.dms(alice) == []


async def test_wrap_mode_reposts_under_the_authors_name(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "wrap")
    said = await discord.say(general, SPOILER, user=alice, files={"bangle.png": b"\x89PNG..."})
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert discord.refresh(said).deleted
    assert repost.content == WRAPPED
    assert repost.author_name == "Alice"
    assert repost.attachments == ("SPOILER_bangle.png",)
    await discord.settle()
    # The repost itself is not checked again, and nothing else was posted.
    assert [m.id for m in discord.history(general)] == [repost.id]


async def test_wrap_mode_tells_the_author_and_gives_back_their_text(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "wrap")
    await discord.say(general, SPOILER, user=alice)
    await discord.wait_until(lambda: len(discord.dms(alice)) >= 2)
    told, text = (m.content for m in discord.dms(alice)[:2])
    assert "I reposted your message" in told and f"<#{general.id}>" in told
    assert "can't be edited" in told
    assert text == SPOILER


async def test_wrap_mode_repost_pings_no_one(
    discord: Driver, alice, bob, mod, general, spoilers
) -> None:
    # Webhooks may ping @everyone and any role without Mention Everyone: only
    # allowed_mentions keeps the repost of someone's message from pinging.
    await configure(discord, mod, spoilers, "wrap")
    members = discord.role("Members")
    mentions = f"@everyone @here <@{bob.id}> <@&{members.id}>"
    await discord.say(general, f"{mentions} {SPOILER}", user=alice)
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert repost.content == f"{mentions} {WRAPPED}"
    assert not repost.pings


async def test_wrap_mode_repost_of_a_reply_links_to_what_it_answered(
    discord: Driver, alice, bob, mod, general, spoilers
) -> None:
    # A webhook cannot post a reply: the repost says what the original answered, pinging no one.
    await configure(discord, mod, spoilers, "wrap")
    asked = await discord.say(general, "What happens at the end?", user=bob)
    await discord.say(general, SPOILER, user=alice, reply_to=asked)
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    link = f"https://discord.com/channels/{discord.guild.id}/{general.id}/{asked.id}"
    assert (
        repost.content
        == f"-# \N{RIGHTWARDS ARROW WITH HOOK} Replying to **Bob**: {link}\n{WRAPPED}"
    )
    assert not repost.pings
    assert not discord.refresh(asked).deleted


async def test_wrap_mode_in_a_thread_reposts_in_the_thread(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "wrap")
    thread = discord.general_thread
    said = await discord.say(thread, "Spoiler: the mended bangle!", user=alice)
    repost = await discord.wait_for_message(thread, lambda m: m.by_webhook)
    assert discord.refresh(said).deleted
    assert repost.content == "||Spoiler: the mended bangle!||"
    assert discord.history(general) == []


async def test_delete_mode_removes_and_sends_the_text_back(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "delete")
    said = await discord.say(general, SPOILER, user=alice)
    await discord.wait_until(lambda: discord.refresh(said).deleted)
    await discord.wait_until(lambda: len(discord.dms(alice)) >= 2)
    dms = [m.content for m in discord.dms(alice)]
    assert "I removed your message" in dms[0] and f"<#{general.id}>" in dms[0]
    assert dms[1] == SPOILER


async def test_an_edit_that_adds_a_spoiler_is_caught(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "wrap")
    said = await discord.say(general, "What a film. No spoilers from me.", user=alice)
    await discord.settle()
    assert not discord.refresh(said).deleted
    await discord.edit(said, "What a film. The money was penance all along.", user=alice)
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert repost.content == "What a film. ||The money was penance all along.||"
    assert discord.refresh(said).deleted


async def test_tagged_spoilers_and_code_are_fine(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "delete")
    tagged = await discord.say(general, "Wow, ||Li Wei took the fall||!", user=alice)
    code = await discord.say(general, "I searched for `took the fall` quotes", user=alice)
    innocent = await discord.say(general, "Fallout was a different game.", user=alice)
    await discord.settle()
    assert not any(discord.refresh(m).deleted for m in (tagged, code, innocent))


async def test_evasions_are_still_caught(discord: Driver, alice, mod, general, spoilers) -> None:
    await configure(discord, mod, spoilers, "wrap")
    sneaky = await discord.say(general, "Li Wei ＴＯＯＫ  the\u200b...fáll", user=alice)
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert discord.refresh(sneaky).deleted
    assert repost.content == "||Li Wei ＴＯＯＫ  the\u200b...fáll||"


async def test_guild_terms_count_too(discord: Driver, alice, mod, general, spoilers) -> None:
    await configure(discord, mod, spoilers, "wrap")
    await discord.slash("spoilers term add", user=mod, term="secret twin")
    said = await discord.say(general, "Wait, the SECRET-TWIN thing?", user=alice)
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert discord.refresh(said).deleted
    assert repost.content == "||Wait, the SECRET-TWIN thing?||"


async def test_exempt_role_and_off_mode(discord: Driver, alice, mod, general, spoilers) -> None:
    await configure(discord, mod, spoilers, "delete")
    await discord.slash("spoilers exempt-role add", user=mod, role=discord.role("Moderators"))
    by_mod = await discord.say(general, SPOILER, user=mod)
    await discord.settle()
    assert not discord.refresh(by_mod).deleted

    await discord.slash("spoilers mode", user=mod, mode="off")
    by_alice = await discord.say(general, SPOILER, user=alice)
    await discord.settle()
    assert not discord.refresh(by_alice).deleted
    assert bot_replies(discord, general) == []


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.MANAGE_WEBHOOKS)
async def test_without_manage_webhooks_wrap_falls_back_to_warn_and_tells_mods_once(
    discord: Driver, alice, bob, mod, general, spoilers, quiz
) -> None:
    await discord.slash("spoilers log-channel set", user=mod, options={"channel": quiz})
    reply = await discord.slash("spoilers mode", user=mod, mode="wrap")
    assert "missing **Manage Webhooks**" in reply.content  # said up front, too

    first = await discord.say(general, SPOILER, user=alice)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    second = await discord.say(general, "The money was penance.", user=bob)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    await discord.settle()
    assert not discord.refresh(first).deleted and not discord.refresh(second).deleted

    notices = [m for m in discord.history(quiz) if m.content.startswith("⚠️")]
    assert len(notices) == 1  # two spoilers, one notice
    assert "I can't **wrap** spoilers" in notices[0].content
    assert "Manage Webhooks" in notices[0].content

    settings = await discord.slash("spoilers settings", user=mod)
    assert "Manage Webhooks" in settings.embed.text


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.MANAGE_MESSAGES)
async def test_without_manage_messages_delete_falls_back_to_warn(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "delete")
    said = await discord.say(general, SPOILER, user=alice)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    assert not discord.refresh(said).deleted
    assert discord.dms(alice) == []
    settings = await discord.slash("spoilers settings", user=mod)
    assert "Manage Messages" in settings.embed.text


async def test_permission_removed_by_a_channel_overwrite(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "delete")
    discord.set_overwrite(general, discord.bot_user, deny=Permission.MANAGE_MESSAGES)
    said = await discord.say(general, SPOILER, user=alice)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    assert not discord.refresh(said).deleted


async def test_a_403_is_never_retried(discord: Driver, alice, bob, mod, general, spoilers) -> None:
    await configure(discord, mod, spoilers, "wrap")
    # Discord changed the permissions without telling the bot (its cache says it may delete).
    bot_id = discord.bot_user.id
    discord.general.overwrites[bot_id] = Overwrite(
        id=bot_id, type=1, deny=int(Permission.MANAGE_MESSAGES)
    )
    said = await discord.say(general, "The money was penance.", user=alice)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    await discord.say(general, "The money was penance!", user=bob)
    await discord.wait_for_message(general, lambda m: f"<@{bob.id}>" in m.content)
    await discord.settle()

    assert not discord.refresh(said).deleted
    refused = [r for r in discord.server.recorder.rejections if r.status == 403]
    assert len(refused) == 1  # the second spoiler did not knock on the same door
    settings = await discord.slash("spoilers settings", user=mod)
    assert "Discord refused to let me wrap a spoiler" in settings.embed.text


def deny_silently(discord: Driver, channel, permission: Permission) -> None:
    """Discord changes the bot's permissions without telling it: its cache still says yes."""
    bot_id = discord.bot_user.id
    channel.overwrites[bot_id] = Overwrite(id=bot_id, type=1, deny=int(permission))


async def test_a_refusal_is_forgotten_once_the_permission_is_granted_again(
    discord: Driver, alice, bob, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "wrap")
    deny_silently(discord, general, Permission.MANAGE_MESSAGES)
    first = await discord.say(general, "The money was penance.", user=alice)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    assert not discord.refresh(first).deleted

    discord.set_overwrite(general, discord.bot_user)  # a moderator grants it again
    again = await discord.say(general, "The money was penance!", user=bob)
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert discord.refresh(again).deleted and repost.content == "||The money was penance!||"
    refused = [r for r in discord.server.recorder.rejections if r.status == 403]
    assert len(refused) == 1  # tried once more after the grant, not in a loop


async def test_a_refused_delete_tells_the_author_nothing_false(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "delete")
    deny_silently(discord, general, Permission.MANAGE_MESSAGES)
    said = await discord.say(general, SPOILER, user=alice)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    await discord.settle()
    assert not discord.refresh(said).deleted
    assert discord.dms(alice) == []  # no "I removed your message" for a message still there


async def test_delete_mode_with_closed_dms_reposts_instead_of_losing_the_text(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "delete")
    alice.accepts_dms = False
    said = await discord.say(general, SPOILER, user=alice)
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert discord.refresh(said).deleted
    assert repost.content == WRAPPED and repost.author_name == "Alice"


async def test_wrap_survives_a_moderator_deleting_the_webhook(
    discord: Driver, alice, bob, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "wrap")
    await discord.say(general, "The money was penance.", user=alice)
    first = await discord.wait_for_message(general, lambda m: m.by_webhook)
    for webhook in discord.server.state.webhooks.values():
        webhook.deleted = True  # removed in Server Settings > Integrations

    await discord.say(general, "Feng confesses at the end", user=bob)
    second = await discord.wait_for_message(general, lambda m: m.by_webhook, after=first)
    assert second.content == "||Feng confesses at the end||"
    assert second.author_name == "Bob"
    assert second.webhook_id != first.webhook_id


async def test_after_the_embargo_wrap_relaxes_to_warn(
    discord: Driver, clock: ManualClock, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "wrap")
    today = clock.now().date().isoformat()
    await discord.slash("spoilers embargo", user=mod, until=today)
    during = await discord.say(general, "The money was penance.", user=alice)
    await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert discord.refresh(during).deleted

    clock.advance(24 * 3600)
    after = await discord.say(general, "The money was penance.", user=alice)
    await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    assert not discord.refresh(after).deleted
    shown = await discord.slash("spoilers embargo", user=mod)
    assert f"ended {today}" in shown.content
