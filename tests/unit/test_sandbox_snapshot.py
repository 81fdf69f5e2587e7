"""The sandbox's saved world: a restart must bring back the same guild, members, channels and
chat with the same ids, because the bot's database (scores, spoiler settings) refers to them."""

from __future__ import annotations

from pathlib import Path

from loopback_discord import Driver, LoopbackDiscord
from loopback_discord.web import load_world, save_world


async def test_a_saved_world_comes_back_with_the_same_ids_and_chat(tmp_path: Path) -> None:
    first = LoopbackDiscord()
    driver = Driver(first)
    said = await driver.say(driver.general, "||the twist|| was great", user=driver.alice)
    answer = await driver.say(driver.general, "agreed", user=driver.bob, reply_to=said)
    thread = driver.add_thread(driver.quiz, "quiz-chat", owner=driver.bob)
    await driver.say(thread, "in a thread", user=driver.bob)
    webhook = first.state.add_webhook(driver.spoilers, "Lantern", first.state.bot)
    path = tmp_path / "world.json"
    save_world(first, path)

    second = LoopbackDiscord()
    assert load_world(second, path)
    state, world = second.state, second.world
    assert world.guild.id == driver.guild.id
    assert [world.alice.id, world.bob.id, world.mod.id] == [
        u.id for u in (driver.alice, driver.bob, driver.mod)
    ]
    assert state.bot.id == first.state.bot.id == second.application_id
    assert world.moderator_role.id == driver.server.world.moderator_role.id
    assert state.find_channel("quiz-chat").parent is world.quiz
    restored = state.messages[said.id]
    assert restored.content == "||the twist|| was great" and restored.author is world.alice
    assert state.messages[answer.id].reference_id == said.id  # the reply still answers it
    assert state.webhooks[webhook.id].token == webhook.token
    assert state.ids.next() > max(state.messages)


async def test_the_restored_bot_token_is_the_new_servers(tmp_path: Path) -> None:
    first = LoopbackDiscord()
    save_world(first, tmp_path / "world.json")
    second = LoopbackDiscord()
    load_world(second, tmp_path / "world.json")
    assert second.token.split(".")[0] == first.token.split(".")[0]  # the id part
    assert second.commands.overwrite(None, [{"name": "x", "description": "y"}])[0][
        "application_id"
    ] == str(first.application_id)


def test_no_saved_world_leaves_the_fresh_demo_guild(tmp_path: Path) -> None:
    server = LoopbackDiscord()
    guild_id = server.world.guild.id
    assert not load_world(server, tmp_path / "missing.json")
    assert server.world.guild.id == guild_id
