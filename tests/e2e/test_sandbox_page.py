"""The sandbox page's server side, in-process: the same loopback Discord and real bot as every
e2e test, plus the page's routes. What a visitor does goes through /sandbox/api/*; what they see
is what the websocket pushes (the browser tests in tests/browser drive the page itself)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from app.sandbox import APPLICATION_NAME
from loopback_discord import Driver, LoopbackDiscord, Permission
from loopback_discord.interactions import Interaction
from loopback_discord.recorder import Violation
from loopback_discord.state import Channel, User
from loopback_discord.web import WebUI, attach_web
from loopback_discord.web.view import guild_view, messages_view


@pytest.fixture
async def page_server() -> AsyncIterator[tuple[LoopbackDiscord, WebUI]]:
    server = LoopbackDiscord(bot_name=APPLICATION_NAME)
    web_ui = attach_web(server)  # before start: the app's routes freeze when it starts
    await server.start()
    try:
        yield server, web_ui
    finally:
        await server.stop()


@pytest.fixture
def loopback_server(page_server: tuple[LoopbackDiscord, WebUI]) -> LoopbackDiscord:
    return page_server[0]


@pytest.fixture
def web_ui(page_server: tuple[LoopbackDiscord, WebUI]) -> WebUI:
    return page_server[1]


@pytest.fixture
async def http(loopback_server: LoopbackDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=loopback_server.base_url) as session:
        yield session


async def act(
    http: aiohttp.ClientSession, action: str, user: User, channel: Channel, **body: Any
) -> tuple[int, dict[str, Any]]:
    payload = {"user": str(user.id), "channel": str(channel.id), **body}
    async with http.post(f"/sandbox/api/{action}", json=payload) as response:
        return response.status, await response.json()


def seen_by(web_ui: WebUI, user: User, channel: Channel) -> list[dict[str, Any]]:
    return messages_view(web_ui.server, user, channel, web_ui.notices)


def texts(items: list[dict[str, Any]]) -> str:
    return "\n".join(i["content"] + json.dumps(i.get("embeds", [])) for i in items)


async def test_the_page_and_its_assets_are_served(http: aiohttp.ClientSession) -> None:
    async with http.get("/") as page:
        assert page.status == 200
        assert "Lantern sandbox" in await page.text()
    for asset in ("/static/app.js", "/static/app.css"):
        async with http.get(asset) as response:
            assert response.status == 200


async def test_the_websocket_pushes_the_guild_and_new_messages(
    http: aiohttp.ClientSession, discord: Driver
) -> None:
    async with http.ws_connect("/sandbox/ws") as socket:
        await socket.send_json({"user": str(discord.alice.id), "channel": str(discord.general.id)})
        frames = [await socket.receive_json(timeout=5) for _ in range(2)]
        guild = next(f for f in frames if f["type"] == "guild")
        assert {"trivia start", "quote search", "spoilers mode"} <= {
            c["path"] for c in guild["commands"]
        }
        assert [c["name"] for c in guild["channels"]] == [
            "general",
            "general-thread",
            "spoilers",
            "quiz",
        ]
        assert guild["bot_online"]
        assert any(m["name"] == "Mod" and m["moderator"] for m in guild["members"])

        status, _ = await act(http, "say", discord.alice, discord.general, content="hello page")
        assert status == 200
        async with asyncio.timeout(5):
            while True:
                frame = await socket.receive_json()
                if frame["type"] == "messages" and frame["messages"]:
                    break
        last = frame["messages"][-1]
        assert last["content"] == "hello page" and last["author"]["name"] == "Alice"


async def test_an_ephemeral_reply_is_in_its_members_view_only(
    http: aiohttp.ClientSession, discord: Driver, web_ui: WebUI
) -> None:
    status, body = await act(http, "slash", discord.bob, discord.general, command="trivia stop")
    assert status == 200 and body["kind"] == "message"
    bobs = [m for m in seen_by(web_ui, discord.bob, discord.general) if m["id"] == body["message"]]
    assert bobs and bobs[0]["ephemeral"] and bobs[0]["used"]["command"] == "trivia stop"
    assert body["message"] not in [m["id"] for m in seen_by(web_ui, discord.alice, discord.general)]


async def test_options_typed_as_text_become_typed_values(
    http: aiohttp.ClientSession, discord: Driver, web_ui: WebUI
) -> None:
    status, _ = await act(
        http,
        "slash",
        discord.mod,
        discord.general,
        command="spoilers channel add",
        options={"channel": "#spoilers"},
    )
    assert status == 200
    assert "is now a spoiler channel" in texts(seen_by(web_ui, discord.mod, discord.general))

    status, body = await act(
        http, "slash", discord.alice, discord.quiz, command="trivia start", options={"rounds": "x"}
    )
    assert status == 400 and body["error"] == "Rounds: enter a whole number."
    status, body = await act(
        http, "slash", discord.alice, discord.quiz, command="trivia start", options={"rounds": "99"}
    )
    assert status == 400 and "outside [1, 20]" in body["error"]


async def test_autocomplete_comes_from_the_bot(
    http: aiohttp.ClientSession, discord: Driver
) -> None:
    status, body = await act(
        http,
        "autocomplete",
        discord.alice,
        discord.general,
        command="quote search",
        option="text",
        typed="promis",
    )
    assert status == 200 and body["choices"]
    assert all("promis" in choice["name"].lower() for choice in body["choices"])


async def test_a_button_is_clicked_by_its_custom_id(
    http: aiohttp.ClientSession, discord: Driver, web_ui: WebUI
) -> None:
    await act(
        http, "slash", discord.alice, discord.quiz, command="trivia start", options={"rounds": "1"}
    )
    question = await discord.wait_for_message(discord.quiz, lambda m: bool(m.buttons))
    button = question.buttons[0]
    status, _ = await act(
        http,
        "click",
        discord.bob,
        discord.quiz,
        message=str(question.id),
        custom_id=button.custom_id,
    )
    assert status == 200
    bobs = seen_by(web_ui, discord.bob, discord.quiz)
    assert any(m["ephemeral"] and "You picked" in m["content"] for m in bobs)
    assert not any(
        "You picked" in m["content"] for m in seen_by(web_ui, discord.alice, discord.quiz)
    )


async def test_a_bot_that_does_not_answer_shows_the_application_did_not_respond(
    http: aiohttp.ClientSession, discord: Driver, web_ui: WebUI
) -> None:
    stale = bot_message(
        discord, "An old button", {"type": 2, "style": 1, "label": "Old", "custom_id": "gone"}
    )
    seen = len(discord.server.interactions.all())
    pending = asyncio.create_task(
        act(http, "click", discord.alice, discord.general, message=str(stale.id), custom_id="gone")
    )
    await _next_interaction(discord.server, seen)
    discord.advance_time(4)  # past Discord's 3-second deadline; the bot knows no such button
    status, body = await pending
    assert status == 200 and body["failed"] == "The application did not respond"
    alices = seen_by(web_ui, discord.alice, discord.general)
    assert alices[-1]["kind"] == "notice" and alices[-1]["ephemeral"]
    assert alices[-1]["content"] == "The application did not respond"
    assert not [m for m in seen_by(web_ui, discord.bob, discord.general) if m["kind"] == "notice"]


def bot_message(discord: Driver, content: str, *components: dict[str, Any]) -> Any:
    """A message of the bot's with components Lantern does not handle (so the test can answer)."""
    state = discord.server.state
    rows = [{"type": 1, "components": [component]} for component in components]
    return state.add_message(discord.general, state.bot, content, components=rows)


async def test_a_request_discord_refused_is_shown_in_its_channel(
    discord: Driver, web_ui: WebUI, loopback_server: LoopbackDiscord
) -> None:
    loopback_server.recorder.rejections.append(
        Violation(
            kind="rejection",
            route="POST /channels/{channel_id}/webhooks",
            path=f"/channels/{discord.spoilers.id}/webhooks",
            status=403,
            code=50013,
            problems=("Missing Permissions",),
        )
    )
    web_ui.collect_refusals()
    for member in (discord.alice, discord.bob):
        shown = seen_by(web_ui, member, discord.spoilers)[-1]
        assert shown["kind"] == "notice" and not shown["ephemeral"]
        assert "403: Missing Permissions" in shown["content"]


async def test_a_member_cannot_post_where_they_may_not_send(
    http: aiohttp.ClientSession, discord: Driver
) -> None:
    discord.set_overwrite(
        discord.quiz, discord.server.world.members_role, deny=Permission.SEND_MESSAGES
    )
    status, body = await act(http, "say", discord.alice, discord.quiz, content="hi")
    assert status == 400
    assert body["error"] == "You do not have permission to send messages in this channel."
    assert discord.history(discord.quiz) == []


async def test_a_deleted_spoiler_comes_back_in_the_authors_direct_messages(
    http: aiohttp.ClientSession, discord: Driver, web_ui: WebUI
) -> None:
    general = discord.general
    for command, options in (
        ("spoilers term add", {"term": "glass lighthouse"}),
        ("spoilers mode", {"mode": "delete"}),
    ):
        status, _ = await act(http, "slash", discord.mod, general, command=command, options=options)
        assert status == 200
    await act(http, "say", discord.bob, general, content="the glass lighthouse burns")
    await discord.wait_until(lambda: bool(discord.dms(discord.bob)))

    dm = guild_view(web_ui.server, discord.bob)["channels"][-1]
    assert dm["dm"] and dm["name"] == "Lantern"
    assert not [c for c in guild_view(web_ui.server, discord.alice)["channels"] if c.get("dm")]
    dm_channel = discord.server.state.channels[int(dm["id"])]
    assert "glass lighthouse" in texts(seen_by(web_ui, discord.bob, dm_channel))
    status, body = await act(http, "say", discord.alice, dm_channel, content="let me in")
    assert status == 400 and body["error"] == "That is someone else's conversation."


async def _next_interaction(server: LoopbackDiscord, seen: int) -> Interaction:
    """The first interaction after the `seen` ones, once a member's action has created it."""
    async with asyncio.timeout(5):
        while len(server.interactions.all()) <= seen:  # noqa: ASYNC110 - the store has no signal
            await asyncio.sleep(0.01)
    return server.interactions.all()[seen]


async def _answer_next_interaction(
    server: LoopbackDiscord, seen: int, response: dict[str, Any]
) -> None:
    """Play the application: answer the first interaction after the `seen` ones."""
    server.interaction_flow.respond(await _next_interaction(server, seen), response, [])


FORM = {
    "custom_id": "feedback",
    "title": "Tell us",
    "components": [
        {
            "type": 1,
            "components": [{"type": 4, "custom_id": "line", "label": "Favourite line", "style": 1}],
        }
    ],
}


async def test_a_form_opens_on_the_page_and_its_submission_reaches_the_application(
    http: aiohttp.ClientSession, discord: Driver, web_ui: WebUI
) -> None:
    server = discord.server
    button = bot_message(
        discord, "Feedback?", {"type": 2, "style": 1, "label": "Open", "custom_id": "form"}
    )
    seen = len(server.interactions.all())
    opening = asyncio.create_task(
        act(http, "click", discord.alice, discord.general, message=str(button.id), custom_id="form")
    )
    await _answer_next_interaction(server, seen, {"type": 9, "data": FORM})
    status, body = await opening
    assert status == 200 and body["kind"] == "modal" and body["modal"]["title"] == "Tell us"

    submitting = asyncio.create_task(
        act(
            http,
            "modal",
            discord.alice,
            discord.general,
            interaction=body["interaction"],
            values={"line": "Home"},
        )
    )
    await _answer_next_interaction(server, seen + 1, {"type": 4, "data": {"content": "Thanks!"}})
    status, _ = await submitting
    submitted = server.interactions.all()[seen + 1]
    assert status == 200 and submitted.data["components"][0]["components"][0]["value"] == "Home"
    assert "Thanks!" in texts(seen_by(web_ui, discord.alice, discord.general))

    status, body = await act(
        http, "modal", discord.bob, discord.general, interaction=str(submitted.id), values={}
    )
    assert status == 400 and body["error"] == "That form is closed."


async def test_a_select_menu_choice_reaches_the_application(
    http: aiohttp.ClientSession, discord: Driver
) -> None:
    server = discord.server
    menu = {
        "type": 3,
        "custom_id": "pick",
        "options": [{"label": "Jingwen", "value": "jingwen"}, {"label": "Li Wei", "value": "li"}],
    }
    message = bot_message(discord, "Who?", menu)
    seen = len(server.interactions.all())
    picking = asyncio.create_task(
        act(
            http,
            "select",
            discord.bob,
            discord.general,
            message=str(message.id),
            custom_id="pick",
            values=["li"],
        )
    )
    await _answer_next_interaction(server, seen, {"type": 6})
    status, body = await picking
    assert status == 200 and body["kind"] == "update"
    assert server.interactions.all()[seen].data["values"] == ["li"]


async def test_members_edit_and_delete_their_own_messages_only(
    http: aiohttp.ClientSession, discord: Driver
) -> None:
    general = discord.general
    _, said = await act(http, "say", discord.alice, general, content="frist")
    status, body = await act(http, "edit", discord.bob, general, message=said["id"], content="x")
    assert status == 400 and "cannot edit someone else's message" in body["error"]
    assert (await act(http, "edit", discord.alice, general, message=said["id"], content="first"))[
        0
    ] == 200
    assert [(m.content, m.edited) for m in discord.history(general)] == [("first", True)]

    status, body = await act(http, "delete", discord.bob, general, message=said["id"])
    assert status == 400 and "cannot delete that message" in body["error"]
    assert (await act(http, "delete", discord.mod, general, message=said["id"]))[0] == 200
    assert discord.history(general) == []
    status, body = await act(http, "delete", discord.alice, general, message=said["id"])
    assert status == 400 and body["error"] == "That message is gone."
