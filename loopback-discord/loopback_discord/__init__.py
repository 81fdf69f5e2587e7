"""Loopback Discord: a strict stand-in Discord on 127.0.0.1 for end-to-end tests of discord.py bots.

It must not import the bot's code: a sandbox mode reuses it to let people try the bot offline.
"""

from loopback_discord.driver import BotHandle, Driver, InteractionFailed
from loopback_discord.intents import Intent
from loopback_discord.invocations import UserCannotDoThat
from loopback_discord.permissions import DEFAULT_BOT_PERMISSIONS, Permission
from loopback_discord.seen import Button, Choice, Embed, Modal, Reply, SeenMessage
from loopback_discord.server import LoopbackDiscord

__all__ = [
    "DEFAULT_BOT_PERMISSIONS",
    "BotHandle",
    "Button",
    "Choice",
    "Driver",
    "Embed",
    "Intent",
    "InteractionFailed",
    "LoopbackDiscord",
    "Modal",
    "Permission",
    "Reply",
    "SeenMessage",
    "UserCannotDoThat",
]
