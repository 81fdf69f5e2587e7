"""The memory of actions Discord refused with a 403: not retried until the bot's permissions
in that channel change (10,000 invalid requests in 10 minutes get an IP ban)."""

from __future__ import annotations

from typing import Any

from lantern.spoilers.policy import Mode


class RefusalMemory:
    def __init__(self) -> None:
        # (channel id, mode) -> the bot's permissions when Discord answered 403.
        self._refused: dict[tuple[int, Mode], int] = {}

    def remember(self, channel: Any, mode: Mode) -> None:
        self._refused[(channel.id, mode)] = _permission_key(channel)

    def was_refused(self, channel: Any, mode: Mode) -> bool:
        """Discord said 403 for this before and the bot's permissions haven't changed since."""
        refused = self._refused.get((channel.id, mode))
        if refused is None:
            return False
        if refused == _permission_key(channel):
            return True
        del self._refused[(channel.id, mode)]
        return False


def _permission_key(channel: Any) -> int:
    return channel.permissions_for(channel.guild.me).value
