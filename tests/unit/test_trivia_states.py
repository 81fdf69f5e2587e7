"""Quiz states are enums in the code and the same plain strings in the database as before
(no migration): a stored row reads back as the enum, and what is written is the string."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.pack import load_film_pack
from lantern.trivia.bank import QuestionBank
from lantern.trivia.records import AnswerSource, BoardSort, Period, QuizStatus
from lantern.trivia.service import QuizRequest, TriviaService

BANK = QuestionBank.from_pack(load_film_pack(Path(__file__).resolve().parents[2] / "data"))


def test_values_are_the_strings_the_database_holds() -> None:
    assert list(QuizStatus) == ["running", "finished", "stopped", "interrupted"]
    assert list(BoardSort) == ["points", "accuracy", "streak"]
    assert list(Period) == ["all-time", "week"]
    assert list(AnswerSource) == ["button", "typed"]


async def test_a_quiz_is_stored_as_plain_strings_and_read_back_as_states(db: Database) -> None:
    clock = ManualClock(datetime(2026, 11, 25, 12, tzinfo=UTC))
    service = TriviaService(db.trivia, BANK, clock, random.Random(3))
    quiz = await service.start_quiz(QuizRequest(guild_id=1, channel_id=2, starter_id=3))
    live = await service.open_round(quiz)
    await service.answer(quiz_id=quiz.id, number=1, member_id=4, choice_index=0, interaction_id=5)
    assert (await db.trivia.running_quiz_in(2)).status is QuizStatus.RUNNING  # type: ignore[union-attr]
    summary = await service.end_quiz(quiz, "stopped")
    assert summary.quiz.status is QuizStatus.STOPPED
    type_of = "typeof(status)" if db.trivia.dialect == "sqlite" else "pg_typeof(status)::text"
    [row] = await db._fetchall(f"SELECT status, {type_of} AS kind FROM trivia_quizzes")
    assert (row["status"], row["kind"]) == ("stopped", "text")
    [answer] = await db._fetchall(
        "SELECT via FROM trivia_answers WHERE round_id = ?", (live.info.id,)
    )
    assert answer["via"] == "button"
