"""`/spoiler text [about]`: anyone posts a properly tagged spoiler; nothing can break it open."""

from __future__ import annotations

import pytest

from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers import SpoilerScanner, count_spoiler_segments
from loopback_discord import Driver

pytestmark = pytest.mark.e2e


async def test_spoiler_command_posts_a_tagged_spoiler(discord: Driver, alice, general) -> None:
    reply = await discord.slash(
        "spoiler", user=alice, text="Li Wei took the fall", about="the ending"
    )
    assert not reply.ephemeral
    assert reply.content == f"<@{alice.id}> — spoiler about the ending: ||Li Wei took the fall||"
    assert discord.history(general)[-1].id == reply.id


async def test_pipes_markdown_and_mentions_cannot_escape(discord: Driver, alice, mod) -> None:
    # In wrap mode, too, the bot's own post is left alone.
    await discord.slash("spoilers mode", user=mod, mode="wrap")
    reply = await discord.slash(
        "spoiler",
        user=alice,
        text="a || took the fall @everyone \\",
        about="**the** @here ending",
    )
    content = reply.content
    assert count_spoiler_segments(content) == 1
    assert content.startswith(
        f"<@{alice.id}> — spoiler about \\*\\*the\\*\\* @\u200bhere ending: ||"
    )
    assert "@\u200beveryone" in content
    assert not reply.message.pings  # not @everyone/@here, nor alice whose mention leads the post
    scanner = SpoilerScanner(load_film_pack(PROJECT_ROOT / "data").spoiler_terms)
    assert scanner.scan(content) == []
    await discord.settle()
    assert not discord.refresh(reply.id).deleted


async def test_spoiler_without_about(discord: Driver, bob) -> None:
    reply = await discord.slash("spoiler", user=bob, text="the mended bangle")
    assert reply.content == f"<@{bob.id}> — spoiler: ||the mended bangle||"
