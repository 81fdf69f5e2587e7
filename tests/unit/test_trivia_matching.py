"""Typed-answer matching, including the cases Red's trivia got wrong."""

import pytest

from lantern.trivia.matching import (
    ChoiceNames,
    allowed_typos,
    answer_names,
    choice_names,
    normalize_answer,
    resolve_guess,
)


def matches(guess: str, answer: str, aliases: list[str] | None = None) -> bool:
    """Does a typed guess mean this answer, through the path a quiz round takes: the answer
    as the round's only choice, resolved as a chat message would be."""
    return resolve_guess(guess, choice_names([answer], answer, aliases or [])) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Uncle Feng", "uncle feng"),
        ("  UNCLE   feng!! ", "uncle feng"),
        ("Her mother’s", "her mothers"),
        ("Her mother's", "her mothers"),
        ("Jìngwén", "jingwen"),
        ("wall-mounted lantern", "wall mounted lantern"),
        ("The seam", "seam"),
        ("a sapling", "sapling"),
        ("The", "the"),  # an article alone is still an answer
        ("“Cool blues”", "cool blues"),
        ("Ｘｉａｏ Ｍｅｉ", "xiao mei"),  # full-width letters fold under NFKD
    ],
)
def test_normalize_answer(text: str, expected: str) -> None:
    assert normalize_answer(text) == expected


def test_red_chair_does_not_match_air() -> None:
    assert not matches("chair", "air")
    assert not matches("hair", "air")
    assert not matches("air", "chair")


def test_short_answer_never_matches_inside_a_longer_guess() -> None:
    assert not matches("my guess is the jade bangle", "jade")
    assert not matches("scarred", "red")
    assert not matches("tree house", "tree")


def test_red_smart_quotes_do_not_break_answers() -> None:
    assert matches("her mother’s", "Her mother’s")
    assert matches("Her mother's", "Her mother’s")
    assert matches("I promised I’d return", "I promised I'd return")
    assert matches("“Penance”", "Penance")


def test_case_accents_and_punctuation_are_ignored() -> None:
    assert matches("LIN HAO", "Lin Hao")
    assert matches("lin-hao.", "Lin Hao")
    assert matches("Jíngwen", "Jingwen")


def test_aliases_are_accepted() -> None:
    assert matches("Feng", "Uncle Feng", ["Feng"])
    assert matches("feng", "Uncle Feng", ["Feng"])
    assert not matches("Feng", "Uncle Feng")


def test_small_typos_are_tolerated_scaled_by_length() -> None:
    assert matches("Jingwn", "Jingwen")
    assert matches("xiao mai", "Xiao Mei")
    assert matches("moonligt", "Moonlight")
    assert matches("monlihgt", "Moonlight")  # a dropped letter and a swapped pair
    assert not matches("moonbeam", "Moonlight")
    assert matches("rubis", "Rubies")  # 1 edit in 6 letters
    assert not matches("rbs", "Rubies")


def test_tolerance_grows_with_length() -> None:
    assert allowed_typos("air") == 0
    assert allowed_typos("duty") == 1
    assert allowed_typos("jingwen") == 2
    assert allowed_typos("forgetting you were ever worth finding") == 3


def test_three_letter_aliases_must_be_exact() -> None:
    # "Mei" (Xiao Mei) and "Wei" (Li Wei) are one letter apart: no typo tolerance there.
    assert not matches("Wei", "Xiao Mei", ["Mei"])
    assert matches("mei", "Xiao Mei", ["Mei"])


def _choices() -> list[ChoiceNames]:
    return [
        ChoiceNames(0, answer_names("Lin Hao", ["Hao"])),
        ChoiceNames(1, answer_names("Li Wei", [])),
        ChoiceNames(2, answer_names("Uncle Feng", ["Feng"])),
        ChoiceNames(3, answer_names("Xiao Mei", [])),
    ]


def test_resolve_guess_picks_the_choice_meant() -> None:
    assert resolve_guess("lin hao", _choices()) == 0
    assert resolve_guess("Li Wie", _choices()) == 1  # typo of a wrong choice is that choice
    assert resolve_guess("feng", _choices()) == 2
    assert resolve_guess("xiao mei!", _choices()) == 3


def test_resolve_guess_ignores_chatter() -> None:
    assert resolve_guess("this is hard", _choices()) is None
    assert resolve_guess("", _choices()) is None
    assert resolve_guess("???", _choices()) is None


def test_exact_wrong_choice_beats_a_near_right_one() -> None:
    choices = [ChoiceNames(0, ("red",)), ChoiceNames(1, ("rod",))]
    assert resolve_guess("rod", choices) == 1
