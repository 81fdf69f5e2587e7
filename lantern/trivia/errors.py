"""Trivia's domain errors; each carries the friendly text the member sees privately."""

from __future__ import annotations

from lantern.errors import LanternError
from lantern.markdown import escape_markdown


class AlreadyPicked(LanternError):
    def __init__(self, label: str) -> None:
        super().__init__(
            f"You already picked **{escape_markdown(label)}** — your first pick is final."
        )
        self.label = label


class QuizOver(LanternError):
    def __init__(self) -> None:
        super().__init__("This quiz is over. Start a new one with `/trivia start`.")


class TimeUp(LanternError):
    def __init__(self) -> None:
        super().__init__("Time's up for this question — wait for the next one.")


class QuizAlreadyRunning(LanternError):
    def __init__(self, quiz_id: int, message_id: int | None) -> None:
        super().__init__("A quiz is already running in this channel.")
        self.quiz_id = quiz_id
        self.message_id = message_id


class NoQuizRunning(LanternError):
    def __init__(self) -> None:
        super().__init__("There is no quiz running in this channel.")


class NotEnoughQuestions(LanternError):
    pass


class DailyAlreadyAnswered(LanternError):
    pass
