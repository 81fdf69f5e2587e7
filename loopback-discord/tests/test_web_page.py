"""The chat page (`loopback_discord.web`) names the application it serves, whatever that is."""

from __future__ import annotations

import aiohttp

from loopback_discord import LoopbackDiscord
from loopback_discord.web import attach_web
from loopback_discord.web.view import guild_view


async def test_the_page_carries_the_application_and_guild_names_escaped() -> None:
    server = LoopbackDiscord(bot_name="Q&A <bot>")
    attach_web(server)
    await server.start()
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(server.base_url + "/") as response,
        ):
            page = await response.text()
    finally:
        await server.stop()
    assert response.status == 200 and response.content_type == "text/html"
    assert "<title>Q&amp;A &lt;bot&gt; sandbox</title>" in page
    assert "Q&amp;A &lt;bot&gt; is starting…" in page
    assert f">{server.world.guild.name}</h1>" in page
    assert "{{" not in page


def test_the_live_view_names_the_application() -> None:
    server = LoopbackDiscord(bot_name="Relay")
    assert guild_view(server, server.world.alice)["application"] == "Relay"
