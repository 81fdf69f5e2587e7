"""Spoilers: moderator configuration (/spoilers), posting a tagged spoiler (/spoiler), and
enforcement on message create and edit. The rules live in `lantern.spoilers` (its service);
this package only talks to Discord:

- `_cog.py`       the cog: slash commands and the message listeners
- `_settings.py`  the /spoilers settings and stats embeds
- `_modlog.py`    the moderators' log channel and one-time notices
- `_enforcer.py`  carrying out one decision on one message (warn, wrap, delete)
- `_webhooks.py`  the bot's webhook per channel, for reposts
- `_refusals.py`  the memory of calls Discord refused (403), not retried
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.spoilers._cog import Spoilers

if TYPE_CHECKING:
    from app.bot import LanternBot


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(Spoilers(bot))
