"""What the loopback Discord noticed: every request, spec/limit violations, unknown routes.

A test fails when it leaves violations or unknown routes behind (see `pytest_plugin`);
tests that provoke them on purpose take them with `take_violations()`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


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


@dataclass
class Recorder:
    requests: list[RequestRecord] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    unknown_routes: list[UnknownRoute] = field(default_factory=list)
    rejections: list[Violation] = field(default_factory=list)  # every 4xx, violation or not
    notes: list[str] = field(
        default_factory=list
    )  # silent Discord behaviours worth knowing (dropped embeds)

    def take_violations(self) -> list[Violation]:
        taken, self.violations = self.violations, []
        return taken

    def take_unknown_routes(self) -> list[UnknownRoute]:
        taken, self.unknown_routes = self.unknown_routes, []
        return taken

    def requests_to(self, route: str) -> list[RequestRecord]:
        return [r for r in self.requests if r.route == route]

    def report(self) -> str:
        parts = [v.describe() for v in self.violations]
        parts += [f"unknown route: {u.describe()}" for u in self.unknown_routes]
        return "\n".join(parts)
