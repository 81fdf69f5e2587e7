"""Many members answering at once, their accuracies crossing (one member's 50 % becoming 67 %
while another's 67 % becomes 50 %): every answer is stored and every count is right. On
PostgreSQL, writers that each move two members' count rows in opposite orders could deadlock;
the answers of one guild take turns (as SQLite's single writer makes them), so they cannot."""

from __future__ import annotations

import asyncio

from lantern.database import Database
from lantern.database.trivia import AnswerInput
from lantern.trivia.scoring import StreakScores
from tests.unit.test_trivia_rank_counts import (
    NOON,
    WEEKS,
    Answer,
    assert_counts_match_totals,
    open_round,
    store,
)

GUILD, PAIRS = 7, 40


def click(round_id: int, member: int, interaction: int, correct: bool = True) -> AnswerInput:
    """A member's button click on a question of GUILD."""
    return AnswerInput(
        round_id=round_id,
        guild_id=GUILD,
        member_id=member,
        interaction_id=interaction,
        choice_index=0 if correct else 1,
        correct=correct,
        elapsed_ms=900,
        answered_at=NOON,
        week=WEEKS[0],
        via="button",
    )


async def answer_now(db: Database, member: int, correct: bool, interaction: int) -> None:
    round_id = await open_round(db, GUILD, 10_000 + interaction)
    stored = await db.trivia.record_trivia_answer(
        click(round_id, member, interaction, correct),
        StreakScores(correct, (10 if correct else 0,)),
    )
    assert stored is not None and stored.inserted


async def test_crossing_answers_at_once_are_all_stored_and_counted(db: Database) -> None:
    day = 0
    for pair in range(PAIRS):  # member 2p at 1 of 2 correct (50 %), 2p+1 at 2 of 3 (67 %)
        for member, history in ((2 * pair, (True, False)), (2 * pair + 1, (True, True, False))):
            for correct in history:
                day += 1
                await store(db, Answer(GUILD, member, WEEKS[0], 10, correct, False), day)
    # Now at once: the 50 % members answer right (to 67 %), the 67 % ones wrong (to 50 %).
    await asyncio.gather(
        *(
            answer_now(db, member, member % 2 == 0, 1_000_000 + member)
            for member in range(2 * PAIRS)
        )
    )
    await assert_counts_match_totals(db)
    rows = await db._fetchall("SELECT COUNT(*) FROM trivia_answers")
    assert int(rows[0][0]) == day + 2 * PAIRS


async def test_a_double_click_among_many_at_once_is_stored_once(db: Database) -> None:
    """On PostgreSQL clicks that arrive together go in one batch: a member's second click in
    the same batch must find the first (as one at a time it would), and the streaks of the
    members clicking around it stay their own."""
    round_id = await open_round(db, GUILD, 77)
    clicks = [click(round_id, member, 5_000 + member) for member in range(30)]
    clicks.insert(10, click(round_id, 3, 9_999))  # member 3 clicks again, in the thick of it
    stored = await asyncio.gather(
        *(db.trivia.record_trivia_answer(c, StreakScores(True, (10, 15))) for c in clicks)
    )
    assert all(s is not None for s in stored)
    firsts = [s for s in stored if s is not None and s.inserted]
    assert sorted(s.member_id for s in firsts) == list(range(30))
    again = [s for s in stored if s is not None and not s.inserted]
    assert [(s.member_id, s.interaction_id) for s in again] == [(3, 5_003)]
    assert {s.points for s in firsts} == {10}  # a first answer each: a streak of 0 before
    rows = await db._fetchall("SELECT COUNT(*) FROM trivia_answers WHERE round_id = ?", (round_id,))
    assert int(rows[0][0]) == 30


async def test_one_members_answers_in_one_batch_see_each_others_streak(db: Database) -> None:
    """A member answering two quizzes' questions at the same moment: the second answer is
    scored on the streak the first made, batch or not."""
    rounds = [await open_round(db, GUILD, channel) for channel in (81, 82)]
    # On PostgreSQL click 0 goes on its own, the rest in one batch after it, member 500's two
    # answers (clicks 1 and 2) among them.
    clicks = [click(rounds[n % 2], 500 if n in (1, 2) else 600 + n, 7_000 + n) for n in range(12)]
    stored = await asyncio.gather(
        *(db.trivia.record_trivia_answer(c, StreakScores(True, (10, 15))) for c in clicks)
    )
    both = sorted((s.points, s.streak) for s in stored[1:3] if s is not None)
    assert both == [(10, 1), (15, 2)]
    totals = await db.trivia.member_totals(GUILD, 500)
    assert totals is not None and (totals.points, totals.streak) == (25, 2)
