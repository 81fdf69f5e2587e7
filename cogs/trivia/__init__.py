"""`/trivia`: quizzes about the film in a channel, a daily question, leaderboards and settings.

A thin adapter over `lantern.trivia.service.TriviaService`, in four parts:
- `_cog.py`: the slash commands, the listeners and what a click or a typed answer does;
- `_runner.py`: the quiz runner, which plays each quiz on ordinary channel messages (so it
  outlasts the 15-minute interaction token) and owns its task and its errors;
- `_views.py`: the persistent buttons, `DynamicItem`s whose custom_id names the quiz, the round
  and the shown position, so a click on a message from before a restart still gets an answer
  ("this quiz is over");
- `_embeds.py`: what questions, reveals, summaries, leaderboards and stats look like.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.trivia._cog import TriviaCog

if TYPE_CHECKING:
    from app.bot import LanternBot


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(TriviaCog(bot))
