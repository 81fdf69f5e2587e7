"""Who a message pings: mention tokens, allowed_mentions, Mention Everyone, and the safety net
that fails a test whose bot pings @everyone/@here or a role."""

from __future__ import annotations

from typing import Any

import aiohttp
import discord as discordpy
import pytest
from discord.ext import commands

from loopback_bots import make_bot
from loopback_discord import DEFAULT_BOT_PERMISSIONS, Driver, LoopbackDiscord, Permission
from loopback_discord.mentions import read_tokens
from loopback_discord.pytest_plugin import _fail_on_leftovers

WITH_MENTION_EVERYONE = pytest.mark.loopback(
    bot_permissions=DEFAULT_BOT_PERMISSIONS | Permission.MENTION_EVERYONE
)
Mentions = discordpy.AllowedMentions
PRESETS: dict[str, Mentions | None] = {
    "none": Mentions.none(),
    "default": None,  # no allowed_mentions in the request: Discord parses everything
    "roles": Mentions(everyone=False, users=False, roles=True),
}


def allowed(how: str, allow_user: discordpy.User | None) -> Any:
    if allow_user is not None:
        return Mentions(everyone=False, roles=False, users=[allow_user])
    return PRESETS[how]


def build_bot() -> commands.Bot:
    intents = discordpy.Intents.default()
    intents.message_content = True
    bot = make_bot(intents, sync_commands=True)

    @bot.tree.command(description="Answer with text")
    async def say(
        interaction: discordpy.Interaction,
        text: str,
        how: str = "none",
        allow_user: discordpy.User | None = None,
    ) -> None:
        await interaction.response.send_message(text, allowed_mentions=allowed(how, allow_user))

    @bot.tree.command(description="Post text in the channel")
    async def post(interaction: discordpy.Interaction, text: str, how: str = "none") -> None:
        await interaction.response.send_message("posting", ephemeral=True)
        await interaction.channel.send(text, allowed_mentions=allowed(how, None))  # type: ignore[union-attr]

    @bot.tree.command(description="Repost text through a webhook")
    async def relay(interaction: discordpy.Interaction, text: str, how: str = "none") -> None:
        hook = await interaction.channel.create_webhook(name="relay")  # type: ignore[union-attr]
        await interaction.response.defer(ephemeral=True, thinking=True)
        await hook.send(text, username="Alice", allowed_mentions=allowed(how, None), wait=True)
        await interaction.followup.send("relayed", ephemeral=True)

    @bot.listen()
    async def on_message(message: discordpy.Message) -> None:
        if message.content == "ping me":
            await message.reply("pong")  # Discord's default: the reply pings the author
        elif message.content == "quietly":
            await message.reply("shh", mention_author=False)

    return bot


@pytest.fixture
def bot_factory():
    return build_bot


def payload(server: LoopbackDiscord, message_id: int) -> dict[str, Any]:
    """The message as the application reads it over REST or the gateway."""
    return server.message_payload(server.state.messages[message_id])


# -- tokens ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "\\@everyone",  # escaped
        "@\u200beveryone and @\u200bhere",  # what discord.utils.escape_mentions does
        "`@everyone`",
        "``<@123>``",
        "```\n@here <@&123>\n```",
        "\\<@123>",
    ],
)
def test_escaped_and_code_mentions_are_text(content: str) -> None:
    tokens = read_tokens(content)
    assert not tokens.everyone and tokens.users == () and tokens.roles == ()


def test_tokens_outside_code_count() -> None:
    tokens = read_tokens("`code` @here <@!12> <@12> <@&34> \\\\@everyone")
    assert tokens.everyone and tokens.users == (12,) and tokens.roles == (34,)


# -- allowed_mentions ----------------------------------------------------------------------------


@WITH_MENTION_EVERYONE
async def test_everyone_with_parse_empty_pings_no_one(
    discord: Driver, loopback_server: LoopbackDiscord, running_bot
) -> None:
    reply = await discord.slash("say", user=discord.alice, text="@everyone look", how="none")
    assert reply.content == "@everyone look"
    assert not reply.message.pings and not reply.message.pinged_everyone
    seen = payload(loopback_server, reply.id)
    assert seen["mention_everyone"] is False and seen["mentions"] == []


@WITH_MENTION_EVERYONE
async def test_discords_default_pings_everyone_and_the_safety_net_catches_it(
    discord: Driver, loopback_server: LoopbackDiscord, running_bot
) -> None:
    reply = await discord.slash("say", user=discord.alice, text="@here look", how="default")
    assert reply.message.pinged_everyone
    assert payload(loopback_server, reply.id)["mention_everyone"] is True
    with pytest.raises(pytest.fail.Exception) as failed:
        _fail_on_leftovers(loopback_server, when="")
    report = str(failed.value)
    assert "[mentions] POST /interactions/{interaction_id}/{interaction_token}/callback" in report
    assert "@here look" in report


async def test_without_mention_everyone_discord_drops_the_ping_but_the_net_still_fails_it(
    discord: Driver, running_bot
) -> None:
    await discord.slash("post", user=discord.alice, text="@everyone hello", how="default")
    posted = await discord.wait_for_message(discord.general)
    assert not posted.pinged_everyone  # the bot lacks Mention Everyone here…
    (record,) = [p for p in discord.take_pings() if p.requested]  # not the "posting" reply
    assert record.route == "POST /channels/{channel_id}/messages"
    assert record.requested.everyone  # …but a server that grants it would be pinged


@pytest.mark.parametrize(
    "pinged", [False, pytest.param(True, marks=WITH_MENTION_EVERYONE)], ids=["plain", "granted"]
)
async def test_role_mention_needs_mention_everyone_for_an_unmentionable_role(
    discord: Driver, loopback_server: LoopbackDiscord, running_bot, pinged: bool
) -> None:
    members = discord.role("Members")
    reply = await discord.slash("say", user=discord.alice, text=f"hi <@&{members.id}>", how="roles")
    assert reply.message.pings.roles == ({members.id} if pinged else set())
    assert payload(loopback_server, reply.id)["mention_roles"] == (
        [str(members.id)] if pinged else []
    )
    (record,) = discord.take_pings()
    assert record.requested.roles == {members.id}


async def test_user_mention_allowed_by_the_users_list(
    discord: Driver, loopback_server: LoopbackDiscord, running_bot
) -> None:
    alice, bob = discord.alice, discord.bob
    text = f"<@{alice.id}> and <@!{bob.id}>"
    reply = await discord.slash("say", user=bob, text=text, allow_user=alice)
    assert reply.message.pings.users == {alice.id} and not reply.message.pings.mass
    assert [u["id"] for u in payload(loopback_server, reply.id)["mentions"]] == [str(alice.id)]


@WITH_MENTION_EVERYONE
async def test_escaped_mentions_do_not_ping(discord: Driver, running_bot) -> None:
    text = f"\\@everyone @\u200bhere `<@{discord.bob.id}>` ```@everyone```"
    reply = await discord.slash("say", user=discord.alice, text=text, how="default")
    assert not reply.message.pings


# -- webhooks, replies, edits, people ------------------------------------------------------------


async def test_webhooks_ping_everyone_without_mention_everyone(
    discord: Driver, running_bot
) -> None:
    await discord.slash("relay", user=discord.alice, text="@everyone quiet", how="none")
    await discord.slash("relay", user=discord.alice, text="@everyone loud", how="default")
    quiet, loud = discord.history(discord.general)
    assert quiet.by_webhook and not quiet.pings
    assert loud.by_webhook and loud.pinged_everyone
    mass = [p for p in discord.take_pings() if p.requested.mass]
    assert [p.content for p in mass] == ["@everyone loud"]
    assert mass[0].route == "POST /webhooks/{webhook_id}/{webhook_token}"


async def test_a_reply_pings_its_author_unless_told_not_to(discord: Driver, running_bot) -> None:
    await discord.say(discord.general, "ping me", user=discord.alice)
    pong = await discord.wait_for_message(discord.general, lambda m: m.content == "pong")
    await discord.say(discord.general, "quietly", user=discord.bob)
    shh = await discord.wait_for_message(discord.general, lambda m: m.content == "shh")
    assert pong.pings.users == {discord.alice.id}
    assert not shh.pings


async def test_people_need_mention_everyone_and_edits_recompute(discord: Driver) -> None:
    by_alice = await discord.say(discord.general, f"@everyone <@{discord.bob.id}>", user="alice")
    by_owner = await discord.say(discord.general, "@everyone", user=discord.owner)
    assert by_alice.pings.users == {discord.bob.id} and not by_alice.pinged_everyone
    assert by_owner.pinged_everyone
    edited = await discord.edit(by_alice, "never mind", user="alice")
    assert not edited.pings


async def test_parse_users_and_a_users_list_together_are_refused(
    discord: Driver, loopback_server: LoopbackDiscord
) -> None:
    body = {
        "content": f"<@{discord.alice.id}>",
        "allowed_mentions": {"parse": ["users"], "users": [str(discord.alice.id)]},
    }
    url = f"{loopback_server.api_url}/channels/{discord.general.id}/messages"
    headers = {"Authorization": f"Bot {loopback_server.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=body, headers=headers) as response,
    ):
        error = await response.json()
    assert response.status == 400 and error["code"] == 50035
    (violation,) = discord.take_violations()
    assert "mutually exclusive" in violation.problems[0]
    assert discord.history(discord.general) == []
