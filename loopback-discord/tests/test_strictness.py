"""The loopback Discord is no rubber stamp: it refuses what Discord refuses, and says so."""

from __future__ import annotations

import asyncio

import discord as discordpy
import pytest
from discord import app_commands
from discord.ext import commands
from discord.http import Route

from loopback_bots import make_bot
from loopback_discord import DEFAULT_BOT_PERMISSIONS, Driver, InteractionFailed, Permission

outcomes: list[str] = []


def build_bot() -> commands.Bot:
    bot = make_bot(sync_commands=True)
    bot.gate = asyncio.Event()  # type: ignore[attr-defined]

    @bot.tree.command(description="Reply with too much text")
    async def long(interaction: discordpy.Interaction) -> None:
        try:
            await interaction.response.send_message("x" * 2001)
        except discordpy.HTTPException as error:
            await interaction.response.send_message(f"rejected {error.code}")

    @bot.tree.command(description="Answer after the test released the gate")
    async def late(interaction: discordpy.Interaction) -> None:
        await bot.gate.wait()  # type: ignore[attr-defined]
        try:
            await interaction.response.send_message("finally")
        except discordpy.NotFound as error:
            outcomes.append(f"late {error.code}")

    @bot.tree.command(description="Answer twice")
    async def double(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("first")
        interaction.response._response_type = (
            None  # defeat discord.py's own guard, like a buggy bot
        )
        try:
            await interaction.response.send_message("second")
        except discordpy.HTTPException as error:
            outcomes.append(f"double {error.status} {error.code}")

    @bot.tree.command(description="Post in #quiz")
    async def post_in_quiz(interaction: discordpy.Interaction) -> None:
        quiz = discordpy.utils.get(interaction.guild.text_channels, name="quiz")  # type: ignore[union-attr]
        try:
            await quiz.send("hello quiz")  # type: ignore[union-attr]
            await interaction.response.send_message("posted")
        except discordpy.Forbidden as error:
            await interaction.response.send_message(f"forbidden {error.code}", ephemeral=True)

    @bot.tree.command(description="Reply now, follow up when released")
    async def later(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("started")
        await bot.gate.wait()  # type: ignore[attr-defined]
        try:
            await interaction.followup.send("follow-up")
        except discordpy.HTTPException as error:
            outcomes.append(f"followup {error.status} {error.code}")

    @bot.tree.command(description="Suggest films")
    @app_commands.describe(title="A film title")
    async def film(interaction: discordpy.Interaction, title: str) -> None:
        await interaction.response.send_message(f"you picked {title}")

    @film.autocomplete("title")
    async def film_titles(
        interaction: discordpy.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        count = 30 if current == "all" else 3
        return [
            app_commands.Choice(name=f"{current} {i}", value=f"{current}-{i}") for i in range(count)
        ]

    return bot


@pytest.fixture
def bot_factory():
    outcomes.clear()
    return build_bot


def the_bot(running_bot) -> commands.Bot:
    return running_bot.bot


async def test_over_long_message_is_refused(discord: Driver, running_bot) -> None:
    reply = await discord.slash("long", user=discord.alice)
    assert reply.content == "rejected 50035"
    (violation,) = discord.take_violations()
    assert violation.route == "POST /interactions/{interaction_id}/{interaction_token}/callback"
    assert "data/content: length 2001 exceeds maxLength 2000" in violation.describe()


async def test_over_long_channel_message_is_refused(discord: Driver, running_bot) -> None:
    channel = the_bot(running_bot).get_channel(discord.general.id)
    with pytest.raises(discordpy.HTTPException) as refused:
        await channel.send("y" * 2001)
    assert refused.value.code == 50035
    # The spec allows 4000 characters (for Nitro users); Discord's 2000 for bots is the limits layer.
    (violation,) = discord.take_violations()
    assert violation.kind == "limit" and violation.route == "POST /channels/{channel_id}/messages"
    assert "content: Must be 2000 or fewer in length." in violation.describe()


async def test_late_first_response_fails_the_interaction(discord: Driver, running_bot) -> None:
    pending = asyncio.create_task(discord.slash("late", user=discord.alice))
    await discord.wait_until(lambda: bool(discord.server.interactions.all()))
    discord.advance_time(3.1)
    with pytest.raises(InteractionFailed, match="did not respond"):
        await pending
    the_bot(running_bot).gate.set()
    await discord.wait_until(lambda: bool(outcomes))
    assert outcomes == ["late 10062"]
    (violation,) = discord.take_violations()
    assert violation.kind == "protocol" and "limit 3s" in violation.describe()


async def test_second_initial_response_gets_40060(discord: Driver, running_bot) -> None:
    reply = await discord.slash("double", user=discord.alice)
    assert reply.content == "first"
    await discord.wait_until(lambda: bool(outcomes))
    assert outcomes == ["double 400 40060"]
    assert [v.code for v in discord.take_violations()] == [40060]


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.SEND_MESSAGES)
async def test_sending_without_send_messages_is_forbidden(discord: Driver, running_bot) -> None:
    reply = await discord.slash("post_in_quiz", user=discord.alice)
    assert reply.content == "forbidden 50013"
    assert reply.ephemeral
    assert discord.history(discord.quiz) == []


async def test_channel_overwrite_denies_the_bot(discord: Driver, running_bot) -> None:
    discord.set_overwrite(discord.quiz, discord.bot_user, deny=Permission.SEND_MESSAGES)
    assert (await discord.slash("post_in_quiz", user=discord.bob)).content == "forbidden 50013"
    discord.set_overwrite(discord.quiz, discord.bot_user)
    assert (await discord.slash("post_in_quiz", user=discord.bob)).content == "posted"


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.MANAGE_MESSAGES)
async def test_deleting_someone_elses_message_needs_manage_messages(
    discord: Driver, running_bot
) -> None:
    said = await discord.say(discord.general, "delete me", user=discord.alice)
    message = await the_bot(running_bot).get_channel(discord.general.id).fetch_message(said.id)
    with pytest.raises(discordpy.Forbidden) as refused:
        await message.delete()
    assert refused.value.code == 50013
    discord.set_bot_permissions(DEFAULT_BOT_PERMISSIONS)
    await message.delete()
    assert discord.history(discord.general) == []
    assert discord.history(discord.general, include_deleted=True)[0].deleted


async def test_invalid_command_names_are_refused(discord: Driver, running_bot) -> None:
    bot = the_bot(running_bot)
    bad_names = [
        {"name": "Trivia", "description": "capital letter", "type": 1},
        {"name": "two words", "description": "space", "type": 1},
    ]
    too_long = [{"name": "ok", "description": "d" * 101, "type": 1}]
    for commands_json in (bad_names, too_long):
        with pytest.raises(discordpy.HTTPException) as refused:
            await bot.http.bulk_upsert_global_commands(bot.application_id, commands_json)
        assert refused.value.code == 50035
    names, description = (v.describe() for v in discord.take_violations())
    assert "'Trivia' is invalid" in names and "'two words' is invalid" in names
    assert "0/description: length 101 exceeds maxLength 100" in description
    assert discord.commands() != []  # the bot's own valid sync is untouched


async def test_body_that_breaks_the_spec_is_refused(discord: Driver, running_bot) -> None:
    bot = the_bot(running_bot)
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=discord.general.id)
    with pytest.raises(discordpy.HTTPException) as refused:
        await bot.http.request(route, json={"content": "hi", "embeds": [{"title": 5}]})
    assert refused.value.status == 400
    (violation,) = discord.take_violations()
    assert violation.kind == "spec"
    assert "embeds/0/title: 5 is not of type 'string', 'null'" in violation.describe()


async def test_unknown_route_is_listed(discord: Driver, loopback_server, running_bot) -> None:
    bot = the_bot(running_bot)
    with pytest.raises(discordpy.NotFound):
        await bot.http.request(
            Route("GET", "/channels/{channel_id}/gossip", channel_id=discord.general.id)
        )
    (unknown,) = loopback_server.recorder.take_unknown_routes()
    assert unknown.path == f"/channels/{discord.general.id}/gossip"


async def test_follow_up_after_15_minutes_is_refused(discord: Driver, running_bot) -> None:
    assert (await discord.slash("later", user=discord.alice)).content == "started"
    discord.advance_time(15 * 60 + 1)
    the_bot(running_bot).gate.set()
    await discord.wait_until(lambda: bool(outcomes))
    assert outcomes == ["followup 401 50027"]
    assert [v.code for v in discord.take_violations()] == [50027]


async def test_rate_limit_is_honoured(discord: Driver, loopback_server, running_bot) -> None:
    discord.rate_limit("POST /channels/{channel_id}/messages", retry_after=0.3)
    await the_bot(running_bot).get_channel(discord.general.id).send("after the wait")
    attempts = loopback_server.recorder.requests_to("POST /channels/{channel_id}/messages")
    assert [a.status for a in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.3
    assert discord.last_message(discord.general).content == "after the wait"


async def test_autocomplete_returns_choices(discord: Driver, running_bot) -> None:
    choices = await discord.autocomplete("film", "title", "love", user=discord.alice)
    assert [c.value for c in choices] == ["love-0", "love-1", "love-2"]
    reply = await discord.slash("film", user=discord.alice, title=choices[0].value)
    assert reply.content == "you picked love-0"


async def test_autocomplete_with_too_many_choices_is_refused(discord: Driver, running_bot) -> None:
    with pytest.raises(InteractionFailed):
        task = asyncio.create_task(discord.autocomplete("film", "title", "all", user=discord.alice))
        await discord.wait_until(lambda: bool(discord.violations))
        discord.advance_time(3.1)
        await task
    (violation,) = discord.take_violations()
    assert "data/choices: 30 items exceed maxItems 25" in violation.describe()
