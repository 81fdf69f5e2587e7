"""The trivia service against a real SQLite database and a manual clock."""

import asyncio
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.errors import LanternError, PermissionDenied
from lantern.pack import load_film_pack
from lantern.trivia.bank import QuestionBank
from lantern.trivia.errors import (
    AlreadyPicked,
    DailyAlreadyAnswered,
    NoQuizRunning,
    QuizAlreadyRunning,
    QuizOver,
    TimeUp,
)
from lantern.trivia.game import LiveQuiz
from lantern.trivia.service import QuizRequest, TriviaService
from tests.unit.plans import postgres_plan

DATA = Path(__file__).resolve().parents[2] / "data"
GUILD, OTHER_GUILD, CHANNEL = 1000, 2000, 55
ALICE, BOB, CAROL = 11, 12, 13
BANK = QuestionBank.from_pack(load_film_pack(DATA))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))  # a Wednesday


@pytest.fixture
def service(db: Database, clock: ManualClock) -> TriviaService:
    return TriviaService(db.trivia, BANK, clock, random.Random(7))


async def start(service: TriviaService, **overrides: object) -> LiveQuiz:
    values: dict[str, object] = {"guild_id": GUILD, "channel_id": CHANNEL, "starter_id": ALICE}
    values.update(overrides)
    return await service.start_quiz(QuizRequest(**values))  # type: ignore[arg-type]


def wrong_index(quiz: LiveQuiz) -> int:
    assert quiz.current is not None
    return (quiz.current.info.correct_index + 1) % len(quiz.current.info.choices)


async def pick(service: TriviaService, quiz: LiveQuiz, member: int, index: int, interaction: int):
    assert quiz.current is not None
    return await service.answer(
        quiz_id=quiz.id,
        number=quiz.current.info.number,
        member_id=member,
        choice_index=index,
        interaction_id=interaction,
    )


async def test_three_members_one_round(service: TriviaService, clock: ManualClock) -> None:
    quiz = await start(service, rounds=2, seconds=20)
    live = await service.open_round(quiz)
    right = live.info.correct_index
    clock.advance(2)
    fast = await pick(service, quiz, ALICE, right, 1)
    clock.advance(8)
    slow = await pick(service, quiz, BOB, right, 2)
    wrong = await pick(service, quiz, CAROL, wrong_index(quiz), 3)
    assert fast.correct and slow.correct and not wrong.correct
    assert fast.points > slow.points > 0 == wrong.points
    assert fast.choice_label == live.answer

    result = await service.close_round(quiz)
    assert [s.member_id for s in result.correct_members] == [ALICE, BOB]
    assert result.answered == 3

    summary = await service.end_quiz(quiz, "finished")
    assert [s.member_id for s in summary.standings] == [ALICE, BOB, CAROL]
    totals = {t.member_id: t for t in summary.totals}
    assert totals[ALICE].points == fast.points
    assert totals[CAROL].answered == 1 and totals[CAROL].correct == 0


async def test_pick_is_final(service: TriviaService) -> None:
    quiz = await start(service)
    live = await service.open_round(quiz)
    await pick(service, quiz, ALICE, wrong_index(quiz), 1)
    with pytest.raises(AlreadyPicked) as error:
        await pick(service, quiz, ALICE, live.info.correct_index, 2)
    assert live.label(wrong_index(quiz)) in error.value.user_message


async def test_replayed_interaction_scores_once(service: TriviaService, db: Database) -> None:
    quiz = await start(service)
    live = await service.open_round(quiz)
    first = await pick(service, quiz, ALICE, live.info.correct_index, 99)
    again = await pick(service, quiz, ALICE, live.info.correct_index, 99)
    assert again.replayed and again.points == first.points
    totals = await db.trivia.member_totals(GUILD, ALICE)
    assert totals is not None and totals.points == first.points and totals.answered == 1


async def test_concurrent_double_click_records_one_answer(
    service: TriviaService, db: Database
) -> None:
    quiz = await start(service)
    await service.open_round(quiz)
    results = await asyncio.gather(
        *(pick(service, quiz, BOB, i % 2, 100 + i) for i in range(6)), return_exceptions=True
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, AlreadyPicked) for r in results if isinstance(r, Exception))
    totals = await db.trivia.member_totals(GUILD, BOB)
    assert totals is not None and totals.answered == 1


async def test_answers_after_the_deadline_are_refused(
    service: TriviaService, clock: ManualClock
) -> None:
    quiz = await start(service, seconds=10)
    await service.open_round(quiz)
    clock.advance(10)
    with pytest.raises(TimeUp):
        await pick(service, quiz, ALICE, 0, 1)


async def test_answer_for_a_closed_round_is_refused(service: TriviaService) -> None:
    quiz = await start(service)
    await service.open_round(quiz)
    await service.close_round(quiz)
    with pytest.raises(TimeUp):
        await pick(service, quiz, ALICE, 0, 1)


async def test_answer_racing_the_close_is_refused_by_the_database(
    service: TriviaService, db: Database, clock: ManualClock
) -> None:
    """The round closed in the database while the click waited for its turn: not recorded."""
    quiz = await start(service)
    live = await service.open_round(quiz)
    await db.trivia.close_round(live.info.id, clock.now())
    with pytest.raises(TimeUp):
        await pick(service, quiz, ALICE, live.info.correct_index, 1)
    assert await db.trivia.member_totals(GUILD, ALICE) is None
    assert await db.trivia.round_answers(live.info.id) == []


async def test_one_quiz_per_channel_with_a_link(service: TriviaService) -> None:
    quiz = await start(service)
    live = await service.open_round(quiz)
    await service.round_posted(live, 777)
    with pytest.raises(QuizAlreadyRunning) as error:
        await start(service, starter_id=BOB)
    assert error.value.quiz_id == quiz.id
    assert error.value.message_id == 777
    other = await start(service, channel_id=CHANNEL + 1)  # another channel is fine
    assert other.id != quiz.id


async def test_stop_by_starter_or_moderator_only(service: TriviaService) -> None:
    quiz = await start(service)
    with pytest.raises(PermissionDenied):
        service.stop_quiz(CHANNEL, BOB, can_manage_messages=False)
    assert not quiz.stop_requested.is_set()
    service.stop_quiz(CHANNEL, BOB, can_manage_messages=True)
    assert quiz.stop_requested.is_set() and quiz.stopped_by == BOB
    await service.end_quiz(quiz, "stopped")
    with pytest.raises(NoQuizRunning):
        service.stop_quiz(CHANNEL, ALICE, can_manage_messages=True)


async def test_restart_keeps_points_and_ends_the_old_quiz(
    database_target: str, clock: ManualClock
) -> None:
    path = database_target
    first_db = Database(path)
    await first_db.open()
    first = TriviaService(first_db.trivia, BANK, clock, random.Random(1))
    quiz = await start(first)
    live = await first.open_round(quiz)
    await first.round_posted(live, 777)
    outcome = await pick(first, quiz, ALICE, live.info.correct_index, 5)
    await first_db.close()  # the process dies; nothing else is written

    second_db = Database(path)
    await second_db.open()
    try:
        second = TriviaService(second_db.trivia, BANK, clock, random.Random(2))
        interrupted = await second.recover_interrupted()
        assert [q.info.id for q in interrupted] == [quiz.id]
        assert interrupted[0].info.channel_id == CHANNEL
        assert interrupted[0].question_message_id == 777  # the question that still has buttons
        totals = await second_db.trivia.member_totals(GUILD, ALICE)
        assert totals is not None and totals.points == outcome.points
        with pytest.raises(QuizOver):
            await second.answer(
                quiz_id=quiz.id, number=1, member_id=BOB, choice_index=0, interaction_id=6
            )
        assert await second.recover_interrupted() == []
        await start(second)  # the channel is free again
    finally:
        await second_db.close()


async def test_typed_answers_with_alias_typo_and_chatter(service: TriviaService) -> None:
    quiz = await start(service)
    live = await service.open_round(quiz)
    answer = live.answer
    typo = answer[:-1] if len(answer) > 7 else answer.upper()
    assert (
        await service.answer_typed(
            channel_id=CHANNEL, member_id=ALICE, text="hmm, no idea", message_id=1
        )
        is None
    )
    outcome = await service.answer_typed(
        channel_id=CHANNEL, member_id=ALICE, text=typo, message_id=2
    )
    assert outcome is not None and outcome.correct and outcome.choice_label == answer
    # A second typed pick by the same member is ignored, not an error in the channel.
    assert (
        await service.answer_typed(channel_id=CHANNEL, member_id=ALICE, text=answer, message_id=3)
        is None
    )


async def test_typed_alias(service: TriviaService) -> None:
    question = BANK.get("grey-vest")
    assert question is not None
    quiz = await start(service)
    quiz.questions[0] = question
    await service.open_round(quiz)
    outcome = await service.answer_typed(
        channel_id=CHANNEL, member_id=BOB, text="feng", message_id=10
    )
    assert outcome is not None and outcome.correct and outcome.choice_label == "Uncle Feng"


async def test_typed_answers_ignored_when_turned_off(service: TriviaService) -> None:
    await service.update_settings(GUILD, typed_answers=False)
    quiz = await start(service)
    live = await service.open_round(quiz)
    assert (
        await service.answer_typed(
            channel_id=CHANNEL, member_id=ALICE, text=live.answer, message_id=1
        )
        is None
    )
    assert await pick(service, quiz, ALICE, live.info.correct_index, 2)  # buttons still count


async def test_typed_answers_ignored_for_a_hidden_spoiler_question(service: TriviaService) -> None:
    spoiler = next(q for q in BANK if q.spoiler)
    hidden = await start(service, include_spoilers=True, wrap_spoilers=True)
    hidden.questions[0] = spoiler
    live = await service.open_round(hidden)
    assert (
        await service.answer_typed(
            channel_id=CHANNEL, member_id=ALICE, text=live.answer, message_id=1
        )
        is None
    )
    await service.end_quiz(hidden, "stopped")
    # In a spoiler channel the question is shown plainly, so typing its answer counts.
    plain = await start(service, include_spoilers=True, wrap_spoilers=False)
    plain.questions[0] = spoiler
    live = await service.open_round(plain)
    outcome = await service.answer_typed(
        channel_id=CHANNEL, member_id=ALICE, text=live.answer, message_id=2
    )
    assert outcome is not None and outcome.correct


async def test_spoilers_left_out_unless_allowed(service: TriviaService) -> None:
    quiz = await start(service, rounds=20, include_spoilers=False)
    assert not any(q.spoiler for q in quiz.questions)
    await service.end_quiz(quiz, "stopped")


async def answer_round(service: TriviaService, quiz: LiveQuiz, answers: dict[int, bool]) -> None:
    live = await service.open_round(quiz)
    for member, correct in answers.items():
        index = live.info.correct_index if correct else wrong_index(quiz)
        await pick(service, quiz, member, index, member * 1000 + live.info.number)
    await service.close_round(quiz)


async def test_leaderboard_sorts_and_own_rank(service: TriviaService, db: Database) -> None:
    quiz = await start(service, rounds=4)
    await answer_round(service, quiz, {ALICE: True, BOB: True, CAROL: False})
    await answer_round(service, quiz, {ALICE: True, BOB: False, CAROL: True})
    await answer_round(service, quiz, {ALICE: False, BOB: False})
    await service.end_quiz(quiz, "finished")

    points = await service.leaderboard(
        GUILD, sort="points", period="all-time", page=0, member_id=CAROL
    )
    assert points.rows[0].member_id == ALICE
    assert points.own is not None and points.own.member_id == CAROL
    accuracy = await service.leaderboard(
        GUILD, sort="accuracy", period="all-time", page=0, member_id=BOB
    )
    assert [r.member_id for r in accuracy.rows] == [ALICE, CAROL, BOB]  # 2/3, 1/2, 1/3
    streak = await service.leaderboard(GUILD, sort="streak", period="week", page=0, member_id=ALICE)
    assert streak.rows[0].member_id == ALICE and streak.rows[0].best_streak == 2
    other = await service.leaderboard(
        OTHER_GUILD, sort="points", period="all-time", page=0, member_id=ALICE
    )
    assert other.rows == () and other.own is None


async def test_leaderboard_pages_of_ten_and_rank_off_page(
    service: TriviaService, clock: ManualClock
) -> None:
    quiz = await start(service, rounds=1, seconds=100)
    live = await service.open_round(quiz)
    for member in range(1, 26):  # earlier members answer faster, so score more
        clock.advance(1)
        await pick(service, quiz, member, live.info.correct_index, 5000 + member)
    await service.close_round(quiz)
    page = await service.leaderboard(GUILD, sort="points", period="all-time", page=0, member_id=25)
    assert page.has_next and len(page.rows) == 10
    assert [r.rank for r in page.rows] == list(range(1, 11))
    assert page.own is not None and page.own.rank == 25
    last = await service.leaderboard(GUILD, sort="points", period="all-time", page=2, member_id=1)
    assert not last.has_next and len(last.rows) == 5 and last.rows[-1].member_id == 25
    assert [r.rank for r in last.rows] == list(range(21, 26))
    beyond = await service.leaderboard(GUILD, sort="points", period="all-time", page=9, member_id=1)
    assert beyond.rows == () and not beyond.has_next


async def test_weekly_board_starts_empty_next_week(
    service: TriviaService, clock: ManualClock
) -> None:
    quiz = await start(service, rounds=1)
    await answer_round(service, quiz, {ALICE: True})
    await service.end_quiz(quiz, "finished")
    clock.advance(timedelta(days=7).total_seconds())
    week = await service.leaderboard(GUILD, sort="points", period="week", page=0, member_id=ALICE)
    assert week.rows == ()
    ever = await service.leaderboard(
        GUILD, sort="points", period="all-time", page=0, member_id=ALICE
    )
    assert ever.rows[0].member_id == ALICE


async def test_stats_report_streaks_fastest_and_rank(
    service: TriviaService, clock: ManualClock
) -> None:
    quiz = await start(service, rounds=4, seconds=20)
    for delay in (3, 1, 5):
        live = await service.open_round(quiz)
        clock.advance(delay)
        await pick(service, quiz, BOB, live.info.correct_index, 900 + live.info.number)
        await service.close_round(quiz)
    await answer_round(service, quiz, {BOB: False, ALICE: True})
    stats = await service.stats(GUILD, BOB)
    assert stats.totals.answered == 4 and stats.totals.correct == 3
    assert stats.totals.streak == 0 and stats.totals.best_streak == 3
    assert stats.totals.fastest_ms == 1000
    assert stats.rank == 1
    nobody = await service.stats(GUILD, 424242)
    assert nobody.rank is None and nobody.totals.answered == 0


async def test_daily_once_per_day_with_day_streak(
    service: TriviaService, clock: ManualClock
) -> None:
    daily, question = await service.daily(GUILD, ALICE)
    assert not question.spoiler
    again, _ = await service.daily(GUILD, ALICE)
    assert again.choices == daily.choices  # the same issued question, not a reshuffle
    outcome = await service.answer_daily(GUILD, ALICE, daily.day, daily.correct_index)
    assert outcome.correct and outcome.day_streak == 1 and outcome.points > 0
    with pytest.raises(DailyAlreadyAnswered):
        await service.answer_daily(GUILD, ALICE, daily.day, daily.correct_index)
    with pytest.raises(DailyAlreadyAnswered):
        await service.daily(GUILD, ALICE)

    clock.advance(86400)
    tomorrow, _ = await service.daily(GUILD, ALICE)
    assert tomorrow.day != daily.day
    outcome = await service.answer_daily(GUILD, ALICE, tomorrow.day, tomorrow.correct_index)
    assert outcome.day_streak == 2
    with pytest.raises(LanternError):
        await service.answer_daily(GUILD, ALICE, daily.day, 0)  # yesterday's button


async def test_daily_question_is_the_same_for_the_guild(service: TriviaService) -> None:
    _, alice_q = await service.daily(GUILD, ALICE)
    _, bob_q = await service.daily(GUILD, BOB)
    assert alice_q.id == bob_q.id


async def test_settings_are_per_guild_and_validated(service: TriviaService) -> None:
    updated = await service.update_settings(
        GUILD, default_seconds=45, typed_answers=False, points={"hard": 99}
    )
    assert updated.default_seconds == 45 and not updated.typed_answers
    assert updated.points["hard"] == 99 and updated.points["easy"] == 10
    assert (await service.settings(GUILD)).points["hard"] == 99
    assert (await service.settings(OTHER_GUILD)).default_seconds == 20
    with pytest.raises(LanternError):
        await service.update_settings(GUILD, default_seconds=3)
    with pytest.raises(LanternError):
        await service.update_settings(GUILD, points={"easy": 0})
    quiz = await start(service)
    assert quiz.info.seconds == 45  # the guild default applies when no seconds are given


async def test_start_validates_options(service: TriviaService) -> None:
    with pytest.raises(LanternError):
        await start(service, rounds=21)
    with pytest.raises(LanternError):
        await start(service, seconds=4)
    with pytest.raises(LanternError):
        await start(service, difficulty="impossible")
    assert service.running_in(CHANNEL) is None


@pytest.mark.parametrize(
    ("sort", "week"), [("points", None), ("accuracy", None), ("streak", "2026-11-23"),
                       ("points", "2026-11-23")]
)  # fmt: skip
async def test_leaderboard_queries_use_indexes(db: Database, sort: str, week: str | None) -> None:
    from lantern.database.trivia import entry_query, leaderboard_page_query

    page = leaderboard_page_query(GUILD, sort, week, 0, 10)  # what leaderboard_rows runs
    rank = entry_query(GUILD, sort, week, member_id=0)  # type: ignore[arg-type]
    for sql, values in (page, rank):
        if db.dialect == "postgres":
            text = await postgres_plan(db, sql, values)
            assert "Index" in text and "Seq Scan" not in text, text
            assert "Sort" not in text, text  # the index gives the board's order
            continue
        rows = await db._fetchall(f"EXPLAIN QUERY PLAN {sql}", values)
        detail = " ".join(str(row["detail"]) for row in rows)
        assert "USING" in detail and "INDEX" in detail, detail
        assert "TEMP B-TREE" not in detail, detail
