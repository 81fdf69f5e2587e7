"""Without the message-content intent the bot still starts: no scanning, a note in
/spoilers settings, every command works."""

from __future__ import annotations

import pytest

from loopback_discord import Driver

pytestmark = [pytest.mark.e2e, pytest.mark.loopback(portal_privileged_intents=0)]


async def test_without_the_intent_scanning_is_off_and_settings_say_so(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await discord.slash("spoilers mode", user=mod, mode="delete")
    said = await discord.say(general, "Li Wei took the fall.", user=alice)
    await discord.settle()
    assert not discord.refresh(said).deleted

    settings = await discord.slash("spoilers settings", user=mod)
    assert "Message Content" in settings.embed.text
    posted = await discord.slash("spoiler", user=alice, text="the mended bangle")
    assert "||the mended bangle||" in posted.content
