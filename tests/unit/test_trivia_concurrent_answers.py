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


async def answer_now(db: Database, member: int, correct: bool, interaction: int) -> None:
    round_id = await open_round(db, GUILD, 10_000 + interaction)
    stored = await db.trivia.record_trivia_answer(
        AnswerInput(
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
        ),
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
