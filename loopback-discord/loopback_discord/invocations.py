"""Build INTERACTION_CREATE payloads the way the Discord client would for a user's action:
slash commands with typed options, autocomplete, button clicks, selects and modal submits.

The client refuses some inputs outright (a missing required option, a value outside the
choices); those raise `UserCannotDoThat` instead of reaching the application.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loopback_discord.interactions import Interaction, InteractionType
from loopback_discord.payloads import (
    ATTACHMENT_SIZE_LIMIT,
    channel_payload,
    interaction_member_payload,
    member_payload,
    role_payload,
    user_payload,
)
from loopback_discord.permissions import Permission, base_permissions, channel_permissions
from loopback_discord.state import Channel, Guild, Role, User

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord


class UserCannotDoThat(AssertionError):
    """The Discord client would not let the user do this (so the application never hears of it)."""


class OptionType:
    SUB_COMMAND = 1
    SUB_COMMAND_GROUP = 2
    STRING = 3
    INTEGER = 4
    BOOLEAN = 5
    USER = 6
    CHANNEL = 7
    ROLE = 8
    MENTIONABLE = 9
    NUMBER = 10
    ATTACHMENT = 11


# Option types that are not values but a level of the command path ("trivia start").
SUBCOMMAND_TYPES = (OptionType.SUB_COMMAND, OptionType.SUB_COMMAND_GROUP)
CONTEXT_GUILD, CONTEXT_BOT_DM = 0, 1


class CommandInvocation:
    """Turns `("trivia start", {"rounds": 3})` into interaction `data` for the synced command."""

    def __init__(self, server: LoopbackDiscord, channel: Channel) -> None:
        self._server = server
        self._channel = channel
        self.resolved: dict[str, dict[str, Any]] = {}

    def data(
        self,
        command: dict[str, Any],
        path: list[str],
        values: dict[str, Any],
        focused: str | None = None,
    ) -> dict[str, Any]:
        specs, subcommands = self._walk_subcommands(command, path)
        options = self._options(specs, values, focused)
        for node in reversed(subcommands):  # wrap the leaf options, innermost subcommand first
            options = [{**node, "options": options}]
        data: dict[str, Any] = {
            "id": command["id"],
            "name": command["name"],
            "type": 1,
            "options": options,
        }
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if self.resolved:
            data["resolved"] = self.resolved
        return data

    @staticmethod
    def _walk_subcommands(
        command: dict[str, Any], path: list[str]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The leaf's option specs and the chosen group/subcommand nodes, outermost first."""
        specs = command.get("options") or []
        nodes = []
        for name in path:
            sub = _find_option(specs, name, SUBCOMMAND_TYPES)
            if sub is None:
                raise UserCannotDoThat(f"/{command['name']} has no subcommand {name!r}")
            nodes.append({"name": name, "type": sub["type"]})
            specs = sub.get("options") or []
        if _has_subcommands(specs):
            raise UserCannotDoThat(f"/{command['name']} {' '.join(path)} needs a subcommand")
        return specs, nodes

    def _options(
        self, specs: list[dict[str, Any]], values: dict[str, Any], focused: str | None
    ) -> list[dict[str, Any]]:
        unknown = set(values) - {s["name"] for s in specs}
        if unknown:
            raise UserCannotDoThat(
                f"no option(s) {sorted(unknown)}; the command has {[s['name'] for s in specs]}"
            )
        result = []
        for spec in specs:
            name = spec["name"]
            if name == focused:
                result.append(
                    {
                        "name": name,
                        "type": spec["type"],
                        "value": str(values.get(name, "")),
                        "focused": True,
                    }
                )
            elif name in values:
                result.append(
                    {"name": name, "type": spec["type"], "value": self._value(spec, values[name])}
                )
            elif spec.get("required") and focused is None:
                raise UserCannotDoThat(f"option {name!r} is required")
        return result

    def _value(self, spec: dict[str, Any], value: Any) -> Any:
        kind = spec["type"]
        converted = self._convert(kind, value)
        choices = spec.get("choices")
        if choices and converted not in [c["value"] for c in choices]:
            raise UserCannotDoThat(
                f"{value!r} is not one of the choices of {spec['name']!r}: {[c['name'] for c in choices]}"
            )
        _check_range(spec, converted)
        return converted

    def _convert(self, kind: int, value: Any) -> Any:
        if kind == OptionType.STRING:
            return str(value)
        if kind == OptionType.INTEGER:
            return int(value)
        if kind == OptionType.NUMBER:
            return float(value)
        if kind == OptionType.BOOLEAN:
            return bool(value)
        if kind in (OptionType.USER, OptionType.MENTIONABLE) and isinstance(value, User | str):
            return self._resolve_user(
                value if isinstance(value, User) else self._server.state.find_user(value)
            )
        if kind in (OptionType.ROLE, OptionType.MENTIONABLE) and isinstance(value, Role):
            self.resolved.setdefault("roles", {})[str(value.id)] = role_payload(value)
            return str(value.id)
        if kind == OptionType.CHANNEL:
            channel = (
                value if isinstance(value, Channel) else self._server.state.find_channel(str(value))
            )
            self.resolved.setdefault("channels", {})[str(channel.id)] = _resolved_channel(channel)
            return str(channel.id)
        raise UserCannotDoThat(
            f"option type {kind} with value {value!r} is not supported by the driver"
        )

    def _resolve_user(self, user: User) -> str:
        self.resolved.setdefault("users", {})[str(user.id)] = user_payload(user)
        guild = self._server.state.guild_of(self._channel)
        if guild is not None and user.id in guild.members:
            member = member_payload(guild.members[user.id], with_user=False)
            member["permissions"] = str(
                int(channel_permissions(guild, guild.members[user.id], self._channel))
            )
            self.resolved.setdefault("members", {})[str(user.id)] = member
        return str(user.id)


def _resolved_channel(channel: Channel) -> dict[str, Any]:
    payload = channel_payload(channel)
    payload["permissions"] = str(int(Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES))
    return payload


def _find_option(
    specs: list[dict[str, Any]], name: str, kinds: tuple[int, ...]
) -> dict[str, Any] | None:
    return next((s for s in specs if s["name"] == name and s["type"] in kinds), None)


def _has_subcommands(specs: list[dict[str, Any]]) -> bool:
    return any(s["type"] in SUBCOMMAND_TYPES for s in specs)


def _check_range(spec: dict[str, Any], value: Any) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = spec.get("min_value"), spec.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise UserCannotDoThat(f"{spec['name']}={value} is outside [{low}, {high}]")
    if isinstance(value, str):
        low, high = spec.get("min_length"), spec.get("max_length")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            raise UserCannotDoThat(f"{spec['name']} must be {low}..{high} characters long")


def check_can_use_command(
    server: LoopbackDiscord, command: dict[str, Any], user: User, channel: Channel
) -> None:
    """The client hides commands whose default_member_permissions the user lacks."""
    guild = server.state.guild_of(channel)
    if guild is None:
        if command.get("dm_permission") is False or (
            command.get("contexts") is not None and CONTEXT_BOT_DM not in command["contexts"]
        ):
            raise UserCannotDoThat(f"/{command['name']} is not available in DMs")
        return
    member = guild.members.get(user.id)
    if member is None:
        raise UserCannotDoThat(f"{user.username} is not a member of {guild.name}")
    if not channel_permissions(guild, member, channel) & Permission.VIEW_CHANNEL:
        raise UserCannotDoThat(f"{user.username} cannot see #{channel.name}")
    needed = command.get("default_member_permissions")
    have = int(base_permissions(guild, member))
    # "0" hides the command from everyone but administrators.
    if needed is not None and (
        int(needed) & ~have or (needed == "0" and not have & Permission.ADMINISTRATOR)
    ):
        raise UserCannotDoThat(
            f"{user.username} lacks the permissions /{command['name']} requires ({needed})"
        )


def interaction_payload(server: LoopbackDiscord, interaction: Interaction) -> dict[str, Any]:
    """INTERACTION_CREATE data, with every field discord.py 2.7 reads (attachment_size_limit too)."""
    channel = interaction.channel
    guild = server.state.guild_of(channel)
    payload: dict[str, Any] = {
        "id": str(interaction.id),
        "application_id": str(server.state.application_id),
        "type": interaction.type,
        "token": interaction.token,
        "version": 1,
        "channel_id": str(channel.id),
        "channel": _resolved_channel(channel),
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "context": CONTEXT_GUILD if guild else CONTEXT_BOT_DM,
    }
    if interaction.type != InteractionType.PING:
        payload["data"] = interaction.data
    payload.update(_guild_fields(server, interaction, guild) if guild else _dm_fields(interaction))
    if interaction.source_message_id is not None:
        source = server.state.messages[interaction.source_message_id]
        payload["message"] = server.message_payload(source)
    return payload


def _guild_fields(
    server: LoopbackDiscord, interaction: Interaction, guild: Guild
) -> dict[str, Any]:
    channel = interaction.channel
    bot_member = guild.members[server.state.bot.id]
    member = guild.members[interaction.user.id]
    return {
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
        "guild_locale": "en-US",
        "member": interaction_member_payload(guild, member, channel),
        "app_permissions": str(int(channel_permissions(guild, bot_member, channel))),
        "authorizing_integration_owners": {"0": str(guild.id)},
    }


def _dm_fields(interaction: Interaction) -> dict[str, Any]:
    dm_permissions = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES | Permission.EMBED_LINKS
    return {
        "user": user_payload(interaction.user),
        "app_permissions": str(int(dm_permissions)),
        "authorizing_integration_owners": {"0": "0"},
    }


def modal_submit_components(modal: dict[str, Any], values: dict[str, str]) -> list[dict[str, Any]]:
    """Mirror the modal's layout (action rows or labels) with the values the user typed."""
    submitted = []
    for top in modal.get("components") or []:
        if top.get("type") == 18:
            inner = top["component"]
            submitted.append({"type": 18, "id": top.get("id"), "component": _typed(inner, values)})
        else:
            submitted.append(
                {"type": 1, "components": [_typed(c, values) for c in top.get("components") or []]}
            )
    return submitted


def _typed(component: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    if component.get("type") != 4:
        return {
            "type": component.get("type"),
            "custom_id": component.get("custom_id"),
            "values": [],
        }
    return {
        "type": 4,
        "id": component.get("id"),
        "custom_id": component["custom_id"],
        "value": values.get(component["custom_id"], ""),
    }
