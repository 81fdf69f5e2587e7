"""`/rate` and `/ratings`: members' scores and reviews, the server's summary with its chart.

A thin adapter over `lantern.ratings.service.RatingService`:
- `_cog.py`: the slash commands and the page buttons' clicks;
- `_views.py`: the persistent Newer/Older buttons under the latest reviews;
- `_embeds.py`: the summary, the reviews page and one member's rating.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.ratings._cog import RatingsCog

if TYPE_CHECKING:
    from app.bot import LanternBot


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(RatingsCog(bot))
