"""Trivia queries: quizzes, answers, scores, streaks, leaderboards."""

from __future__ import annotations

from lantern.database.base import QueriesBase


class TriviaQueries(QueriesBase):
    pass
