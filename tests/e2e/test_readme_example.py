"""The end-to-end example the README shows, kept true by running it."""

import pytest

pytestmark = pytest.mark.e2e


async def test_alice_finds_a_line(discord, alice, general) -> None:
    reply = await discord.slash("quote search", user=alice, channel=general, text="promise")
    assert "_I **promised** I’d return._" in reply.embed.description  # stemmed, in bold
    wider = await discord.click(reply, "More context", user=alice)  # the message updates
    assert "Xiao Mei’s expression shifts" in wider.embed.description
