"""`/discuss` and `/seen`: discussion prompts with a thread for the answers, the weekly prompt,
and the "I've seen it" role.

A thin adapter over `lantern.discussion.service.DiscussionService`, in five parts:
- `_cog.py`: the slash commands;
- `_views.py`: the persistent "I've seen it" button under prompts;
- `_seen.py`: giving and taking the seen role, and telling moderators once when it can't;
- `_weekly.py`: the scheduler that posts each server's weekly prompt;
- `_embeds.py`: the card a prompt is shown on, and posting it with its thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.discussion._cog import DiscussionCog

if TYPE_CHECKING:
    from app.bot import LanternBot


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(DiscussionCog(bot))
