"""The "I've seen it" role: moderators name it, members take and drop it with /seen or the
button under prompts. When the bot can't hand it out the member hears why, the moderators hear
it once, and Discord is not asked again and again."""

from __future__ import annotations

import pytest

from loopback_discord import Driver
from loopback_discord.permissions import DEFAULT_BOT_PERMISSIONS, Permission

SEEN_BUTTON = "I've seen it"


def role_requests(discord: Driver) -> list[str]:
    return [r.route for r in discord.server.recorder.requests if r.route and "/roles/" in r.route]


async def test_members_take_and_drop_the_role(discord: Driver, mod, alice, general) -> None:
    role = discord.add_role("Seen it", position=1)  # below the bot's role
    reply = await discord.slash("spoilers seen-role set", user=mod, role=role)
    assert reply.ephemeral and f"<@&{role.id}>" in reply.content and "can't" not in reply.content
    settings = await discord.slash("spoilers settings", user=mod)  # a spoiler setting
    assert (
        f"<@&{role.id}>" in {f.name: f.value for f in settings.embed.fields}["“I’ve seen it” role"]
    )

    took = await discord.slash("seen", user=alice)
    assert took.ephemeral and "You now have" in took.content and not took.message.pings
    assert discord.has_role(alice, role)
    assert role_requests(discord) == ["PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}"]
    dropped = await discord.slash("seen", user=alice)
    assert "no longer have" in dropped.content
    assert not discord.has_role(alice, role)

    prompt = await discord.slash("discuss prompt", user=alice, channel=general)
    clicked = await discord.click(prompt.message, SEEN_BUTTON, user=alice)
    assert clicked.ephemeral and "You now have" in clicked.content
    assert discord.has_role(alice, role)


async def test_no_role_named_yet(discord: Driver, alice, general) -> None:
    reply = await discord.slash("seen", user=alice)
    assert reply.ephemeral and "/spoilers seen-role set" in reply.content
    prompt = await discord.slash("discuss prompt", user=alice, channel=general)
    assert SEEN_BUTTON not in prompt.message.button_labels  # no button without a role


async def test_only_moderators_name_the_role(discord: Driver, alice, mod) -> None:
    role = discord.add_role("Seen it", position=1)
    reply = await discord.slash("spoilers seen-role set", user=alice, role=role)
    assert reply.ephemeral and "Manage Server" in reply.content
    await discord.slash("spoilers seen-role set", user=mod, role=role)
    cleared = await discord.slash("spoilers seen-role clear", user=mod)
    assert "no role any more" in cleared.content
    assert "/spoilers seen-role set" in (await discord.slash("seen", user=alice)).content


async def test_a_role_above_the_bot_is_explained_and_reported_once(
    discord: Driver, mod, alice, bob, quiz
) -> None:
    await discord.slash("spoilers log-channel set", user=mod, options={"channel": quiz})
    role = discord.add_role("Seen it")  # on top: above the bot's own role
    reply = await discord.slash("spoilers seen-role set", user=mod, role=role)
    assert "can't yet" in reply.content and "above my highest role" in reply.content
    before = len(discord.history(quiz))

    for member in (alice, bob, alice):
        answer = await discord.slash("seen", user=member)
        assert answer.ephemeral and "above my highest role" in answer.content
        assert "moderators" in answer.content
    notices = [m for m in discord.history(quiz)[before:] if "seen it" in m.content.lower()]
    assert len(notices) == 1 and not notices[0].pings
    assert role_requests(discord) == []  # refused before asking Discord: no 403 collected
    assert not discord.has_role(alice, role)


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.MANAGE_ROLES)
async def test_without_manage_roles_the_member_is_told(discord: Driver, mod, alice) -> None:
    role = discord.add_role("Seen it", position=1)
    await discord.slash("spoilers seen-role set", user=mod, role=role)
    answer = await discord.slash("seen", user=alice)
    assert answer.ephemeral and "Manage Roles" in answer.content
    assert role_requests(discord) == []


async def test_a_refusal_the_bot_could_not_foresee_is_reported_once(
    discord: Driver, mod, alice, bob, quiz
) -> None:
    await discord.slash("spoilers log-channel set", user=mod, options={"channel": quiz})
    role = discord.add_role("Seen it", position=1)
    await discord.slash("spoilers seen-role set", user=mod, role=role)
    # Discord takes Manage Roles away before the bot hears of it: its cache still says yes.
    discord.server.world.bot_role.permissions &= ~int(Permission.MANAGE_ROLES)
    before = len(discord.history(quiz))
    for member in (alice, bob):
        answer = await discord.slash("seen", user=member)
        assert answer.ephemeral and "Discord refused" in answer.content
    assert len(role_requests(discord)) == 2  # one request per member's click, never a retry
    notices = [m for m in discord.history(quiz)[before:] if "seen it" in m.content.lower()]
    assert len(notices) == 1
    assert not discord.has_role(alice, role)
