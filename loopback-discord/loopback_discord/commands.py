"""Application commands as the application registered them (global and per guild)."""

from __future__ import annotations

from typing import Any

from loopback_discord.pulse import Pulse
from loopback_discord.state import DiscordState


class CommandRegistry:
    def __init__(self, state: DiscordState) -> None:
        # The state, not a copy of its application id: a restored sandbox world replaces it.
        self._state = state
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.sync_count = 0
        self._changed = Pulse()

    def commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(guild_id, [])

    def overwrite(self, guild_id: int | None, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Bulk overwrite: commands keep their id when a command of that name and type existed."""
        existing = {(c["type"], c["name"]): c for c in self.commands(guild_id)}
        stored = [
            self._store(body, guild_id, existing.get((body.get("type", 1), body["name"])))
            for body in bodies
        ]
        if guild_id is None:
            self.global_commands = stored
        else:
            self.guild_commands[guild_id] = stored
        self._note_change()
        return stored

    def upsert(self, guild_id: int | None, body: dict[str, Any]) -> dict[str, Any]:
        commands = self.commands(guild_id)
        for index, command in enumerate(commands):
            if (command["type"], command["name"]) == (body.get("type", 1), body["name"]):
                commands[index] = self._store(body, guild_id, command)
                self._note_change()
                return commands[index]
        command = self._store(body, guild_id, None)
        commands.append(command)
        self._note_change()
        return command

    def find_by_id(self, guild_id: int | None, command_id: int) -> dict[str, Any] | None:
        return next((c for c in self.commands(guild_id) if int(c["id"]) == command_id), None)

    def delete(self, guild_id: int | None, command_id: int) -> bool:
        command = self.find_by_id(guild_id, command_id)
        if command is None:
            return False
        self.commands(guild_id).remove(command)
        self._note_change()
        return True

    def resolve(self, name: str, guild_id: int | None) -> dict[str, Any] | None:
        """The chat-input command a user would pick in `guild_id` (guild commands shadow global ones)."""
        pools = ([self.guild_commands.get(guild_id, [])] if guild_id is not None else []) + [
            self.global_commands
        ]
        for pool in pools:
            for command in pool:
                if command["name"] == name and command["type"] == 1:
                    return command
        return None

    async def wait_for_change(self, timeout: float) -> None:  # noqa: ASYNC109
        """Wait for the next sync; TimeoutError when none comes within `timeout` seconds."""
        if not await self._changed.wait(timeout):
            raise TimeoutError

    def _store(
        self, body: dict[str, Any], guild_id: int | None, previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        command = {
            "id": previous["id"] if previous else str(self._state.ids.next()),
            "application_id": str(self._state.application_id),
            "version": str(self._state.ids.next()),
            "type": body.get("type", 1),
            "name": body["name"],
            "name_localizations": body.get("name_localizations"),
            "description": body.get("description", ""),
            "description_localizations": body.get("description_localizations"),
            "options": body.get("options") or [],
            "default_member_permissions": body.get("default_member_permissions"),
            "dm_permission": body.get("dm_permission", True),
            "nsfw": body.get("nsfw", False),
            "contexts": body.get("contexts"),
            "integration_types": body.get("integration_types", [0]),
        }
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        return command

    def _note_change(self) -> None:
        self.sync_count += 1
        self._changed.fire()
