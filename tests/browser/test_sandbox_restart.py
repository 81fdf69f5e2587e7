"""The sandbox as a process: its data survives a restart (same members and channels, the bot's
settings still there), `--fresh` starts over, and it needs no token. No browser needed."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiohttp

from tests.browser.conftest import Sandbox, start_sandbox, stop_sandbox, wait_until_online


async def _look(
    url: str, username: str, channel_name: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The guild and a channel's messages as `username` sees them on the page."""
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}/sandbox/ws") as socket:
        await socket.send_json({})
        guild = await socket.receive_json(timeout=10)
        user = next(m["id"] for m in guild["members"] if m["username"] == username)
        channel = next(c["id"] for c in guild["channels"] if c["name"] == channel_name)
        await socket.send_json({"user": user, "channel": channel})
        while True:
            frame = await socket.receive_json(timeout=10)
            if frame["type"] == "messages" and frame["viewer"] == user:
                return guild, frame["messages"]


async def _act(
    url: str, action: str, username: str, channel_name: str, **body: Any
) -> dict[str, Any]:
    guild, _ = await _look(url, username, channel_name)
    user = next(m["id"] for m in guild["members"] if m["username"] == username)
    channel = next(c["id"] for c in guild["channels"] if c["name"] == channel_name)
    async with aiohttp.ClientSession() as http:
        payload = {"user": user, "channel": channel, **body}
        async with http.post(f"{url}/sandbox/api/{action}", json=payload) as response:
            return await response.json()


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """In a thread of its own: this test is synchronous and must not meet another loop."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _online(folder: Path, *, fresh: bool) -> Sandbox:
    sandbox = start_sandbox(folder, fresh=fresh)
    wait_until_online(sandbox)
    return sandbox


def test_a_restart_keeps_the_chat_and_the_bots_data_and_fresh_starts_over(tmp_path: Path) -> None:
    first = _online(tmp_path, fresh=True)
    try:
        term = {"command": "spoilers term add", "options": {"term": "glass lighthouse"}}
        assert run(_act(first.url, "slash", "mod", "general", **term))["ok"]
        run(_act(first.url, "say", "alice", "general", content="see you after the restart"))
        guild_before, _ = run(_look(first.url, "alice", "general"))
    finally:
        assert stop_sandbox(first) == 0, first.log()
    assert (tmp_path / "sandbox.sqlite3").exists() and (tmp_path / "sandbox-discord.json").exists()

    second = _online(tmp_path, fresh=False)
    try:
        guild_after, chat = run(_look(second.url, "alice", "general"))
        assert guild_after["members"] == guild_before["members"]
        assert guild_after["channels"][0]["id"] == guild_before["channels"][0]["id"]
        assert "see you after the restart" in [m["content"] for m in chat]
        run(_act(second.url, "slash", "mod", "general", **term))
        _, mods = run(_look(second.url, "mod", "general"))
        assert "already a spoiler term here" in mods[-1]["content"]
    finally:
        stop_sandbox(second)

    third = _online(tmp_path, fresh=True)
    try:
        _, chat = run(_look(third.url, "alice", "general"))
        assert chat == []
    finally:
        stop_sandbox(third)
