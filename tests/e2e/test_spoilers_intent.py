"""Without the message-content intent the bot still starts: no scanning, a note in
/spoilers settings, every command works. Two ways to get there: the portal refuses the intent
(gateway close 4014), or the owner turns it off in the settings."""

from __future__ import annotations

import pytest

from loopback_discord import Driver

pytestmark = pytest.mark.e2e


async def check_scanning_is_off_and_settings_say_so(discord: Driver, alice, mod, general) -> None:
    await discord.slash("spoilers mode", user=mod, mode="delete")
    said = await discord.say(general, "Li Wei took the fall.", user=alice)
    await discord.settle()
    assert not discord.refresh(said).deleted
    assert [m.id for m in discord.history(general)] == [said.id]

    settings = await discord.slash("spoilers settings", user=mod)
    assert "Message Content" in settings.embed.text
    assert "scanning and tag tracking are off" in settings.embed.text
    posted = await discord.slash("spoiler", user=alice, text="the mended bangle")
    assert "||the mended bangle||" in posted.content


@pytest.mark.loopback(portal_privileged_intents=0)
async def test_portal_refuses_the_intent(discord: Driver, alice, mod, general) -> None:
    await check_scanning_is_off_and_settings_say_so(discord, alice, mod, general)


@pytest.mark.lantern(env={"MESSAGE_CONTENT": "false"})
async def test_intent_turned_off_in_the_settings(discord: Driver, alice, mod, general) -> None:
    await check_scanning_is_off_and_settings_say_so(discord, alice, mod, general)


async def test_with_the_intent_settings_show_no_warning(discord: Driver, mod) -> None:
    settings = await discord.slash("spoilers settings", user=mod)
    warnings = next(f.value for f in settings.embed.fields if f.name == "Warnings")
    assert warnings == "none"
