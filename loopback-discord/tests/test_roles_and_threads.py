"""Member roles and threads on messages, as Discord does them: Manage Roles and the role
hierarchy (403/50013), unknown roles (10011), a thread per message with the message's id,
names of 1-100 characters and the archive durations Discord allows."""

from __future__ import annotations

import discord as discordpy
import pytest

from loopback_discord import DEFAULT_BOT_PERMISSIONS, Driver, Permission

ROLE_ROUTE = "PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}"


async def test_the_bot_gives_and_takes_a_role_below_its_own(discord: Driver, running_bot) -> None:
    role = discord.add_role("Seen it", position=1)
    http = running_bot.bot.http
    await http.add_role(discord.guild.id, discord.alice.id, role.id)
    assert discord.has_role(discord.alice, role)
    await http.add_role(discord.guild.id, discord.alice.id, role.id)  # twice: still one
    assert discord.guild.members[discord.alice.id].role_ids.count(role.id) == 1
    await http.remove_role(discord.guild.id, discord.alice.id, role.id)
    assert not discord.has_role(discord.alice, role)


@pytest.mark.parametrize("where", ["on top", "the bot's own", "@everyone"])
async def test_roles_at_or_above_the_bot_or_managed_are_refused(
    discord: Driver, running_bot, where: str
) -> None:
    role = {
        "on top": lambda: discord.add_role("Seen it"),
        "the bot's own": lambda: discord.server.world.bot_role,
        "@everyone": lambda: discord.guild.everyone_role,
    }[where]()
    with pytest.raises(discordpy.Forbidden) as error:
        await running_bot.bot.http.add_role(discord.guild.id, discord.alice.id, role.id)
    assert error.value.code == 50013
    assert not discord.has_role(discord.alice, role)


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.MANAGE_ROLES)
async def test_roles_need_manage_roles(discord: Driver, running_bot) -> None:
    role = discord.add_role("Seen it", position=1)
    with pytest.raises(discordpy.Forbidden) as error:
        await running_bot.bot.http.add_role(discord.guild.id, discord.alice.id, role.id)
    assert error.value.code == 50013


async def test_unknown_role_and_member(discord: Driver, running_bot) -> None:
    role = discord.add_role("Seen it", position=1)
    http = running_bot.bot.http
    with pytest.raises(discordpy.NotFound) as unknown_role:
        await http.add_role(discord.guild.id, discord.alice.id, 12345)
    assert unknown_role.value.code == 10011
    with pytest.raises(discordpy.NotFound) as unknown_member:
        await http.add_role(discord.guild.id, 12345, role.id)
    assert unknown_member.value.code == 10007


async def test_a_new_role_reaches_the_bot_with_its_position(discord: Driver, running_bot) -> None:
    role = discord.add_role("Seen it", position=1)
    guild = running_bot.bot.get_guild(discord.guild.id)
    await discord.wait_until(lambda: guild.get_role(role.id) is not None)
    bot_role = guild.get_role(discord.server.world.bot_role.id)
    await discord.wait_until(lambda: bot_role.position == discord.server.world.bot_role.position)
    assert guild.get_role(role.id) < bot_role


async def test_a_thread_on_a_message_takes_its_id_and_only_once(
    discord: Driver, running_bot
) -> None:
    channel = running_bot.bot.get_channel(discord.general.id)
    message = await channel.send("What does the jade mean?")
    thread = await message.create_thread(
        name="What does the jade mean?", auto_archive_duration=1440
    )
    assert thread.id == message.id and thread.parent_id == channel.id
    assert discord.server.state.channels[thread.id].name == "What does the jade mean?"
    with pytest.raises(discordpy.HTTPException) as again:
        await message.create_thread(name="again")
    assert again.value.code == 160004


async def test_thread_names_over_100_characters_break_the_spec(
    discord: Driver, running_bot
) -> None:
    channel = running_bot.bot.get_channel(discord.general.id)
    message = await channel.send("long")
    with pytest.raises(discordpy.HTTPException) as error:
        await message.create_thread(name="x" * 101)
    assert error.value.status == 400
    (violation,) = discord.take_violations()
    assert violation.kind == "spec" and "name" in " ".join(violation.problems)


@pytest.mark.loopback(bot_permissions=DEFAULT_BOT_PERMISSIONS & ~Permission.CREATE_PUBLIC_THREADS)
async def test_threads_need_create_public_threads(discord: Driver, running_bot) -> None:
    channel = running_bot.bot.get_channel(discord.general.id)
    message = await channel.send("no threads for me")
    with pytest.raises(discordpy.Forbidden) as error:
        await message.create_thread(name="nope")
    assert error.value.code == 50013
