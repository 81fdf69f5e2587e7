"""The in-memory quiz state: when a quiz takes typed answers, and what typing a choice may be."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lantern.pack import Question, load_film_pack
from lantern.trivia.bank import QuestionBank
from lantern.trivia.game import LiveQuiz, LiveRound
from lantern.trivia.matching import choice_names, resolve_guess
from lantern.trivia.records import GuildTriviaSettings, QuizInfo, RoundInfo

DATA = Path(__file__).resolve().parents[2] / "data"
BANK = QuestionBank.from_pack(load_film_pack(DATA))
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def a_question(*, spoiler: bool) -> Question:
    return next(q for q in BANK if q.spoiler == spoiler)


def a_round(question: Question) -> LiveRound:
    choices = (question.answer, *question.wrong)
    info = RoundInfo(
        1, 1, 1, question.id, choices, 0, question.difficulty, NOW, NOW + timedelta(seconds=20)
    )
    return LiveRound(info, question)


def a_quiz(
    question: Question, *, wrap_spoilers: bool = True, typed_answers: bool = True
) -> LiveQuiz:
    info = QuizInfo(1, 1000, 55, 11, "running", 1, 20, "mixed", question.spoiler)
    settings = GuildTriviaSettings(typed_answers=typed_answers)
    quiz = LiveQuiz(info, [question], wrap_spoilers, settings)
    quiz.current = a_round(question)
    return quiz


def test_open_plain_round_takes_typed_answers() -> None:
    quiz = a_quiz(a_question(spoiler=False))
    assert quiz.takes_typed_answers
    assert quiz.typed_round is quiz.current


def test_no_typed_answers_when_the_guild_turned_them_off() -> None:
    quiz = a_quiz(a_question(spoiler=False), typed_answers=False)
    assert not quiz.takes_typed_answers and quiz.typed_round is None


def test_no_typed_answers_before_the_first_round() -> None:
    quiz = a_quiz(a_question(spoiler=False))
    quiz.current = None
    assert not quiz.takes_typed_answers


def test_no_typed_answers_once_the_round_closed_or_the_quiz_is_over() -> None:
    closed = a_quiz(a_question(spoiler=False))
    assert closed.current is not None
    closed.current.closed = True
    assert not closed.takes_typed_answers
    over = a_quiz(a_question(spoiler=False))
    over.over = True
    assert not over.takes_typed_answers


@pytest.mark.parametrize(("wrap_spoilers", "taken"), [(True, False), (False, True)])
def test_spoiler_question_takes_typed_answers_only_where_it_is_not_hidden(
    wrap_spoilers: bool, taken: bool
) -> None:
    quiz = a_quiz(a_question(spoiler=True), wrap_spoilers=wrap_spoilers)
    assert quiz.current is not None
    # Typing a hidden answer would spell the spoiler out in the channel.
    assert quiz.hides(quiz.current) is not taken
    assert quiz.takes_typed_answers is taken


def test_plain_question_is_never_hidden() -> None:
    quiz = a_quiz(a_question(spoiler=False), wrap_spoilers=True)
    assert quiz.current is not None and not quiz.hides(quiz.current)


def test_typed_names_are_the_choice_names_worked_out_once() -> None:
    question = BANK.get("grey-vest")
    assert question is not None
    live = a_round(question)
    expected = choice_names(live.info.choices, question.answer, question.aliases)
    assert live.typed_names == expected
    assert live.typed_names is live.typed_names  # cached for the round, not rebuilt per message
    assert resolve_guess("feng", live.typed_names) == 0  # an alias of the answer
    # Posting the round's message replaces its info; the choices, and so the names, stay.
    live.info = replace(live.info, message_id=99)
    assert live.typed_names == expected


def test_daily_pool_is_spoiler_free_sorted_and_built_once() -> None:
    pool = BANK.daily_pool
    assert pool and not any(q.spoiler for q in pool)
    assert [q.id for q in pool] == sorted(q.id for q in BANK if not q.spoiler)
    assert BANK.daily_pool is pool
