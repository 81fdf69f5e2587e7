"""The sandbox page: a small Discord-like client in the browser, served by the loopback Discord's
own aiohttp app, acting as the demo guild's members through the driver.

    server = LoopbackDiscord(port=8080)
    attach_web(server)          # before server.start()
    await server.start()        # http://127.0.0.1:8080

Like the rest of the package it knows nothing of the bot it serves.
"""

from loopback_discord.web.routes import WebUI, attach_web
from loopback_discord.web.snapshot import load_world, save_world

__all__ = ["WebUI", "attach_web", "load_world", "save_world"]
