"""`QuizRunner`: plays each running quiz on ordinary channel messages, one task per quiz — ask,
wait on the bot's clock, reveal, and end with a summary. It owns those tasks and their errors;
the cog only starts quizzes, stops them and hears when the set of running quizzes changes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import discord

from cogs._replies import SAFE_MENTIONS
from cogs.trivia._embeds import question_embed, reveal_embed, summary_embed
from cogs.trivia._views import quiz_view
from lantern.clock import Clock, sleep_until_or
from lantern.trivia.game import LiveQuiz
from lantern.trivia.records import QuizStatus
from lantern.trivia.service import TriviaService

log = logging.getLogger(__name__)

REVEAL_PAUSE = 5  # seconds between a reveal and the next question


class QuizRunner:
    def __init__(
        self,
        service: TriviaService,
        clock: Clock,
        *,
        typed_answers_on: Callable[[LiveQuiz, Any], bool],
        on_change: Callable[[], None],
    ) -> None:
        self.service = service
        self.clock = clock
        self._typed_answers_on = typed_answers_on
        self._on_change = on_change  # called whenever a quiz starts or ends
        self._tasks: dict[int, asyncio.Task[None]] = {}

    @property
    def running(self) -> bool:
        return bool(self._tasks)

    def start(self, quiz: LiveQuiz, channel: Any) -> None:
        self._tasks[quiz.id] = asyncio.create_task(self._run(quiz, channel))
        self._on_change()

    async def cancel_all(self) -> None:
        """Cancel every quiz and wait for it. Quizzes cut short here stay "running" in the
        database; the next start marks them interrupted and leaves the note, as after a crash."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        # A quiz cancelled before its first step never reached its own clean-up.
        self._tasks.clear()
        self._on_change()

    async def _run(self, quiz: LiveQuiz, channel: Any) -> None:
        # Registered until the very end, so that unloading the cog cancels (and waits for) a
        # quiz that is still writing its summary, before the database closes.
        try:
            status = await self._play(quiz, channel)
            await self._finish(quiz, channel, status)
        except Exception:
            log.exception("Quiz %d could not be ended cleanly", quiz.id)
        finally:
            self._tasks.pop(quiz.id, None)
            self._on_change()

    async def _play(self, quiz: LiveQuiz, channel: Any) -> QuizStatus:
        """Every round in turn; the status the quiz ends with."""
        try:
            while quiz.has_next:
                if await self._play_round(quiz, channel):
                    return QuizStatus.STOPPED
        except (discord.NotFound, discord.Forbidden):
            log.info("Quiz %d ended: channel %d gone or closed to the bot", quiz.id, channel.id)
            return QuizStatus.STOPPED
        except Exception:
            log.exception("Quiz %d failed; ending it", quiz.id)
            return QuizStatus.STOPPED
        return QuizStatus.FINISHED

    async def _play_round(self, quiz: LiveQuiz, channel: Any) -> bool:
        """Ask, wait, reveal; True if the quiz was stopped meanwhile."""
        live = await self.service.open_round(quiz)
        message = await channel.send(
            embed=question_embed(quiz, live, self._typed_answers_on(quiz, channel)),
            view=quiz_view(quiz, live),
            allowed_mentions=SAFE_MENTIONS,
        )
        await self.service.round_posted(live, message.id)
        stopped = await self._wait(quiz, quiz.info.seconds)
        result = await self.service.close_round(quiz)
        reveal = reveal_embed(quiz, live, result, quiz.settings.reveal_passages)
        await message.edit(embed=reveal, view=None, allowed_mentions=SAFE_MENTIONS)
        if stopped:
            return True
        return quiz.has_next and await self._wait(quiz, REVEAL_PAUSE)

    async def _wait(self, quiz: LiveQuiz, seconds: float) -> bool:
        """Sleep on the bot's clock unless the quiz is stopped first; True if stopped."""
        # A deadline fixed now: time can move before the sleeping task first runs.
        deadline = self.clock.now() + timedelta(seconds=seconds)
        quiz.waiting = True
        try:
            return await sleep_until_or(self.clock, deadline, quiz.stop_requested)
        finally:
            quiz.waiting = False

    async def _finish(self, quiz: LiveQuiz, channel: Any, status: QuizStatus) -> None:
        summary = await self.service.end_quiz(quiz, status)
        with contextlib.suppress(discord.HTTPException):
            await channel.send(
                embed=summary_embed(summary, quiz.stopped_by), allowed_mentions=SAFE_MENTIONS
            )
