"""pytest fixtures for the loopback Discord. Installing the package enables them (the `pytest11`
entry point `loopback_discord`; `-p no:loopback_discord` turns them off). Do not also list this
module in `pytest_plugins`: pytest would refuse to register it twice.

Fixtures:
- `loopback_server`: a started `LoopbackDiscord` with the standard guild, on a free port.
- `discord`: the `Driver` on it (alice, bob, mod, #general, #spoilers, #quiz, …).

Options: any `LoopbackDiscord` keyword (`bot_name`, `bot_permissions`,
`portal_privileged_intents`, ...), for every test by overriding the `loopback_options` fixture in a
conftest.py, for one test with `@pytest.mark.loopback(...)` (which wins).

The fixtures are async: they need pytest-asyncio (auto or strict mode).

Any spec/limit/protocol violation or unknown route a test leaves behind fails that test,
with the route, the body and the error; tests that provoke them on purpose call
`discord.take_violations()` / `loopback_server.recorder.take_unknown_routes()`.

A safety net: a message the application (or its webhooks) creates or edits whose
request lets Discord ping @everyone, @here or a role fails the test too, as a "mentions"
violation. It is judged by the content and `allowed_mentions` alone, not by whether the bot holds
Mention Everyone here: servers that grant it (or Administrator) would get the ping. Tests that
ping on purpose claim the record with `discord.take_pings()`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator
from typing import Any

import pytest

from loopback_discord.driver import Driver
from loopback_discord.recorder import PingRecord, Violation
from loopback_discord.server import LoopbackDiscord
from loopback_discord.state import Channel, User

try:  # strict mode needs pytest-asyncio's own decorator; auto mode takes either
    from pytest_asyncio import fixture as async_fixture
except ImportError:  # without pytest-asyncio no async fixture runs anyway
    async_fixture = pytest.fixture

SERVER_FIXTURE = "loopback_server"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "loopback(**options): LoopbackDiscord options (bot_name, bot_permissions, "
        "portal_privileged_intents)",
    )


@pytest.fixture
def loopback_options() -> dict[str, Any]:
    """`LoopbackDiscord` keywords for every test; override it in a conftest.py, e.g. to give the
    application its name: `return {"bot_name": "MyBot"}`."""
    return {}


@async_fixture
async def loopback_server(
    request: pytest.FixtureRequest, loopback_options: dict[str, Any]
) -> AsyncIterator[LoopbackDiscord]:
    marker = request.node.get_closest_marker("loopback")
    options = loopback_options | (dict(marker.kwargs) if marker else {})
    server = LoopbackDiscord(**options)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    _fail_on_leftovers(server, when="during teardown")


@pytest.fixture
def discord(loopback_server: LoopbackDiscord) -> Driver:
    return Driver(loopback_server)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    result = yield
    server = getattr(item, "funcargs", {}).get(SERVER_FIXTURE)
    if isinstance(server, LoopbackDiscord):
        _fail_on_leftovers(server, when="")
    return result


def _fail_on_leftovers(server: LoopbackDiscord, *, when: str) -> None:
    violations = server.recorder.take_violations()
    violations += [_as_violation(p) for p in server.recorder.take_pings() if p.requested.mass]
    unknown = server.recorder.take_unknown_routes()
    if not violations and not unknown:
        return
    lines = [f"The loopback Discord refused what the application sent{' ' + when if when else ''}:"]
    lines += [v.describe() for v in violations]
    lines += [f"unknown route: {u.describe()}" for u in unknown]
    pytest.fail("\n".join(lines), pytrace=False)


def _as_violation(ping: PingRecord) -> Violation:
    verb = "edit would mention" if ping.edit else "message would ping"
    return Violation(
        kind="mentions",
        route=ping.route,
        path=ping.path,
        status=200,
        code=0,
        problems=(
            f"{verb} {ping.requested.describe()} (pass AllowedMentions.none() for user text)",
        ),
        body={"content": ping.content, "allowed_mentions": ping.allowed_mentions},
    )


# -- the standard guild's people and places, as fixtures for short test signatures ----------------


@pytest.fixture
def alice(discord: Driver) -> User:
    return discord.alice


@pytest.fixture
def bob(discord: Driver) -> User:
    return discord.bob


@pytest.fixture
def mod(discord: Driver) -> User:
    return discord.mod


@pytest.fixture
def general(discord: Driver) -> Channel:
    return discord.general


@pytest.fixture
def spoilers(discord: Driver) -> Channel:
    return discord.spoilers


@pytest.fixture
def quiz(discord: Driver) -> Channel:
    return discord.quiz
