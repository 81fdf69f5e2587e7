"""The bot's webhook per channel, for reposting wrapped spoilers: made once, reused across
reposts (and found again after a restart)."""

from __future__ import annotations

import discord


class WebhookCache:
    def __init__(self, client: discord.Client) -> None:
        self._client = client  # for its own user: which webhooks are the bot's, and their name
        self._webhooks: dict[int, discord.Webhook] = {}

    async def channel_webhook(
        self, channel: discord.TextChannel | discord.ForumChannel
    ) -> discord.Webhook:
        """The bot's webhook in `channel`, reused across reposts (and restarts)."""
        hook = self._webhooks.get(channel.id)
        if hook is None:
            me = self._client.user
            hook = await self._own_webhook(channel) or await channel.create_webhook(
                name=me.name if me else "Lantern",
                reason="Reposting spoilers in ||tags||",
            )
            self._webhooks[channel.id] = hook
        return hook

    async def _own_webhook(
        self, channel: discord.TextChannel | discord.ForumChannel
    ) -> discord.Webhook | None:
        """The webhook this bot made in `channel` before (with a token to post through)."""
        me = self._client.user
        if me is None:
            return None
        hooks = await channel.webhooks()
        return next((h for h in hooks if h.user and h.user.id == me.id and h.token), None)

    def forget(self, channel_id: int) -> None:
        self._webhooks.pop(channel_id, None)
