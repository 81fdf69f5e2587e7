"""`/discuss`, `/seen` and `/watchparty`: discussion prompts with a thread for the answers, the
weekly prompt, the "I've seen it" role, and watch parties.

Thin adapters over `lantern.discussion.service.DiscussionService` and
`lantern.watchparty.service.WatchPartyService`, in seven parts:
- `_cog.py`: the slash commands;
- `_views.py`: the persistent "I've seen it" button under prompts;
- `_seen.py`: giving and taking the seen role, and telling moderators once when it can't;
- `_weekly.py`: the scheduler that posts each server's weekly prompt;
- `_embeds.py`: the card a prompt is shown on, and posting it with its thread;
- `_party_cog.py`: `/watchparty schedule|list|cancel` (a Discord scheduled event per showing);
- `_party_runner.py`: the start post and, when it is over, the spoiler thread, each once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.discussion._cog import DiscussionCog
from cogs.discussion._party_cog import WatchPartyCog

if TYPE_CHECKING:
    from app.bot import LanternBot


async def setup(bot: LanternBot) -> None:
    discussion = DiscussionCog(bot)
    await bot.add_cog(discussion)
    await bot.add_cog(WatchPartyCog(bot, discussion.service))
