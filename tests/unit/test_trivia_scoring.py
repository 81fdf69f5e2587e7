"""Scoring: points by difficulty, speed bonus, streak bonus; deterministic."""

from hypothesis import given
from hypothesis import strategies as st

from lantern.trivia.scoring import (
    score_answer,
    score_daily,
    speed_bonus,
    streak_bonus,
    streak_scores,
)


def test_wrong_answer_scores_nothing_and_resets_the_streak() -> None:
    score = score_answer(correct=False, difficulty="hard", elapsed=1, allowed=20, streak_before=7)
    assert score.total == 0
    assert score.streak == 0


def test_points_by_difficulty_for_a_last_second_answer() -> None:
    for difficulty, base in (("easy", 10), ("medium", 20), ("hard", 30)):
        score = score_answer(
            correct=True, difficulty=difficulty, elapsed=20, allowed=20, streak_before=0
        )
        assert score.total == base


def test_speed_bonus_is_up_to_half_the_base() -> None:
    assert speed_bonus(20, 0, 20) == 10
    assert speed_bonus(20, 10, 20) == 5
    assert speed_bonus(20, 25, 20) == 0
    assert speed_bonus(30, 3, 20) == 12  # floor(15 * 17 / 20)


def test_streak_bonus_grows_then_caps() -> None:
    assert [streak_bonus(n) for n in range(1, 8)] == [0, 5, 10, 15, 20, 20, 20]


def test_full_formula() -> None:
    score = score_answer(correct=True, difficulty="medium", elapsed=5, allowed=20, streak_before=2)
    # base 20 + speed floor(10 * 15/20) = 7 + streak (3rd in a row) 10
    assert (score.base, score.speed_bonus, score.streak_bonus) == (20, 7, 10)
    assert score.total == 37
    assert score.streak == 3


def test_guild_points_override_the_defaults() -> None:
    points = {"easy": 1, "medium": 2, "hard": 100}
    score = score_answer(
        correct=True, difficulty="hard", elapsed=20, allowed=20, streak_before=0, points=points
    )
    assert score.total == 100
    assert score_daily(correct=True, difficulty="easy", points=points) == 1
    assert score_daily(correct=False, difficulty="easy", points=points) == 0


def test_same_inputs_same_score() -> None:
    args = {
        "correct": True,
        "difficulty": "hard",
        "elapsed": 3.3,
        "allowed": 15,
        "streak_before": 4,
    }
    assert score_answer(**args) == score_answer(**args)


@given(
    correct=st.booleans(),
    difficulty=st.sampled_from(("easy", "medium", "hard", "unknown")),
    elapsed=st.floats(0, 40),
    allowed=st.floats(0, 30),
    streak_before=st.integers(0, 500),
)
def test_streak_scores_agree_with_score_answer_for_any_streak(
    correct: bool, difficulty: str, elapsed: float, allowed: float, streak_before: int
) -> None:
    """The table the database scores from gives what score_answer gives, however long the
    streak: past the cap its last entry holds."""
    args = {"correct": correct, "difficulty": difficulty, "elapsed": elapsed, "allowed": allowed}
    table = streak_scores(**args)
    score = score_answer(**args, streak_before=streak_before)
    assert table.total(streak_before) == score.total
    assert table.streak_after(streak_before) == score.streak
