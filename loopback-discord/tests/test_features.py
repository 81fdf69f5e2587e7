"""Webhooks, DMs, ephemeral replies, modals, selects, threads and the MESSAGE_CONTENT rules."""

from __future__ import annotations

import asyncio

import discord as discordpy
import pytest
from discord import app_commands
from discord.ext import commands

from loopback_bots import make_bot
from loopback_discord import DEFAULT_BOT_PERMISSIONS, Driver, Intent, Permission, UserCannotDoThat


class QuoteModal(discordpy.ui.Modal, title="Add a quote"):
    line = discordpy.ui.TextInput(label="Line", max_length=50)
    who = discordpy.ui.TextInput(label="Who said it", required=False)

    async def on_submit(self, interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message(
            f"saved {self.line.value!r} by {self.who.value or 'someone'}"
        )


class PickView(discordpy.ui.View):
    @discordpy.ui.select(
        custom_id="pick",
        options=[discordpy.SelectOption(label=n, value=n) for n in ("Jingwen", "Li Wei")],
    )
    async def pick(self, interaction: discordpy.Interaction, select: discordpy.ui.Select) -> None:
        await interaction.response.send_message(f"you chose {select.values[0]}", ephemeral=True)


def build_bot(intents: discordpy.Intents | None = None) -> commands.Bot:
    bot = make_bot(intents, sync_commands=True)
    bot.heard = []  # type: ignore[attr-defined]

    @bot.listen()
    async def on_message(message: discordpy.Message) -> None:
        bot.heard.append(message.content)  # type: ignore[attr-defined]

    @bot.tree.command(description="Repost as someone else through a webhook")
    @app_commands.describe(text="What to repost")
    async def echo(interaction: discordpy.Interaction, text: str) -> None:
        channel = interaction.channel
        try:
            hook = await channel.create_webhook(name="Relay")  # type: ignore[union-attr]
        except discordpy.Forbidden as error:
            await interaction.response.send_message(f"forbidden {error.code}", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        await hook.send(text, username="Alice", avatar_url="http://127.0.0.1/a.png", wait=True)
        await interaction.followup.send("reposted", ephemeral=True)

    @bot.tree.command(description="Whisper")
    async def secret(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("only you can see this", ephemeral=True)

    @bot.tree.command(description="DM me")
    async def dm(interaction: discordpy.Interaction) -> None:
        await interaction.user.send("hello in private")
        await interaction.response.send_message("check your DMs", ephemeral=True)

    @bot.tree.command(description="DM me, or say why not")
    async def dm_or_why(interaction: discordpy.Interaction) -> None:
        try:
            await interaction.user.send("hello in private")
        except discordpy.Forbidden as refused:
            await interaction.response.send_message(f"refused: {refused.code}", ephemeral=True)
            return
        await interaction.response.send_message("sent", ephemeral=True)

    @bot.tree.command(description="Add a quote")
    async def quote(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_modal(QuoteModal())

    @bot.tree.command(description="Pick a character")
    async def pick(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("pick one", view=PickView())

    @bot.tree.command(description="An embed in the channel")
    async def card(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)
        await interaction.channel.send("card", embed=discordpy.Embed(title="Card"))  # type: ignore[union-attr]

    @bot.tree.command(description="Moderators only")
    @app_commands.default_permissions(manage_guild=True)
    async def admin(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("admin ok")

    @bot.tree.command(description="Greet a member")
    async def greet(
        interaction: discordpy.Interaction,
        member: discordpy.Member,
        times: app_commands.Range[int, 1, 3] = 1,
    ) -> None:
        await interaction.response.send_message(" ".join([f"hi {member.display_name}"] * times))

    return bot


@pytest.fixture
def bot_factory():
    return build_bot


async def test_webhook_repost_shows_the_given_name(discord: Driver, running_bot) -> None:
    reply = await discord.slash("echo", user=discord.alice, text="wrapped ||spoiler||")
    assert reply.content == "reposted" and reply.ephemeral
    (post,) = discord.history(discord.general)
    assert (
        post.by_webhook
        and post.author_name == "Alice"
        and post.avatar_url == "http://127.0.0.1/a.png"
    )
    assert post.content == "wrapped ||spoiler||"


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.MANAGE_WEBHOOKS)
async def test_webhooks_need_manage_webhooks(discord: Driver, running_bot) -> None:
    reply = await discord.slash("echo", user=discord.alice, text="x")
    assert reply.content == "forbidden 50013"


async def test_ephemeral_reply_stays_out_of_the_channel(discord: Driver, running_bot) -> None:
    reply = await discord.slash("secret", user=discord.bob)
    assert reply.ephemeral and reply.content == "only you can see this"
    assert discord.history(discord.general) == []
    assert [m.content for m in discord.ephemerals(discord.bob)] == ["only you can see this"]
    assert discord.ephemerals(discord.alice) == []


async def test_direct_message(discord: Driver, running_bot) -> None:
    await discord.slash("dm", user=discord.alice)
    assert [m.content for m in discord.dms(discord.alice)] == ["hello in private"]


async def test_a_user_who_closed_their_dms_cannot_be_messaged(discord: Driver, running_bot) -> None:
    discord.alice.accepts_dms = False  # privacy settings: no DMs from server members
    reply = await discord.slash("dm_or_why", user=discord.alice)
    assert reply.content == "refused: 50007"
    assert discord.dms(discord.alice) == []
    discord.take_violations()
    open_again = await discord.slash("dm_or_why", user=discord.bob)
    assert open_again.content == "sent"


async def test_user_writes_to_the_bot_in_dms(discord: Driver, running_bot) -> None:
    await discord.dm(discord.bob, "hi bot")
    await discord.wait_until(lambda: "hi bot" in running_bot.bot.heard)


async def test_modal_round_trip(discord: Driver, running_bot) -> None:
    opened = await discord.slash("quote", user=discord.alice)
    assert opened.kind == "modal" and opened.modal.title == "Add a quote"
    reply = await discord.submit_modal(opened, user=discord.alice, Line="Home is a light")
    assert reply.content == "saved 'Home is a light' by someone"
    with pytest.raises(UserCannotDoThat):
        await discord.submit_modal(opened, user=discord.alice, Line="x" * 51)


async def test_select_menu(discord: Driver, running_bot) -> None:
    menu = await discord.slash("pick", user=discord.alice)
    reply = await discord.select(menu, ["Li Wei"], user=discord.bob)
    assert reply.content == "you chose Li Wei" and reply.ephemeral


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.EMBED_LINKS)
async def test_embeds_are_dropped_without_embed_links(
    discord: Driver, loopback_server, running_bot
) -> None:
    await discord.slash("card", user=discord.alice)
    posted = await discord.wait_for_message(discord.general)
    assert posted.content == "card" and posted.embeds == ()
    assert loopback_server.recorder.notes == [
        "embeds dropped in #general: the bot lacks Embed Links"
    ]


async def test_default_member_permissions_hide_the_command(discord: Driver, running_bot) -> None:
    with pytest.raises(UserCannotDoThat):
        await discord.slash("admin", user=discord.alice)
    assert (await discord.slash("admin", user=discord.mod)).content == "admin ok"


async def test_user_and_range_options(discord: Driver, running_bot) -> None:
    reply = await discord.slash("greet", user=discord.alice, member=discord.bob, times=2)
    assert reply.content == "hi Bob hi Bob"
    with pytest.raises(UserCannotDoThat):
        await discord.slash("greet", user=discord.alice, member=discord.bob, times=4)
    with pytest.raises(UserCannotDoThat):
        await discord.slash("greet", user=discord.alice)


async def test_without_message_content_only_mentions_are_readable(
    discord: Driver, running_bot
) -> None:
    await discord.say(discord.general, "plain chatter", user=discord.alice)
    await discord.say(discord.general, f"<@{discord.bot_user.id}> hello", user=discord.alice)
    await discord.wait_until(lambda: len(running_bot.bot.heard) == 2)
    assert running_bot.bot.heard == ["", f"<@{discord.bot_user.id}> hello"]


def build_reading_bot() -> commands.Bot:
    intents = discordpy.Intents.default()
    intents.message_content = True
    return build_bot(intents)


@pytest.mark.parametrize("bot_factory", [build_reading_bot])
async def test_with_message_content_everything_is_readable(discord: Driver, running_bot) -> None:
    await discord.say(discord.general_thread, "in the thread", user=discord.bob)
    edited = await discord.say(discord.general, "first words", user=discord.alice)
    await discord.wait_until(lambda: len(running_bot.bot.heard) == 2)
    assert running_bot.bot.heard == ["in the thread", "first words"]
    await discord.edit(edited, "second words", user=discord.alice)
    message = await running_bot.bot.get_channel(discord.general.id).fetch_message(edited.id)
    assert message.content == "second words"


@pytest.mark.loopback(portal_privileged_intents=Intent(0))
async def test_portal_switch_off_refuses_message_content(discord: Driver, loopback_server) -> None:
    from loopback_bots import point_discordpy_at

    point_discordpy_at(loopback_server)
    bot = build_reading_bot()
    with pytest.raises(discordpy.PrivilegedIntentsRequired):
        await asyncio.wait_for(bot.start(loopback_server.token), 5)
    await bot.close()


async def test_threads_need_send_messages_in_threads(discord: Driver, running_bot) -> None:
    thread = running_bot.bot.get_channel(discord.general_thread.id)
    await thread.send("in thread")
    discord.set_overwrite(
        discord.general, discord.bot_user, deny=Permission.SEND_MESSAGES_IN_THREADS
    )
    with pytest.raises(discordpy.Forbidden):
        await thread.send("again")
    await running_bot.bot.get_channel(discord.general.id).send("the channel itself still works")
    assert [m.content for m in discord.history(discord.general_thread)] == ["in thread"]


async def test_deleted_channel_disappears_for_the_bot(discord: Driver, running_bot) -> None:
    discord.delete_channel(discord.quiz)
    await discord.wait_until(lambda: running_bot.bot.get_channel(discord.quiz.id) is None)
    with pytest.raises(discordpy.NotFound):
        await running_bot.bot.http.send_message(discord.quiz.id, params=_text("gone"))


async def test_bot_reply_references_the_message(discord: Driver, running_bot) -> None:
    said = await discord.say(discord.general, "question?", user=discord.alice)
    message = await running_bot.bot.get_channel(discord.general.id).fetch_message(said.id)
    answer = await message.reply("answer")
    assert answer.type is discordpy.MessageType.reply
    assert answer.reference is not None and answer.reference.message_id == said.id


@pytest.mark.parametrize("bot_factory", [build_reading_bot])
async def test_a_members_reply_carries_what_it_answers(discord: Driver, running_bot) -> None:
    asked = await discord.say(discord.general, "who took the fall?", user=discord.bob)
    said = await discord.say(discord.general, "no idea", user=discord.alice, reply_to=asked)
    channel = running_bot.bot.get_channel(discord.general.id)
    running_bot.bot._connection._messages.clear()  # not from the cache: from the payload
    message = await channel.fetch_message(said.id)
    assert message.type is discordpy.MessageType.reply
    reference = message.reference
    assert reference is not None and reference.message_id == asked.id
    assert reference.jump_url.endswith(f"/{discord.guild.id}/{discord.general.id}/{asked.id}")
    assert isinstance(reference.resolved, discordpy.Message)
    assert reference.resolved.content == "who took the fall?"
    await discord.delete(asked, user=discord.bob)
    gone = await channel.fetch_message(said.id)
    assert gone.reference is not None
    assert isinstance(gone.reference.resolved, discordpy.DeletedReferencedMessage)


async def test_without_message_content_the_answered_message_is_blank_too(
    discord: Driver, running_bot
) -> None:
    asked = await discord.say(discord.general, "who took the fall?", user=discord.bob)
    said = await discord.say(discord.general, "no idea", user=discord.alice, reply_to=asked)
    running_bot.bot._connection._messages.clear()  # not from the cache: from the payload
    message = await running_bot.bot.get_channel(discord.general.id).fetch_message(said.id)
    assert message.content == ""
    assert isinstance(message.reference.resolved, discordpy.Message)
    assert message.reference.resolved.author.id == discord.bob.id
    assert message.reference.resolved.content == ""


async def test_a_reply_to_a_reply_nests_one_level(discord: Driver, loopback_server) -> None:
    first = await discord.say(discord.general, "first", user=discord.bob)
    second = await discord.say(discord.general, "second", user=discord.alice, reply_to=first)
    third = await discord.say(discord.general, "third", user=discord.bob, reply_to=second)
    sent = loopback_server.message_payload(loopback_server.state.messages[third.id])
    answered = sent["referenced_message"]
    assert answered["id"] == str(second.id)
    assert answered["message_reference"]["message_id"] == str(first.id)
    assert "referenced_message" not in answered


async def test_a_reply_answers_a_message_of_its_own_channel(discord: Driver) -> None:
    asked = await discord.say(discord.quiz, "ready?", user=discord.bob)
    with pytest.raises(UserCannotDoThat):
        await discord.say(discord.general, "yes", user=discord.alice, reply_to=asked)
    await discord.delete(asked, user=discord.bob)
    with pytest.raises(UserCannotDoThat):
        await discord.say(discord.quiz, "too late", user=discord.alice, reply_to=asked)
    assert discord.history(discord.general) == []


def _text(content: str):
    from discord.http import handle_message_parameters

    return handle_message_parameters(content=content)


async def test_bot_edits_its_interaction_reply_through_the_channel(
    discord: Driver, running_bot
) -> None:
    reply = await discord.slash("pick", user=discord.alice)
    message = await running_bot.bot.get_channel(discord.general.id).fetch_message(reply.id)
    await message.edit(content="picking closed", view=None)
    assert discord.refresh(reply).content == "picking closed"
    assert discord.refresh(reply).buttons == () and discord.refresh(reply).selects == ()
    secret = await discord.slash("secret", user=discord.alice)
    with pytest.raises(discordpy.NotFound):
        await running_bot.bot.get_channel(discord.general.id).fetch_message(secret.id)


async def test_new_member_can_use_commands(discord: Driver, running_bot) -> None:
    carol = discord.add_user("carol")
    assert (await discord.slash("secret", user=carol)).content == "only you can see this"
