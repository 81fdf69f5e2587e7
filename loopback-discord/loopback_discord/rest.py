"""The REST front door: every request under /api/v10 is matched against Discord's OpenAPI
description, checked, rate-limited on demand, authorised and handed to a route handler.

Handlers live in the `routes_*` modules; each is a method marked with `@route("METHOD /template")`,
the template spelled exactly as in openapi.json.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from loopback_discord.limits import Problem, form_errors
from loopback_discord.permissions import Permission, channel_permissions
from loopback_discord.recorder import RequestRecord, UnknownRoute, Violation, current_request
from loopback_discord.spec import Operation
from loopback_discord.state import Attachment, Channel

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord

log = logging.getLogger(__name__)

Handler = Callable[["Call"], Awaitable[web.Response]]
PARSED_BODY = web.RequestKey("parsed_body", object)


def route(*routes: str) -> Callable[[Handler], Handler]:
    """Mark a handler for one or more OpenAPI routes, e.g. `@route("GET /users/@me")`."""

    def mark(handler: Handler) -> Handler:
        handler._routes = routes  # type: ignore[attr-defined]
        return handler

    return mark


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    # discord.py compares Content-Type with ==, so no "; charset=utf-8" suffix.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def no_content() -> web.Response:
    return web.Response(status=204)


class ApiError(Exception):
    """A Discord error response. `kind` set means the application broke a rule (a violation)."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        kind: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.kind = kind
        self.problems = problems or []

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.problems:
            data["errors"] = form_errors(self.problems)
        return data


def invalid_form(problems: list[Problem], *, kind: str = "limit") -> ApiError:
    return ApiError(400, 50035, "Invalid Form Body", kind=kind, problems=problems)


def raise_if_invalid(problems: list[Problem]) -> None:
    """400 Invalid Form Body (50035) listing `problems`, when a check found any."""
    if problems:
        raise invalid_form(problems)


def not_found(code: int, what: str) -> ApiError:
    return ApiError(404, code, f"Unknown {what}")


def missing_permissions() -> ApiError:
    return ApiError(403, 50013, "Missing Permissions")


@dataclass
class Call:
    """One request, parsed."""

    request: web.Request
    operation: Operation
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: list[Attachment] = field(default_factory=list)

    def id(self, name: str) -> int:
        return int(self.params[name])

    def flag(self, name: str) -> bool:
        return self.query.get(name, "").lower() in ("1", "true")

    @property
    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}


@dataclass
class RateLimitRule:
    pattern: str
    retry_after: float
    times: int
    is_global: bool = False

    def matches(self, operation: Operation, path: str) -> bool:
        if self.pattern in (operation.route, operation.template):
            return True
        method, _, glob = self.pattern.rpartition(" ")
        return (not method or method == operation.method) and fnmatch.fnmatch(path, glob)


class RestApi:
    def __init__(self, server: LoopbackDiscord, handler_groups: list[object]) -> None:
        self._server = server
        self._handlers: dict[str, Handler] = {}
        self.rate_limits: list[RateLimitRule] = []
        for group in handler_groups:
            self._collect(group)

    def _collect(self, group: object) -> None:
        for name in dir(group):
            handler = getattr(group, name)
            for key in getattr(handler, "_routes", ()):
                self._handlers[key] = handler

    async def handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        match = self._server.spec.match(request.method, path)
        response = await self._respond(request, path, match)
        self._server.recorder.requests.append(
            RequestRecord(
                request.method,
                path,
                match[0].route if match else None,
                response.status,
                time.monotonic(),
            )
        )
        return response

    async def _respond(
        self,
        request: web.Request,
        path: str,
        match: tuple[Operation, dict[str, str]] | None,
    ) -> web.Response:
        if match is None:
            reason = (
                "method not in Discord's API"
                if self._server.spec.has_path(path)
                else "not in Discord's API"
            )
            return self._unknown(request.method, path, reason)
        operation, params = match
        current_request.set((operation.route, path))
        limited = self._rate_limited(operation, path)
        if limited is not None:
            return limited
        try:
            call = await self._parse(request, operation, params)
            self._authorise(request, operation)
            handler = self._handlers.get(operation.route)
            if handler is None:
                return self._unknown(
                    request.method,
                    path,
                    f"{operation.route} is not emulated by the loopback Discord",
                )
            return await handler(call)
        except ApiError as error:
            return self._reject(error, operation, path, request)

    async def _parse(
        self, request: web.Request, operation: Operation, params: dict[str, str]
    ) -> Call:
        query = {key: request.query[key] for key in request.query}
        body, files = await read_body(request)
        problems = operation.check(params, query, body)
        if problems:
            raise ApiError(
                400,
                50035,
                "Invalid Form Body",
                kind="spec",
                problems=[Problem((), "SPEC", p) for p in problems],
            )
        return Call(
            request=request, operation=operation, params=params, query=query, body=body, files=files
        )

    def _authorise(self, request: web.Request, operation: Operation) -> None:
        if not operation.needs_bot_token:
            return
        if request.headers.get("Authorization") != f"Bot {self._server.token}":
            raise ApiError(401, 0, "401: Unauthorized")

    def _unknown(self, method: str, path: str, reason: str) -> web.Response:
        log.warning("unknown route %s %s: %s", method, path, reason)
        self._server.recorder.unknown_routes.append(UnknownRoute(method, path, reason))
        return json_response({"message": "404: Not Found", "code": 0}, status=404)

    def _reject(
        self, error: ApiError, operation: Operation, path: str, request: web.Request
    ) -> web.Response:
        record = Violation(
            kind=error.kind or "rejection",
            route=operation.route,
            path=path,
            status=error.status,
            code=error.code,
            problems=tuple(p.describe() for p in error.problems) or (error.message,),
            body=request.get(PARSED_BODY),
        )
        self._server.recorder.rejections.append(record)
        if error.kind is not None:
            log.warning("violation: %s", record.describe())
            self._server.recorder.violations.append(record)
        return json_response(error.payload(), status=error.status)

    def _rate_limited(self, operation: Operation, path: str) -> web.Response | None:
        for rule in self.rate_limits:
            if rule.times > 0 and rule.matches(operation, path):
                rule.times -= 1
                return _too_many_requests(rule)
        return None


def _too_many_requests(rule: RateLimitRule) -> web.Response:
    body = {
        "message": "You are being rate limited.",
        "retry_after": rule.retry_after,
        "global": rule.is_global,
    }
    headers = {
        # discord.py treats a 429 without Via as a Cloudflare ban, so Discord's proxy header is part of the contract.
        "Via": "1.1 google",
        "Retry-After": str(max(1, round(rule.retry_after))),
        "X-RateLimit-Scope": "global" if rule.is_global else "user",
    }
    return json_response(body, status=429, headers=headers)


async def read_body(request: web.Request) -> tuple[Any, list[Attachment]]:
    """JSON or multipart (payload_json + files[n]) bodies; (None, []) when there is none."""
    if not request.can_read_body:
        return None, []
    if request.content_type == "multipart/form-data":
        return await _read_multipart(request)
    raw = await request.read()
    if not raw:
        return None, []
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise ApiError(
            400, 50109, "The request body contains invalid JSON.", kind="spec"
        ) from error
    request[PARSED_BODY] = body
    return body, []


async def _read_multipart(request: web.Request) -> tuple[Any, list[Attachment]]:
    body: Any = None
    files: list[Attachment] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if part.name == "payload_json":  # type: ignore[union-attr]
            body = json.loads(await part.text())  # type: ignore[union-attr]
        elif part.name and part.name.startswith("files["):  # type: ignore[union-attr]
            data = await part.read()  # type: ignore[union-attr]
            content_type = part.headers.get("Content-Type")  # type: ignore[union-attr]
            files.append(
                Attachment(
                    id=int(part.name[6:-1]),
                    filename=part.filename or "file",
                    size=len(data),
                    content_type=content_type,
                    data=data,
                )
            )  # type: ignore[union-attr]
    request[PARSED_BODY] = body
    return body, files


# -- permission checks shared by the handlers -------------------------------------------------------


def bot_permissions(server: LoopbackDiscord, channel: Channel) -> Permission:
    guild = server.state.guild_of(channel)
    if guild is None:
        return (
            Permission.VIEW_CHANNEL
            | Permission.SEND_MESSAGES
            | Permission.READ_MESSAGE_HISTORY
            | Permission.EMBED_LINKS
            | Permission.ATTACH_FILES
            | Permission.ADD_REACTIONS
        )
    return channel_permissions(guild, guild.members[server.state.bot.id], channel)


def require(server: LoopbackDiscord, channel: Channel, needed: Permission) -> None:
    """403 like Discord: 50001 when the channel is out of sight, 50013 for any other missing bit."""
    have = bot_permissions(server, channel)
    if not have & Permission.VIEW_CHANNEL:
        raise ApiError(403, 50001, "Missing Access")
    if have & needed != needed:
        raise missing_permissions()
