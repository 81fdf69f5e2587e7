"""The loopback Discord carries a real discord.py bot: login, READY, commands, replies, chat."""

from __future__ import annotations

import asyncio
import math

import discord as discordpy
import pytest
from discord import app_commands
from discord.ext import commands

from loopback_bots import make_bot
from loopback_discord import Driver, InteractionFailed


class AnswerView(discordpy.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discordpy.ui.button(label="Jingwen", custom_id="answer:jingwen")
    async def jingwen(
        self, interaction: discordpy.Interaction, button: discordpy.ui.Button
    ) -> None:
        await interaction.response.send_message("Correct!", ephemeral=True)

    @discordpy.ui.button(label="Close", custom_id="answer:close")
    async def close(self, interaction: discordpy.Interaction, button: discordpy.ui.Button) -> None:
        for item in self.children:
            item.disabled = True  # type: ignore[attr-defined]
        await interaction.response.edit_message(content="Closed.", view=self)


def build_bot() -> commands.Bot:
    bot = make_bot(sync_commands=True)

    @bot.tree.command(description="Check that the bot answers")
    async def ping(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("pong")

    @bot.tree.command(description="Think first, answer later")
    async def slow(interaction: discordpy.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send(
            "done thinking", embed=discordpy.Embed(title="Result", description="42")
        )

    @bot.tree.command(description="Ask a question with buttons")
    async def question(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("Who narrates the film?", view=AnswerView())

    @bot.tree.command(description="Post in the channel")
    @app_commands.describe(text="What to post")
    async def post(interaction: discordpy.Interaction, text: str) -> None:
        await interaction.response.send_message("posting", ephemeral=True)
        await interaction.channel.send(text)  # type: ignore[union-attr]

    return bot


@pytest.fixture
def bot_factory():
    return build_bot


async def test_bot_connects_and_sees_the_standard_guild(discord: Driver, running_bot) -> None:
    assert discord.identify_count == 1
    guild = running_bot.bot.get_guild(discord.guild.id)
    assert guild is not None
    assert {c.name for c in guild.text_channels} == {"general", "spoilers", "quiz"}
    assert guild.me is not None


async def test_commands_are_synced(discord: Driver, running_bot) -> None:
    synced = await discord.wait_for_commands()
    assert {c["name"] for c in synced} == {"ping", "slow", "question", "post"}
    assert discord.commands(guild=True) == []
    post = next(c for c in synced if c["name"] == "post")
    assert post["options"][0]["name"] == "text" and post["options"][0]["required"]


async def test_heartbeats_are_acknowledged(discord: Driver, loopback_server, running_bot) -> None:
    await discord.wait_until(lambda: loopback_server.gateway.heartbeat_count >= 1)
    # discord.py's latency is infinite until the first heartbeat's ACK has arrived.
    await discord.wait_until(lambda: math.isfinite(running_bot.bot.latency))
    assert running_bot.bot.latency < 1


async def test_a_burst_of_commands(discord: Driver, running_bot) -> None:
    replies = await asyncio.gather(*(discord.slash("ping", user=discord.bob) for _ in range(50)))
    assert {r.content for r in replies} == {"pong"}
    assert len({r.id for r in replies}) == 50


async def test_slash_command_answers(discord: Driver, running_bot) -> None:
    reply = await discord.slash("ping", user=discord.alice)
    assert reply.content == "pong"
    assert not reply.ephemeral


async def test_deferred_command_answers_with_a_follow_up(discord: Driver, running_bot) -> None:
    reply = await discord.slash("slow", user=discord.bob, channel=discord.quiz)
    assert reply.content == "done thinking"
    assert reply.embed.title == "Result"


async def test_click_a_button(discord: Driver, running_bot) -> None:
    question = await discord.slash("question", user=discord.alice)
    answer = await discord.click(question, "Jingwen", user=discord.bob)
    assert answer.content == "Correct!"
    assert answer.ephemeral
    closed = await discord.click(question, "Close", user=discord.alice)
    assert closed.kind == "update"
    assert closed.content == "Closed."
    assert all(b.disabled for b in closed.buttons)


async def test_channel_message_and_history(discord: Driver, running_bot) -> None:
    await discord.slash("post", user=discord.alice, channel=discord.general, text="hello film club")
    posted = await discord.wait_for_message(
        discord.general, lambda m: m.content == "hello film club"
    )
    assert posted.author_name == "Bot"  # the neutral default name
    assert [m.content for m in discord.history(discord.general)] == ["hello film club"]


@pytest.mark.loopback(bot_name="Relay")
async def test_the_application_is_named_by_the_server(discord: Driver, running_bot) -> None:
    me = running_bot.bot.user
    assert me is not None and (me.name, me.global_name) == ("relay", "Relay")
    guild = running_bot.bot.get_guild(discord.guild.id)
    assert guild is not None and guild.me is not None
    assert [r.name for r in guild.me.roles if r.managed] == ["Relay"]
    await discord.slash("post", user=discord.alice, channel=discord.general, text="named")
    posted = await discord.wait_for_message(discord.general, lambda m: m.content == "named")
    assert posted.author_name == "Relay"


async def test_say_reaches_the_bot(discord: Driver, running_bot) -> None:
    seen: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def on_message(message: discordpy.Message) -> None:
        if not seen.done():
            seen.set_result(message.content)

    running_bot.bot.add_listener(on_message)
    await discord.say(discord.general, "anyone here?", user=discord.alice)
    # The default intents lack MESSAGE_CONTENT: like Discord, the text arrives empty.
    assert await asyncio.wait_for(seen, 2) == ""


async def test_no_answer_fails_like_in_the_client(discord: Driver, running_bot) -> None:
    discord.advance_time(0)  # make sure the clock is usable
    bot = running_bot.bot

    @bot.tree.command(description="Never answers")
    async def silent(interaction: discordpy.Interaction) -> None:
        return

    await bot.tree.sync()
    task = asyncio.create_task(discord.slash("silent", user=discord.alice))
    await discord.wait_until(lambda: bool(discord.server.interactions.all()))
    discord.advance_time(3.5)
    with pytest.raises(InteractionFailed):
        await task
