"""What the loopback Discord noticed: every request, spec/limit violations, unknown routes,
and who each message the application sent pings.

A test fails when it leaves violations or unknown routes behind (see `pytest_plugin`);
tests that provoke them on purpose take them with `take_violations()`.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from loopback_discord.state import Pings

# (OpenAPI route, path) of the REST request being handled; aiohttp runs each request in its own
# task, so this is per request. Lets records made deep in a handler name their route.
current_request: ContextVar[tuple[str, str] | None] = ContextVar(
    "loopback_current_request", default=None
)


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    route: str | None  # the OpenAPI route, e.g. "POST /channels/{channel_id}/messages"
    status: int
    at: float  # real monotonic seconds, to show that a client waited after a 429


@dataclass(frozen=True)
class Violation:
    """The application sent something Discord would refuse."""

    kind: str  # "spec", "limit" or "protocol"
    route: str
    path: str
    status: int
    code: int
    problems: tuple[str, ...]
    body: Any = None

    def describe(self) -> str:
        body = json.dumps(self.body, default=str)
        if len(body) > 1500:
            body = body[:1500] + "…"
        lines = [f"[{self.kind}] {self.route} ({self.path}) -> {self.status} code {self.code}"]
        lines += [f"    - {problem}" for problem in self.problems]
        lines.append(f"    body: {body}")
        return "\n".join(lines)


@dataclass(frozen=True)
class UnknownRoute:
    method: str
    path: str
    reason: str  # "not in Discord's API" or "not emulated by the loopback Discord"

    def describe(self) -> str:
        return f"{self.method} {self.path}: {self.reason}"


@dataclass(frozen=True)
class PingRecord:
    """A message the application created or edited through REST, and who it pings."""

    route: str
    path: str
    message_id: int
    content: str
    allowed_mentions: Any  # as sent; None when the request had none (Discord's defaults)
    requested: Pings  # what content + allowed_mentions let through, whatever the sender may do
    pinged: Pings  # what Discord did, the sender's Mention Everyone and mentionable roles applied
    edit: bool = False


@dataclass
class Recorder:
    requests: list[RequestRecord] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    unknown_routes: list[UnknownRoute] = field(default_factory=list)
    rejections: list[Violation] = field(default_factory=list)  # every 4xx, violation or not
    notes: list[str] = field(
        default_factory=list
    )  # silent Discord behaviours worth knowing (dropped embeds)
    pings: list[PingRecord] = field(default_factory=list)

    def take_violations(self) -> list[Violation]:
        taken, self.violations = self.violations, []
        return taken

    def take_unknown_routes(self) -> list[UnknownRoute]:
        taken, self.unknown_routes = self.unknown_routes, []
        return taken

    def take_pings(self) -> list[PingRecord]:
        taken, self.pings = self.pings, []
        return taken

    def requests_to(self, route: str) -> list[RequestRecord]:
        return [r for r in self.requests if r.route == route]
