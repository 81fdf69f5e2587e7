"""Test-wide configuration: the loopback Discord's fixtures (`loopback_server`, `discord`, …)."""

pytest_plugins = ["loopback_discord.pytest_plugin"]
