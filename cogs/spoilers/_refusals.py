"""The memory of actions Discord refused with a 403 (10,000 invalid requests in 10 minutes get
an IP ban, so a refused action is never simply tried again).

A refusal is kept until the bot's permissions there may have changed: an update of the channel
(or of a thread's parent), of the server's roles or of the bot's own roles, or cached
permissions that differ from those at the refusal. Then the action is tried once more. The
events matter because Discord can refuse while the cache still says "allowed" (it changed
without telling the bot): the cache then looks the same before and after a re-grant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lantern.spoilers.policy import Mode


@dataclass(frozen=True)
class _Refusal:
    guild_id: int
    parent_id: int  # the channel whose overwrites apply: a thread's parent, else the channel
    permissions: int  # the bot's cached permissions when Discord said 403


class RefusalMemory:
    def __init__(self) -> None:
        self._refused: dict[tuple[int, Mode], _Refusal] = {}  # (channel id, mode) -> refusal

    def remember(self, channel: Any, mode: Mode) -> None:
        parent_id = getattr(channel, "parent_id", None) or channel.id
        self._refused[(channel.id, mode)] = _Refusal(
            channel.guild.id, parent_id, _permission_key(channel)
        )

    def was_refused(self, channel: Any, mode: Mode) -> bool:
        """Discord said 403 for this before and nothing since suggests it would say yes."""
        refusal = self._refused.get((channel.id, mode))
        if refusal is None:
            return False
        if refusal.permissions == _permission_key(channel):
            return True
        del self._refused[(channel.id, mode)]
        return False

    def forget_channel(self, channel_id: int) -> None:
        """The channel's settings changed: its refusals (and its threads') may not hold."""
        self._forget(lambda key, refusal: channel_id in (key[0], refusal.parent_id))

    def forget_guild(self, guild_id: int) -> None:
        """Roles changed in the server: none of its refusals may hold."""
        self._forget(lambda _, refusal: refusal.guild_id == guild_id)

    def _forget(self, stale: Callable[[tuple[int, Mode], _Refusal], bool]) -> None:
        for key in [k for k, refusal in self._refused.items() if stale(k, refusal)]:
            del self._refused[key]


def _permission_key(channel: Any) -> int:
    return channel.permissions_for(channel.guild.me).value
