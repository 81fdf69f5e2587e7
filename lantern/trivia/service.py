"""The trivia service: every trivia action the cog performs, as plain calls.

It owns the running quizzes of this process, records every answer in the database before the
cog acknowledges the click (idempotent on the interaction and on question + member), and
answers leaderboard, stats, daily-question and settings requests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from lantern.clock import Clock
from lantern.database.trivia import TriviaStore
from lantern.errors import LanternError, PermissionDenied
from lantern.markdown import escape_markdown
from lantern.pack import Question
from lantern.shards import GuildFilter, every_guild
from lantern.trivia.bank import DIFFICULTY_CHOICES, QuestionBank
from lantern.trivia.errors import (
    AlreadyPicked,
    DailyAlreadyAnswered,
    NoQuizRunning,
    NotEnoughQuestions,
    QuizAlreadyRunning,
    QuizOver,
    TimeUp,
)
from lantern.trivia.game import LiveQuiz, LiveRound
from lantern.trivia.matching import resolve_guess
from lantern.trivia.records import (
    PAGE_SIZE,
    PERIODS,
    SORTS,
    AnswerInput,
    AnswerOutcome,
    AnswerSource,
    BoardSort,
    DailyOutcome,
    DailyQuestion,
    DailyRecord,
    GuildTriviaSettings,
    InterruptedQuiz,
    LeaderboardPage,
    MemberStats,
    MemberTotals,
    Period,
    QuizInfo,
    QuizStatus,
    QuizSummary,
    RoundResult,
    Standing,
    StoredAnswer,
)
from lantern.trivia.scoring import score_daily, streak_scores
from lantern.trivia.timeutil import next_midnight, previous_day, utc_day, week_key

ROUNDS_RANGE = (1, 20)
SECONDS_RANGE = (5, 120)
POINTS_RANGE = (1, 1000)


@dataclass(frozen=True)
class QuizRequest:
    guild_id: int
    channel_id: int
    starter_id: int
    rounds: int = 5
    difficulty: str = "mixed"
    seconds: int | None = None  # None: the guild's default
    include_spoilers: bool = False  # spoiler questions may be asked
    wrap_spoilers: bool = True  # ...and are shown inside ||...|| (outside spoiler channels)


def _check_range(name: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise LanternError(f"`{name}` must be between {low} and {high}.")


def _empty_totals(member_id: int) -> MemberTotals:
    return MemberTotals(member_id, 0, 0, 0, 0, 0, None, 0, 0)


class TriviaService:
    def __init__(
        self,
        store: TriviaStore,
        bank: QuestionBank,
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.bank = bank
        self.clock = clock
        self.rng = rng or random.Random()
        self._quizzes: dict[int, LiveQuiz] = {}
        self._by_channel: dict[int, int] = {}

    # --- settings -----------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildTriviaSettings:
        return await self.store.trivia_settings(guild_id)

    async def update_settings(
        self,
        guild_id: int,
        *,
        default_seconds: int | None = None,
        typed_answers: bool | None = None,
        reveal_passages: bool | None = None,
        points: dict[str, int | None] | None = None,
    ) -> GuildTriviaSettings:
        current = await self.store.trivia_settings(guild_id)
        changes: dict[str, object] = {}
        if default_seconds is not None:
            _check_range("seconds", default_seconds, SECONDS_RANGE)
            changes["default_seconds"] = default_seconds
        if typed_answers is not None:
            changes["typed_answers"] = typed_answers
        if reveal_passages is not None:
            changes["reveal_passages"] = reveal_passages
        new_points = dict(current.points)
        for difficulty, value in (points or {}).items():
            if value is not None:
                _check_range(f"{difficulty}_points", value, POINTS_RANGE)
                new_points[difficulty] = value
        updated = replace(current, points=new_points, **changes)  # type: ignore[arg-type]
        await self.store.save_trivia_settings(guild_id, updated)
        return updated

    # --- starting, running and ending quizzes ---------------------------------------------

    def running_in(self, channel_id: int) -> LiveQuiz | None:
        quiz_id = self._by_channel.get(channel_id)
        return None if quiz_id is None else self._quizzes.get(quiz_id)

    async def start_quiz(self, request: QuizRequest) -> LiveQuiz:
        """Pick the questions and register the quiz. Raises `QuizAlreadyRunning` (with the
        running quiz's current message) if the channel has one."""
        _check_range("rounds", request.rounds, ROUNDS_RANGE)
        if request.difficulty not in DIFFICULTY_CHOICES:
            raise LanternError(f"`difficulty` must be one of {', '.join(DIFFICULTY_CHOICES)}.")
        settings = await self.store.trivia_settings(request.guild_id)
        seconds = request.seconds if request.seconds is not None else settings.default_seconds
        _check_range("seconds", seconds, SECONDS_RANGE)
        await self._refuse_if_running(request.channel_id)
        questions = await self._pick_questions(request)
        quiz_id = await self.store.create_quiz(
            guild_id=request.guild_id,
            channel_id=request.channel_id,
            starter_id=request.starter_id,
            rounds=len(questions),
            seconds=seconds,
            difficulty=request.difficulty,
            spoilers=request.include_spoilers,
            started_at=self.clock.now(),
        )
        if quiz_id is None:  # another start won the race between the check and the insert
            await self._refuse_if_running(request.channel_id)
            raise QuizAlreadyRunning(0, None)
        info = QuizInfo(
            quiz_id, request.guild_id, request.channel_id, request.starter_id, QuizStatus.RUNNING,
            len(questions), seconds, request.difficulty, request.include_spoilers,
        )  # fmt: skip
        quiz = LiveQuiz(info, questions, request.wrap_spoilers, settings)
        self._quizzes[quiz_id] = quiz
        self._by_channel[request.channel_id] = quiz_id
        return quiz

    async def _refuse_if_running(self, channel_id: int) -> None:
        running = await self.store.running_quiz_in(channel_id)
        if running is not None:
            latest = await self.store.latest_round(running.id)
            raise QuizAlreadyRunning(running.id, latest.message_id if latest else None)

    async def _pick_questions(self, request: QuizRequest) -> list[Question]:
        recent = await self.store.recent_question_ids(request.guild_id)
        questions = self.bank.select(
            request.rounds,
            difficulty=request.difficulty,
            allow_spoilers=request.include_spoilers,
            recent=recent,
            rng=self.rng,
        )
        if not questions:
            raise NotEnoughQuestions(
                f"I have no {request.difficulty} questions that fit here. Try another difficulty."
            )
        return questions

    async def open_round(self, quiz: LiveQuiz) -> LiveRound:
        """Ask the next question: shuffle its choices and store the round before it is shown."""
        question = quiz.questions[quiz.next_number - 1]
        choices, correct_index = question.shuffled_choices(self.rng)
        now = self.clock.now()
        info = await self.store.add_round(
            quiz_id=quiz.id,
            guild_id=quiz.info.guild_id,
            number=quiz.next_number,
            question_id=question.id,
            choices=choices,
            correct_index=correct_index,
            difficulty=question.difficulty,
            opened_at=now,
            closes_at=now + timedelta(seconds=quiz.info.seconds),
        )
        quiz.current = LiveRound(info, question)
        return quiz.current

    async def round_posted(self, live_round: LiveRound, message_id: int) -> None:
        live_round.info = replace(live_round.info, message_id=message_id)
        await self.store.set_round_message(live_round.info.id, message_id)

    async def close_round(self, quiz: LiveQuiz) -> RoundResult:
        live_round = quiz.current
        if live_round is None:
            raise NoQuizRunning()
        live_round.closed = True
        await self.store.close_round(live_round.info.id, self.clock.now())
        answers = await self.store.round_answers(live_round.info.id)
        winners = tuple(Standing(a.member_id, a.points, 1, 1) for a in answers if a.correct)
        return RoundResult(live_round.info, live_round.answer, winners, len(answers))

    def stop_quiz(self, channel_id: int, member_id: int, *, can_manage_messages: bool) -> LiveQuiz:
        """Ask the running quiz to stop; only its starter or a message manager may."""
        quiz = self.running_in(channel_id)
        if quiz is None or quiz.over:
            raise NoQuizRunning()
        if member_id != quiz.info.starter_id and not can_manage_messages:
            raise PermissionDenied(
                "Only the member who started this quiz, or someone with **Manage Messages**, "
                "can stop it."
            )
        quiz.stop(member_id)
        return quiz

    async def end_quiz(self, quiz: LiveQuiz, status: QuizStatus | str) -> QuizSummary:
        """Mark the quiz over (finished, stopped or interrupted) and total it up."""
        status = QuizStatus(status)  # a status's value (a string) is accepted too
        quiz.over = True
        if quiz.current is not None:
            quiz.current.closed = True
        self._quizzes.pop(quiz.id, None)
        if self._by_channel.get(quiz.info.channel_id) == quiz.id:
            del self._by_channel[quiz.info.channel_id]
        await self.store.end_quiz(quiz.id, status, self.clock.now())
        standings = await self.store.quiz_standings(quiz.id)
        found = await self.store.quiz_member_totals(quiz.info.guild_id, quiz.id)
        totals = tuple(found.get(s.member_id) or _empty_totals(s.member_id) for s in standings)
        return QuizSummary(replace(quiz.info, status=status), tuple(standings), totals)

    async def recover_interrupted(self, owns: GuildFilter = every_guild) -> list[InterruptedQuiz]:
        """After a restart: every quiz of our guilds (`owns`: this process's shards; another
        process's quizzes are alive) still marked running lost its process. Mark it over and
        return it with its last question's message, so the cog can mark that message and
        leave a note in the channel. Points already scored stay."""
        interrupted = []
        for info in await self.store.running_quizzes():
            if info.id in self._quizzes or not owns(info.guild_id):
                continue
            latest = await self.store.latest_round(info.id)
            await self.store.end_quiz(info.id, QuizStatus.INTERRUPTED, self.clock.now())
            message_id = latest.message_id if latest is not None else None
            status = replace(info, status=QuizStatus.INTERRUPTED)
            interrupted.append(InterruptedQuiz(status, message_id))
        return interrupted

    # --- answers ------------------------------------------------------------------------

    async def answer(
        self,
        *,
        quiz_id: int,
        number: int,
        member_id: int,
        choice_index: int,
        interaction_id: int,
        via: AnswerSource = AnswerSource.BUTTON,
    ) -> AnswerOutcome:
        """Record a pick (committed before this returns). Raises `AlreadyPicked`, `TimeUp` or
        `QuizOver`; a replay of the same interaction returns the first outcome again."""
        quiz = self._quizzes.get(quiz_id)
        if quiz is None:
            raise QuizOver()
        live_round = quiz.round_for(number)
        replay = live_round.replay_of(member_id, interaction_id)
        if replay is not None:
            return replay
        # One instant for the deadline check and the recorded time, so they cannot disagree.
        now = self.clock.now()
        live_round.check_pick(member_id, choice_index, now)
        stored = await self._store(
            quiz, live_round, member_id, choice_index, interaction_id, via, now
        )
        return self._settle(live_round, stored, interaction_id)

    async def _store(
        self,
        quiz: LiveQuiz,
        live_round: LiveRound,
        member_id: int,
        choice_index: int,
        interaction_id: int,
        via: AnswerSource,
        now: datetime,
    ) -> StoredAnswer | None:
        elapsed = live_round.elapsed(now)
        correct = choice_index == live_round.info.correct_index
        answer = AnswerInput(
            round_id=live_round.info.id,
            guild_id=quiz.info.guild_id,
            member_id=member_id,
            interaction_id=interaction_id,
            choice_index=choice_index,
            correct=correct,
            elapsed_ms=round(elapsed * 1000),
            answered_at=now,
            week=week_key(now),
            via=via,
        )
        scores = streak_scores(
            correct=correct,
            difficulty=live_round.info.difficulty,
            elapsed=elapsed,
            allowed=quiz.info.seconds,
            points=quiz.settings.points,
        )
        return await self.store.record_trivia_answer(answer, scores)

    @staticmethod
    def _settle(
        live_round: LiveRound, stored: StoredAnswer | None, interaction_id: int
    ) -> AnswerOutcome:
        if stored is None:  # the round closed while the answer waited for the database
            raise TimeUp()
        outcome = AnswerOutcome(
            live_round.label(stored.choice_index),
            stored.correct,
            stored.points,
            stored.streak,
            replayed=not stored.inserted,
        )
        live_round.remember(stored.member_id, stored.choice_index, stored.interaction_id, outcome)
        if not stored.inserted and stored.interaction_id != interaction_id:
            raise AlreadyPicked(outcome.choice_label)
        return outcome

    def names_a_choice(self, channel_id: int, text: str) -> bool:
        """Does this chat message name one of the open round's choices? Such a message is a
        pick, counted or not (a second pick, say), and must not stay where others read it."""
        quiz = self.running_in(channel_id)
        live_round = None if quiz is None else quiz.typed_round
        return live_round is not None and resolve_guess(text, live_round.typed_names) is not None

    async def answer_typed(
        self, *, channel_id: int, member_id: int, text: str, message_id: int
    ) -> AnswerOutcome | None:
        """A chat message in a quiz channel: if it names one of the current choices, it is
        that member's pick. Anything else (chatter, a second pick, too late, a round not taking
        typed answers) is ignored."""
        quiz = self.running_in(channel_id)
        live_round = None if quiz is None else quiz.typed_round
        if quiz is None or live_round is None:
            return None
        index = resolve_guess(text, live_round.typed_names)
        if index is None:
            return None
        try:
            return await self.answer(
                quiz_id=quiz.id,
                number=live_round.info.number,
                member_id=member_id,
                choice_index=index,
                interaction_id=message_id,
                via=AnswerSource.TYPED,
            )
        except (AlreadyPicked, TimeUp, QuizOver):
            return None

    # --- leaderboard and stats ------------------------------------------------------------

    async def leaderboard(
        self, guild_id: int, *, sort: str, period: str, page: int, member_id: int
    ) -> LeaderboardPage:
        if sort not in SORTS or period not in PERIODS:
            raise LanternError("That leaderboard doesn't exist.")
        board, span = BoardSort(sort), Period(period)
        week = week_key(self.clock.now()) if span is Period.WEEK else None
        page = max(page, 0)
        # One row more than a page tells whether there is a next page, without counting the
        # guild's members (a count would cost as much as the guild is big).
        rows = await self.store.leaderboard_rows(
            guild_id, board, week, page * PAGE_SIZE, PAGE_SIZE + 1
        )
        own = await self.store.leaderboard_entry(guild_id, board, week, member_id)
        has_next = len(rows) > PAGE_SIZE
        return LeaderboardPage(board, span, page, has_next, tuple(rows[:PAGE_SIZE]), own)

    async def stats(self, guild_id: int, member_id: int) -> MemberStats:
        totals = await self.store.member_totals(guild_id, member_id)
        if totals is None or totals.answered == 0:
            return MemberStats(totals or _empty_totals(member_id), None)
        entry = await self.store.leaderboard_entry(guild_id, BoardSort.POINTS, None, member_id)
        return MemberStats(totals, entry.rank if entry else None)

    # --- the daily question -----------------------------------------------------------------

    def daily_question_for(self, guild_id: int, day: str) -> Question:
        """The same question for everyone in a guild on a given day; no spoilers (it is asked
        wherever the member happens to be)."""
        pool = self.bank.daily_pool
        if not pool:
            raise NotEnoughQuestions("There are no questions for the daily quiz.")
        return random.Random(f"{guild_id}:{day}").choice(pool)

    async def daily(self, guild_id: int, member_id: int) -> tuple[DailyQuestion, Question]:
        now = self.clock.now()
        day = utc_day(now)
        question = self.daily_question_for(guild_id, day)
        choices, correct_index = question.shuffled_choices(self.rng)
        record = await self.store.issue_daily(
            guild_id=guild_id,
            member_id=member_id,
            day=day,
            question_id=question.id,
            choices=choices,
            correct_index=correct_index,
            issued_at=now,
        )
        if record.choice_index is not None:
            raise DailyAlreadyAnswered(
                "You've already answered today's question. The next one comes "
                f"<t:{int(next_midnight(now).timestamp())}:R>."
            )
        totals = await self.store.member_totals(guild_id, member_id)
        daily = DailyQuestion(
            day,
            record.question_id,
            record.choices,
            record.correct_index,
            totals.daily_streak if totals else 0,
        )
        return daily, self.bank.get(record.question_id) or question

    async def answer_daily(
        self, guild_id: int, member_id: int, day: str, choice_index: int
    ) -> DailyOutcome:
        now = self.clock.now()
        record = await self._unanswered_daily(guild_id, member_id, day, choice_index)
        question = self.bank.get(record.question_id)
        correct = choice_index == record.correct_index
        settings = await self.store.trivia_settings(guild_id)
        difficulty = question.difficulty if question else "medium"
        points = score_daily(correct=correct, difficulty=difficulty, points=settings.points)
        recorded = await self.store.answer_daily(
            guild_id=guild_id,
            member_id=member_id,
            day=day,
            yesterday=previous_day(day),
            week=week_key(now),
            choice_index=choice_index,
            correct=correct,
            points=points,
            answered_at=now,
        )
        if not recorded:  # a second click raced the first
            raise DailyAlreadyAnswered("You already answered today's question.")
        totals = await self.store.member_totals(guild_id, member_id)
        return DailyOutcome(
            record.choices[choice_index],
            correct,
            record.choices[record.correct_index],
            points,
            totals.daily_streak if totals else 0,
            question.source if question else "",
            question.spoiler if question else False,
        )

    async def _unanswered_daily(
        self, guild_id: int, member_id: int, day: str, choice_index: int
    ) -> DailyRecord:
        """The member's question for `day`, if it is today's and still open to this pick."""
        if day != utc_day(self.clock.now()):
            raise LanternError("That was an earlier day's question. Try `/trivia daily` again.")
        record = await self.store.daily_record(guild_id, member_id, day)
        if record is None:
            raise LanternError("That daily question isn't yours. Use `/trivia daily` for your own.")
        if record.choice_index is not None:
            picked = escape_markdown(record.choices[record.choice_index])
            raise DailyAlreadyAnswered(f"You already answered today's question with **{picked}**.")
        if not 0 <= choice_index < len(record.choices):
            raise LanternError("That choice doesn't exist.")
        return record
