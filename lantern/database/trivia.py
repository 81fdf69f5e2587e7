"""The trivia store: quizzes, answers, scores, streaks, leaderboards.

Every answer updates the per-member totals (`trivia_members`, `trivia_weekly`) in the same
transaction that stores it, so reads never aggregate the answer log: the leaderboard is an
indexed `ORDER BY ... LIMIT 10` and stats a primary-key lookup. A member's own rank is a sum
over per-value member counts (`trivia_rank_counts`, kept by triggers in the same transaction)
plus a count within their tie group, never a count of everyone ahead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from lantern.database.base import Body, Row, SharedConnection, Statement, Store, change, one
from lantern.database.batching import GroupCommit
from lantern.trivia.records import (
    AnswerInput,
    BoardSort,
    DailyRecord,
    GuildTriviaSettings,
    LeaderboardRow,
    MemberTotals,
    QuizInfo,
    QuizStatus,
    RoundInfo,
    Standing,
    StoredAnswer,
)
from lantern.trivia.scoring import StreakScores


@dataclass(frozen=True)
class BoardOrder:
    """One leaderboard ordering. `value` is its first sort key, the one counted per value in
    `trivia_rank_counts` (row `board` = the sort's name); `tie` orders members holding the
    same value, exactly as the rest of `order` does, so pages and ranks agree on ties."""

    order: str
    value: str
    tie: str
    tie_columns: tuple[str, ...]


BOARD_ORDER = {
    BoardSort.POINTS: BoardOrder(
        "points DESC, member_id", "points", "member_id < ?", ("member_id",)
    ),
    BoardSort.ACCURACY: BoardOrder(
        "accuracy DESC, answered DESC, member_id",
        "accuracy",
        "(answered > ? OR (answered = ? AND member_id < ?))",
        ("answered", "answered", "member_id"),
    ),
    BoardSort.STREAK: BoardOrder(
        "best_streak DESC, member_id", "best_streak", "member_id < ?", ("member_id",)
    ),
}
# Members on the board with a higher value of its first sort key: a sum over distinct values.
HIGHER_VALUES_SQL = (
    "SELECT CAST(COALESCE(SUM(members), 0) AS BIGINT) FROM trivia_rank_counts"
    " WHERE guild_id = ? AND week = ? AND board = ? AND value > ?"
)
# trivia_rank_counts rebuilt from the totals (as 0005's first fill): for bulk loads on
# PostgreSQL, which run with the count triggers off. Kept row by row inside ONE transaction,
# every count row would gather a version per member holding its value, each found by walking
# the ones before it: loading 20,000 members took 3.3 s, 10,000 1.1 s, 5,000 0.35 s.
COUNT_TRIGGERS = {
    "trivia_members": "trivia_members_ranked",
    "trivia_weekly": "trivia_weekly_ranked",
}
REBUILD_RANK_COUNTS_SQL = (
    "DELETE FROM trivia_rank_counts",
    *(
        "INSERT INTO trivia_rank_counts (guild_id, week, board, value, members)"
        f" SELECT guild_id, '', '{board}', {column}, COUNT(*) FROM trivia_members"
        f" WHERE answered > 0 GROUP BY guild_id, {column}"
        for board, column in (
            ("points", "points"),
            ("streak", "best_streak"),
            ("accuracy", "accuracy"),
        )
    ),
    *(
        "INSERT INTO trivia_rank_counts (guild_id, week, board, value, members)"
        f" SELECT guild_id, week, '{board}', {column}, COUNT(*) FROM trivia_weekly"
        f" GROUP BY guild_id, week, {column}"
        for board, column in (
            ("points", "points"),
            ("streak", "best_streak"),
            ("accuracy", "accuracy"),
        )
    ),
)
BOARD_COLUMNS = "member_id, points, answered, correct, best_streak, accuracy"
ANSWER_COLUMNS = "member_id, interaction_id, choice_index, correct, points, streak_after"
TOTALS_COLUMNS = "member_id, points, answered, correct, streak, best_streak, fastest_ms, daily_streak, daily_best"

# A scoring answer's statements (run together by _record_answer on the database thread).
CURRENT_STREAK_SQL = "SELECT streak FROM trivia_members WHERE guild_id = ? AND member_id = ?"
EXISTING_ANSWER_SQL = (
    f"SELECT {ANSWER_COLUMNS} FROM trivia_answers WHERE round_id = ? AND member_id = ?"
)
# Inserted only while the round is open and only once per member and interaction.
INSERT_ANSWER_SQL = (
    "INSERT INTO trivia_answers (round_id, member_id, guild_id, interaction_id,"
    " choice_index, correct, points, elapsed_ms, streak_after, answered_at, via)"
    " SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM trivia_rounds"
    " WHERE id = ? AND closed_at IS NULL ON CONFLICT DO NOTHING"
)


def greater(first: str, second: str) -> str:
    """The larger of two SQL values (SQLite's two-argument MAX is PostgreSQL's GREATEST)."""
    return f"CASE WHEN {first} > {second} THEN {first} ELSE {second} END"


def add_answer_set(table: str) -> str:
    """Every answer adds to a totals row the same way (all-time, weekly); accuracy is per
    mille. The old row's columns are qualified by `table`: PostgreSQL refuses a bare name
    there as ambiguous with `excluded`'s."""
    t = table
    return (
        f" points = {t}.points + excluded.points, answered = {t}.answered + 1,"
        f" correct = {t}.correct + excluded.correct,"
        f" accuracy = ({t}.correct + excluded.correct) * 1000 / ({t}.answered + 1)"
    )


ADD_TO_TOTALS_SQL = (
    "INSERT INTO trivia_members (guild_id, member_id, points, answered, correct, accuracy,"
    " streak, best_streak, fastest_ms) VALUES (?, ?, ?, 1, ?, ? * 1000, ?, ?, ?)"
    f" ON CONFLICT (guild_id, member_id) DO UPDATE SET{add_answer_set('trivia_members')},"
    " streak = excluded.streak,"
    f" best_streak = {greater('trivia_members.best_streak', 'excluded.streak')},"
    " fastest_ms = CASE WHEN excluded.fastest_ms IS NULL THEN trivia_members.fastest_ms"
    "   WHEN trivia_members.fastest_ms IS NULL OR excluded.fastest_ms < trivia_members.fastest_ms"
    "   THEN excluded.fastest_ms ELSE trivia_members.fastest_ms END"
)
# A daily answer: a first answer starts the totals row already on the board (answered = 1),
# later ones add to it. The day streak counts days in a row with a correct daily answer
# (the parameter is yesterday); an UPDATE reads old values, so both columns see the same one.
NEXT_DAY_STREAK = (
    "CASE WHEN excluded.correct = 0 THEN 0 WHEN trivia_members.last_daily_day = ?"
    " THEN trivia_members.daily_streak + 1 ELSE 1 END"
)
ADD_DAILY_TO_TOTALS_SQL = (
    "INSERT INTO trivia_members (guild_id, member_id, points, answered, correct, accuracy,"
    " daily_streak, daily_best, last_daily_day) VALUES (?, ?, ?, 1, ?, ? * 1000, ?, ?, ?)"
    f" ON CONFLICT (guild_id, member_id) DO UPDATE SET{add_answer_set('trivia_members')},"
    f" daily_streak = {NEXT_DAY_STREAK},"
    f" daily_best = {greater('trivia_members.daily_best', f'({NEXT_DAY_STREAK})')},"
    " last_daily_day = excluded.last_daily_day"
)
ADD_TO_WEEK_SQL = (
    "INSERT INTO trivia_weekly (guild_id, week, member_id, points, answered, correct,"
    " accuracy, best_streak) VALUES (?, ?, ?, ?, 1, ?, ? * 1000, ?)"
    f" ON CONFLICT (guild_id, week, member_id) DO UPDATE SET{add_answer_set('trivia_weekly')},"
    f" best_streak = {greater('trivia_weekly.best_streak', 'excluded.best_streak')}"
)
# PostgreSQL: the scoring clicks of one guild that arrived together, as one call (migration
# 0012): one round trip.
RECORD_ANSWERS_CALL_SQL = (
    "SELECT o_position, o_inserted, o_points, o_streak"
    " FROM trivia_record_answers(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ORDER BY o_position"
)

ANSWER_DAILY_SQL = (
    "UPDATE trivia_daily SET choice_index = ?, correct = ?, points = ?, answered_at = ?"
    " WHERE guild_id = ? AND member_id = ? AND day = ? AND choice_index IS NULL"
)


def _iso(when: datetime) -> str:
    return when.isoformat()


def _quiz(row: Row) -> QuizInfo:
    return QuizInfo(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        starter_id=row["starter_id"],
        status=QuizStatus(row["status"]),
        rounds=row["rounds"],
        seconds=row["seconds"],
        difficulty=row["difficulty"],
        spoilers=bool(row["spoilers"]),
    )


def _round(row: Row) -> RoundInfo:
    return RoundInfo(
        id=row["id"],
        quiz_id=row["quiz_id"],
        number=row["number"],
        question_id=row["question_id"],
        choices=tuple(json.loads(row["choices"])),
        correct_index=row["correct_index"],
        difficulty=row["difficulty"],
        opened_at=datetime.fromisoformat(row["opened_at"]),
        closes_at=datetime.fromisoformat(row["closes_at"]),
        message_id=row["message_id"],
    )


def _totals(row: Row) -> MemberTotals:
    return MemberTotals(
        member_id=row["member_id"],
        points=row["points"],
        answered=row["answered"],
        correct=row["correct"],
        streak=row["streak"],
        best_streak=row["best_streak"],
        fastest_ms=row["fastest_ms"],
        daily_streak=row["daily_streak"],
        daily_best=row["daily_best"],
    )


def _stored_answer(row: Row) -> StoredAnswer:
    """An answer already in the database (so not inserted by the call that reads it)."""
    return StoredAnswer(
        row["member_id"],
        row["interaction_id"],
        row["choice_index"],
        bool(row["correct"]),
        row["points"],
        row["streak_after"],
        inserted=False,
    )


def _board_row(rank: int, row: Row) -> LeaderboardRow:
    return LeaderboardRow(
        rank, row["member_id"], row["points"], row["answered"], row["correct"], row["best_streak"]
    )


def board_scope(guild_id: int, week: str | None) -> tuple[str, str, tuple[object, ...]]:
    """The board's table, WHERE clause and its parameters: all-time (members who answered)
    or one ISO week."""
    if week is None:
        return "trivia_members", "guild_id = ? AND answered > 0", (guild_id,)
    return "trivia_weekly", "guild_id = ? AND week = ?", (guild_id, week)


def leaderboard_page_query(
    guild_id: int, sort: BoardSort, week: str | None, offset: int, limit: int
) -> tuple[str, tuple[object, ...]]:
    """One page of a board in its order (an index walk, LIMITed): SQL and parameters."""
    table, scope, params = board_scope(guild_id, week)
    order = BOARD_ORDER[sort].order
    sql = f"SELECT {BOARD_COLUMNS} FROM {table} WHERE {scope} ORDER BY {order} LIMIT ? OFFSET ?"
    return sql, (*params, limit, offset)


def entry_query(
    guild_id: int, sort: BoardSort, week: str | None, member_id: int
) -> tuple[str, tuple[object, ...]]:
    """A member's row of a board and its rank: 1 + the members on higher values (summed from
    `trivia_rank_counts`, one row per distinct value, kept by triggers: 0005_trivia_rank.sql)
    + the members of the same value that the tie-break puts first (counted on the board's
    index, within that tie group only). The cost grows with the distinct values above the
    member's and their place among their ties, not with the guild's members.

    The subqueries read the member's own row (`me`); their unqualified columns are the
    counted rows', so `board.tie` gets `me`'s columns where its parameters were."""
    table, scope, params = board_scope(guild_id, week)
    board = BOARD_ORDER[sort]
    tie = board.tie
    for column in board.tie_columns:
        tie = tie.replace("?", f"me.{column}", 1)
    higher = HIGHER_VALUES_SQL.replace("value > ?", f"value > me.{board.value}")
    sql = (
        f"SELECT {BOARD_COLUMNS}, 1 + ({higher}) + (SELECT COUNT(*) FROM {table}"
        f" WHERE {scope} AND {board.value} = me.{board.value} AND {tie}) AS rank"
        f" FROM {table} AS me WHERE {scope} AND member_id = ?"
    )
    return sql, (guild_id, week or "", sort, *params, *params, member_id)


class TriviaStore(Store):
    def __init__(self, shared: SharedConnection) -> None:
        super().__init__(shared)
        self._answer_batches: GroupCommit[
            int, tuple[AnswerInput, StreakScores], StoredAnswer | None
        ] = GroupCommit(self._record_answers_in_one_call)

    # --- per-guild settings -------------------------------------------------------------

    async def trivia_settings(self, guild_id: int) -> GuildTriviaSettings:
        row = await self._fetchone("SELECT * FROM trivia_settings WHERE guild_id = ?", (guild_id,))
        if row is None:
            return GuildTriviaSettings()
        return GuildTriviaSettings(
            default_seconds=row["default_seconds"],
            typed_answers=bool(row["typed_answers"]),
            reveal_passages=bool(row["reveal_passages"]),
            points={
                "easy": row["points_easy"],
                "medium": row["points_medium"],
                "hard": row["points_hard"],
            },
        )

    async def save_trivia_settings(self, guild_id: int, settings: GuildTriviaSettings) -> None:
        values = (
            guild_id,
            settings.default_seconds,
            int(settings.typed_answers),
            int(settings.reveal_passages),
            settings.points["easy"],
            settings.points["medium"],
            settings.points["hard"],
        )
        await self._changed(
            "INSERT INTO trivia_settings (guild_id, default_seconds, typed_answers,"
            " reveal_passages, points_easy, points_medium, points_hard)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET"
            " default_seconds = excluded.default_seconds, typed_answers = excluded.typed_answers,"
            " reveal_passages = excluded.reveal_passages, points_easy = excluded.points_easy,"
            " points_medium = excluded.points_medium, points_hard = excluded.points_hard",
            values,
        )

    # --- quizzes and rounds -------------------------------------------------------------

    async def create_quiz(
        self,
        *,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        rounds: int,
        seconds: int,
        difficulty: str,
        spoilers: bool,
        started_at: datetime,
    ) -> int | None:
        """The new quiz's id, or None when the channel already has a running quiz."""
        async with self.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO trivia_quizzes (guild_id, channel_id, starter_id, rounds,"
                " seconds, difficulty, spoilers, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING id",
                (
                    guild_id,
                    channel_id,
                    starter_id,
                    rounds,
                    seconds,
                    difficulty,
                    int(spoilers),
                    _iso(started_at),
                ),
            )
            return None if row is None else int(row["id"])

    async def running_quiz_in(self, channel_id: int) -> QuizInfo | None:
        row = await self._fetchone(
            "SELECT * FROM trivia_quizzes WHERE channel_id = ? AND status = 'running'",
            (channel_id,),
        )
        return None if row is None else _quiz(row)

    async def running_quizzes(self) -> list[QuizInfo]:
        rows = await self._fetchall("SELECT * FROM trivia_quizzes WHERE status = 'running'")
        return [_quiz(row) for row in rows]

    async def end_quiz(self, quiz_id: int, status: QuizStatus, ended_at: datetime) -> bool:
        """Mark a running quiz over; False if it already was."""
        async with self.transaction() as tx:
            ended = await tx.execute(
                "UPDATE trivia_quizzes SET status = ?, ended_at = ? WHERE id = ? AND status = 'running'",
                (status, _iso(ended_at), quiz_id),
            )
            await tx.execute(
                "UPDATE trivia_rounds SET closed_at = ? WHERE quiz_id = ? AND closed_at IS NULL",
                (_iso(ended_at), quiz_id),
            )
            return ended == 1

    async def add_round(
        self,
        *,
        quiz_id: int,
        guild_id: int,
        number: int,
        question_id: str,
        choices: tuple[str, ...],
        correct_index: int,
        difficulty: str,
        opened_at: datetime,
        closes_at: datetime,
    ) -> RoundInfo:
        async with self.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO trivia_rounds (quiz_id, guild_id, number, question_id, choices,"
                " correct_index, difficulty, opened_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (
                    quiz_id,
                    guild_id,
                    number,
                    question_id,
                    json.dumps(list(choices)),
                    correct_index,
                    difficulty,
                    _iso(opened_at),
                    _iso(closes_at),
                ),
            )
        assert row is not None
        return RoundInfo(
            int(row["id"]),
            quiz_id,
            number,
            question_id,
            choices,
            correct_index,
            difficulty,
            opened_at,
            closes_at,
        )

    async def set_round_message(self, round_id: int, message_id: int) -> None:
        await self._changed(
            "UPDATE trivia_rounds SET message_id = ? WHERE id = ?", (message_id, round_id)
        )

    async def close_round(self, round_id: int, closed_at: datetime) -> None:
        await self._changed(
            "UPDATE trivia_rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
            (_iso(closed_at), round_id),
        )

    async def latest_round(self, quiz_id: int) -> RoundInfo | None:
        row = await self._fetchone(
            "SELECT * FROM trivia_rounds WHERE quiz_id = ? ORDER BY number DESC LIMIT 1",
            (quiz_id,),
        )
        return None if row is None else _round(row)

    async def recent_question_ids(self, guild_id: int, limit: int = 200) -> list[str]:
        """Questions asked lately in the guild, newest first."""
        rows = await self._fetchall(
            "SELECT question_id FROM trivia_rounds WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
            (guild_id, limit),
        )
        return [row["question_id"] for row in rows]

    # --- answers --------------------------------------------------------------------------

    async def record_trivia_answer(
        self, answer: AnswerInput, scores: StreakScores
    ) -> StoredAnswer | None:
        """Store an answer and update the totals in one transaction, at most once per member
        per round (and per interaction), scored by `scores` from the streak before it.
        Returns the stored answer (`inserted` is False when one was already there), or None
        when the round closed before the answer got its turn.

        The whole transaction is one trip: on SQLite one call on the database thread, on
        PostgreSQL one round trip to the server. A scoring click is committed before it is
        acknowledged, and the trips were most of its latency. One guild's score writes take
        turns on both (see PostgresBackend.run)."""
        if self.dialect == "postgres":
            return await self._record_answer_with_others(answer, scores)
        return await self._run(partial(_record_answer, answer, scores), turn_of=answer.guild_id)

    async def _record_answer_with_others(
        self, answer: AnswerInput, scores: StreakScores
    ) -> StoredAnswer | None:
        """PostgreSQL: the answer goes in its guild's next batch (see batching.py)."""
        written = await self._answer_batches.submit(answer.guild_id, (answer, scores))
        if written is not None:
            return written
        existing = await self._fetchone(EXISTING_ANSWER_SQL, (answer.round_id, answer.member_id))
        return None if existing is None else _stored_answer(existing)

    async def _record_answers_in_one_call(
        self, batch: list[tuple[AnswerInput, StreakScores]]
    ) -> list[StoredAnswer | None]:
        """One guild's answers in one call: each one stored (None where it was not: a repeat
        or a closed round). Like a read, the call is tried again once if its connection turns
        out dead: an answer is written at most once per member, round and interaction, so a
        second try of one that did commit only finds it there (a replay of the same click)."""
        rows = await self._fetchall(RECORD_ANSWERS_CALL_SQL, _call_arrays(batch))
        return [
            _inserted(answer, int(row["o_points"]), int(row["o_streak"]))
            if row["o_inserted"]
            else None
            for (answer, _), row in zip(batch, rows, strict=True)
        ]

    async def round_answers(self, round_id: int) -> list[StoredAnswer]:
        rows = await self._fetchall(
            f"SELECT {ANSWER_COLUMNS} FROM trivia_answers WHERE round_id = ?"
            " ORDER BY elapsed_ms, answered_at",
            (round_id,),
        )
        return [_stored_answer(row) for row in rows]

    async def quiz_standings(self, quiz_id: int) -> list[Standing]:
        """This quiz's scores (the answers of one quiz: bounded by its rounds, not the guild)."""
        rows = await self._fetchall(
            "SELECT a.member_id, CAST(SUM(a.points) AS BIGINT) AS points,"
            " CAST(SUM(a.correct) AS BIGINT) AS correct,"
            " COUNT(*) AS answered FROM trivia_answers a"
            " JOIN trivia_rounds r ON r.id = a.round_id WHERE r.quiz_id = ?"
            " GROUP BY a.member_id ORDER BY points DESC, correct DESC, a.member_id",
            (quiz_id,),
        )
        return [
            Standing(row["member_id"], row["points"], row["correct"], row["answered"])
            for row in rows
        ]

    # --- totals, leaderboard, stats ------------------------------------------------------

    async def member_totals(self, guild_id: int, member_id: int) -> MemberTotals | None:
        row = await self._fetchone(
            f"SELECT {TOTALS_COLUMNS} FROM trivia_members WHERE guild_id = ? AND member_id = ?",
            (guild_id, member_id),
        )
        return None if row is None else _totals(row)

    async def quiz_member_totals(self, guild_id: int, quiz_id: int) -> dict[int, MemberTotals]:
        """The totals of everyone who answered in the quiz, by member id, in one query."""
        rows = await self._fetchall(
            f"SELECT {TOTALS_COLUMNS} FROM trivia_members WHERE guild_id = ? AND member_id IN"
            " (SELECT a.member_id FROM trivia_rounds r"
            " JOIN trivia_answers a ON a.round_id = r.id WHERE r.quiz_id = ?)",
            (guild_id, quiz_id),
        )
        return {row["member_id"]: _totals(row) for row in rows}

    async def leaderboard_rows(
        self, guild_id: int, sort: BoardSort, week: str | None, offset: int, limit: int
    ) -> list[LeaderboardRow]:
        rows = await self._fetchall(*leaderboard_page_query(guild_id, sort, week, offset, limit))
        return [_board_row(offset + position + 1, row) for position, row in enumerate(rows)]

    async def leaderboard_entry(
        self, guild_id: int, sort: BoardSort, week: str | None, member_id: int
    ) -> LeaderboardRow | None:
        """A member's own row with its rank in the given ordering (None if not on the board),
        in one query."""
        row = await self._fetchone(*entry_query(guild_id, sort, week, member_id))
        return None if row is None else _board_row(int(row["rank"]), row)

    # --- daily question ----------------------------------------------------------------

    async def issue_daily(
        self,
        *,
        guild_id: int,
        member_id: int,
        day: str,
        question_id: str,
        choices: tuple[str, ...],
        correct_index: int,
        issued_at: datetime,
    ) -> DailyRecord:
        """Issue today's question to a member, or return the one already issued."""
        await self._changed(
            "INSERT INTO trivia_daily (guild_id, member_id, day, question_id,"
            " choices, correct_index, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (
                guild_id,
                member_id,
                day,
                question_id,
                json.dumps(list(choices)),
                correct_index,
                _iso(issued_at),
            ),
        )
        record = await self.daily_record(guild_id, member_id, day)
        assert record is not None
        return record

    async def daily_record(self, guild_id: int, member_id: int, day: str) -> DailyRecord | None:
        row = await self._fetchone(
            "SELECT day, question_id, choices, correct_index, choice_index FROM trivia_daily"
            " WHERE guild_id = ? AND member_id = ? AND day = ?",
            (guild_id, member_id, day),
        )
        if row is None:
            return None
        return DailyRecord(
            row["day"],
            row["question_id"],
            tuple(json.loads(row["choices"])),
            row["correct_index"],
            row["choice_index"],
        )

    async def answer_daily(
        self,
        *,
        guild_id: int,
        member_id: int,
        day: str,
        yesterday: str,
        week: str,
        choice_index: int,
        correct: bool,
        points: int,
        answered_at: datetime,
    ) -> bool:
        """Record the day's answer and update the day streak; False if already answered.
        One trip, like a quiz answer."""
        return await self._run(
            partial(
                _record_daily_answer,
                guild_id=guild_id,
                member_id=member_id,
                day=day,
                yesterday=yesterday,
                week=week,
                choice_index=choice_index,
                correct=int(correct),
                points=points,
                answered_at=_iso(answered_at),
            ),
            turn_of=guild_id,  # it moves counts too: in turn with the guild's clicks
        )


def _record_answer(answer: AnswerInput, scores: StreakScores) -> Body[StoredAnswer | None]:
    """record_trivia_answer's transaction body on SQLite (one trip: see `lantern.database.base`)."""
    row = yield one(CURRENT_STREAK_SQL, (answer.guild_id, answer.member_id))
    before = 0 if row is None else int(row["streak"])
    points, streak = scores.total(before), scores.streak_after(before)
    inserted = yield change(INSERT_ANSWER_SQL, _answer_row(answer, points, streak))
    if inserted != 1:
        return (yield from _existing_answer(answer))
    yield change(ADD_TO_TOTALS_SQL, _totals_row(answer, points, streak))
    yield change(ADD_TO_WEEK_SQL, _week_row(answer, points, streak))
    return _inserted(answer, points, streak)


def _existing_answer(answer: AnswerInput) -> Body[StoredAnswer | None]:
    """The rare refusals (a repeat, a closed round) told apart, off the hot path."""
    row = yield one(EXISTING_ANSWER_SQL, (answer.round_id, answer.member_id))
    return None if row is None else _stored_answer(row)


def _call_arrays(batch: list[tuple[AnswerInput, StreakScores]]) -> tuple[object, ...]:
    """RECORD_ANSWERS_CALL_SQL's arguments: the guild, then one array per column, in
    trivia_record_answers' order. The points tables are padded to one width with their last
    entry (which holds for any longer streak), as a 2-D array must be rectangular."""
    answers = [answer for answer, _ in batch]
    width = max(len(scores.totals) for _, scores in batch)
    totals = [[*s.totals, *[s.totals[-1]] * (width - len(s.totals))] for _, s in batch]
    return (
        answers[0].guild_id,
        [a.round_id for a in answers],
        [a.member_id for a in answers],
        [a.interaction_id for a in answers],
        [a.choice_index for a in answers],
        [a.correct for a in answers],
        [a.elapsed_ms for a in answers],
        [_iso(a.answered_at) for a in answers],
        [str(a.via) for a in answers],
        [a.week for a in answers],
        totals,
    )


def _answer_row(answer: AnswerInput, points: int, streak: int) -> tuple[object, ...]:
    return (
        answer.member_id,
        answer.guild_id,
        answer.interaction_id,
        answer.choice_index,
        int(answer.correct),
        points,
        answer.elapsed_ms,
        streak,
        _iso(answer.answered_at),
        answer.via,
        answer.round_id,
    )


def _totals_row(answer: AnswerInput, points: int, streak: int) -> tuple[object, ...]:
    correct = int(answer.correct)
    fastest = answer.elapsed_ms if answer.correct else None
    return (answer.guild_id, answer.member_id, points, correct, correct, streak, streak, fastest)


def _week_row(answer: AnswerInput, points: int, streak: int) -> tuple[object, ...]:
    correct = int(answer.correct)
    return (answer.guild_id, answer.week, answer.member_id, points, correct, correct, streak)


def _inserted(answer: AnswerInput, points: int, streak: int) -> StoredAnswer:
    return StoredAnswer(
        answer.member_id,
        answer.interaction_id,
        answer.choice_index,
        answer.correct,
        points,
        streak,
        inserted=True,
    )


def _record_daily_answer(
    *,
    guild_id: int,
    member_id: int,
    day: str,
    yesterday: str,
    week: str,
    choice_index: int,
    correct: int,
    points: int,
    answered_at: str,
) -> Body[bool]:
    """answer_daily's transaction body (one trip)."""
    answered = yield change(
        ANSWER_DAILY_SQL,
        (choice_index, correct, points, answered_at, guild_id, member_id, day),
    )
    if answered != 1:
        return False
    # On a first answer the day streak (and best) is 1 if correct, else 0: `correct`.
    # NEXT_DAY_STREAK reads yesterday's date once for the streak, twice for the best.
    first = (guild_id, member_id, points, correct, correct, correct, correct, day)
    yield change(ADD_DAILY_TO_TOTALS_SQL, (*first, yesterday, yesterday, yesterday))
    yield _add_to_week(guild_id, week, member_id, points, correct, streak=0)
    return True


def _add_to_week(
    guild_id: int, week: str, member_id: int, points: int, correct: int, streak: int
) -> Statement:
    """Add one answer to the member's row of that week's board (quiz and daily answers)."""
    return change(ADD_TO_WEEK_SQL, (guild_id, week, member_id, points, correct, correct, streak))
