"""Checks requests against Discord's OpenAPI description (`openapi.json`, OpenAPI 3.1).

`OpenApiSpec.match` finds the operation for a method and path; `Operation.check` lists
every way a request breaks the spec (path parameters, query parameters, body).
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:discord-openapi"
SPEC_ENV = "LOOPBACK_DISCORD_OPENAPI"
_MAX_SHOWN = 300
_MAX_LEAVES = 3


def find_openapi_file() -> Path:
    """openapi.json from $LOOPBACK_DISCORD_OPENAPI, else the copy shipped in this package
    (Discord's discord-api-spec, MIT, see openapi.LICENSE)."""
    override = os.environ.get(SPEC_ENV)
    candidates = [Path(override)] if override else []
    candidates.append(Path(__file__).resolve().parent / "openapi.json")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"Discord's openapi.json not found; set {SPEC_ENV}. Looked at: {candidates}"
    )


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    validator: Draft202012Validator
    schema_type: Any
    required: bool


@dataclass
class Operation:
    method: str
    template: str
    segments: tuple[str, ...]
    parameters: dict[tuple[str, str], Parameter]
    body_validator: Draft202012Validator | None
    body_required: bool
    needs_bot_token: bool

    @property
    def route(self) -> str:
        return f"{self.method} {self.template}"

    def check(self, path_params: dict[str, str], query: dict[str, str], body: Any) -> list[str]:
        """Every way the request breaks the spec, as readable lines (empty when it conforms)."""
        problems = [*self._check_params("path", path_params), *self._check_params("query", query)]
        problems += self._check_body(body)
        return problems

    def _check_params(self, location: str, given: dict[str, str]) -> list[str]:
        problems = []
        for name, raw in given.items():
            parameter = self.parameters.get((location, name))
            if parameter is None:
                problems.append(
                    f"{location} parameter {name!r} is not in the spec for {self.route}"
                )
                continue
            value = coerce_parameter(raw, parameter.schema_type)
            problems += [
                f"{location} parameter {name}={raw!r}: {_short(e.message)}"
                for e in parameter.validator.iter_errors(value)
            ]
        for (where, name), parameter in self.parameters.items():
            if where == location and parameter.required and name not in given:
                problems.append(f"required {location} parameter {name!r} is missing")
        return problems

    def _check_body(self, body: Any) -> list[str]:
        if body is None:
            return ["a request body is required"] if self.body_required else []
        if self.body_validator is None:
            return [f"{self.route} takes no request body"]
        return [_describe_error(e) for e in self.body_validator.iter_errors(body)]


def coerce_parameter(raw: str, schema_type: Any) -> Any:
    """Query strings carry text; read them as the type the spec declares (discord.py sends wait=1)."""
    types = schema_type if isinstance(schema_type, list) else [schema_type]
    if "boolean" in types and raw.lower() in ("1", "0", "true", "false"):
        return raw.lower() in ("1", "true")
    if "integer" in types and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if "number" in types:
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def _describe_error(error: Any) -> str:
    """Name the deepest failing spots. In anyOf/oneOf unions, branches whose discriminator
    (`type`) does not match are skipped, so the message is about the branch meant."""
    leaves = sorted(_leaf_errors(error), key=lambda e: -len(e.absolute_path))
    described: list[str] = []
    for leaf in leaves:
        line = f"{'/'.join(str(p) for p in leaf.absolute_path) or '(body)'}: {_message(leaf)}"
        if line not in described:
            described.append(line)
    return " | ".join(described[:_MAX_LEAVES])


def _leaf_errors(error: Any) -> list[Any]:
    if not error.context:
        return [error]
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    meant = [b for b in branches.values() if not any(_is_discriminator_miss(e) for e in b)]
    leaves = [
        [leaf for sub in branch for leaf in _leaf_errors(sub)]
        for branch in meant or branches.values()
    ]
    # The branch that fails least (and deepest) is the one the sender meant.
    return min(leaves, key=lambda found: (len(found), -max(len(e.absolute_path) for e in found)))


def _is_discriminator_miss(error: Any) -> bool:
    return bool(error.path) and error.path[-1] == "type" and error.validator in ("enum", "const")


def _message(error: Any) -> str:
    """jsonschema quotes the whole value; for long values say how long instead."""
    if error.validator == "maxLength":
        return f"length {len(error.instance)} exceeds maxLength {error.validator_value}"
    if error.validator == "maxItems":
        return f"{len(error.instance)} items exceed maxItems {error.validator_value}"
    return _short(error.message)


def _short(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


@dataclass
class OpenApiSpec:
    document: dict[str, Any]
    operations: list[Operation] = field(default_factory=list)

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation for `method path` (path relative to /api/v10), preferring literal segments."""
        parts = tuple(path.strip("/").split("/"))
        best: tuple[int, Operation, dict[str, str]] | None = None
        for operation in self.operations:
            if operation.method != method or len(operation.segments) != len(parts):
                continue
            bound = _bind(operation.segments, parts)
            if bound is None:
                continue
            literals = sum(1 for s in operation.segments if not s.startswith("{"))
            if best is None or literals > best[0]:
                best = (literals, operation, bound)
        return None if best is None else (best[1], best[2])

    def has_path(self, path: str) -> bool:
        parts = tuple(path.strip("/").split("/"))
        return any(
            len(o.segments) == len(parts) and _bind(o.segments, parts) is not None
            for o in self.operations
        )


def _bind(segments: tuple[str, ...], parts: tuple[str, ...]) -> dict[str, str] | None:
    bound: dict[str, str] = {}
    for segment, part in zip(segments, parts, strict=True):
        if segment.startswith("{"):
            if not part:
                return None
            bound[segment[1:-1]] = part
        elif segment != part:
            return None
    return bound


@functools.cache
def load_spec(path: str | None = None) -> OpenApiSpec:
    """Parse openapi.json once per process; every server shares the compiled validators."""
    document = json.loads(Path(path or find_openapi_file()).read_text())
    _accept_integer_snowflakes(document)
    registry = Registry().with_resource(
        SPEC_URI, Resource(contents=document, specification=DRAFT202012)
    )
    spec = OpenApiSpec(document=document)
    for template, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters":
                continue
            spec.operations.append(
                _build_operation(registry, document, template, method, operation, shared)
            )
    return spec


def _accept_integer_snowflakes(document: dict[str, Any]) -> None:
    """The spec types snowflakes as strings, but Discord also accepts JSON integers there, and
    discord.py sends them (recipient_id, message_reference ids, attachments[].id = 0)."""
    schemas = document.get("components", {}).get("schemas", {})
    if "SnowflakeType" in schemas:
        schemas["SnowflakeType"] = {
            "anyOf": [schemas["SnowflakeType"], {"type": "integer", "minimum": 0}]
        }


def _build_operation(
    registry: Registry,
    document: dict[str, Any],
    template: str,
    method: str,
    raw: dict[str, Any],
    shared: list,
) -> Operation:
    parameters = {}
    for param in [*shared, *raw.get("parameters", [])]:
        schema = param.get("schema", {})
        resolved = _resolve(document, schema)
        parameters[(param["in"], param["name"])] = Parameter(
            name=param["name"],
            location=param["in"],
            validator=Draft202012Validator(schema, registry=registry)
            if "$ref" not in schema
            else _ref_validator(registry, schema["$ref"]),
            schema_type=resolved.get("type"),
            required=bool(param.get("required")),
        )
    body = raw.get("requestBody")
    body_validator = None
    if body is not None and "application/json" in body.get("content", {}):
        pointer = f"/paths/{_escape(template)}/{method}/requestBody/content/{_escape('application/json')}/schema"
        body_validator = _ref_validator(registry, "#" + pointer)
    security = raw.get("security")
    return Operation(
        method=method.upper(),
        template=template,
        segments=tuple(template.strip("/").split("/")),
        parameters=parameters,
        body_validator=body_validator,
        body_required=bool(body and body.get("required")),
        needs_bot_token=security is not None
        and {} not in security
        and any("BotToken" in s for s in security),
    )


def _ref_validator(registry: Registry, ref: str) -> Draft202012Validator:
    fragment = ref.removeprefix("#")
    return Draft202012Validator({"$ref": f"{SPEC_URI}#{quote(fragment)}"}, registry=registry)


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
