"""Adapter details that Discord would otherwise refuse at run time."""

from __future__ import annotations

from cogs.spoilers._enforcer import webhook_username


def test_webhook_usernames_discord_would_refuse_are_made_acceptable() -> None:
    assert "discord" not in webhook_username("Discord fan").lower()
    assert "clyde" not in webhook_username("Clyde").lower()
    assert len(webhook_username("x" * 200)) == 80
    assert webhook_username("") == "member"
    assert webhook_username("Alice") == "Alice"
