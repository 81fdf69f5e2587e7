"""Generated fill-in-the-blanks are fair or not made: synthetic packs that tempt the generator
with each unfair blank, then the same rules over the shipped pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from lantern.pack import FilmPack, load_film_pack
from lantern.pack.fairness import is_plural, same_thing
from lantern.trivia.bank import QuestionBank
from lantern.trivia.generated import blank_problem, generate_blanks

REVIEW = (
    "Ana hides something small under her long coat—a locket? No. It’s a brass key from her old home. "
    "And then there’s Ana’s final moment. "
    "Bo wears crimson velvet to the long dinner party by the river. "
    "Later her red dress glows softly in the dark hall of the house. "
    "Cy sits alone on a bridge above the quiet water, counting old coins. "
    "Di walks the streets; Di loves the alleys, the garden, the station and the river."
)
FILM = """
[film]
title = "Walk"
review = "review.txt"
setting = "A town"
{characters}
[same_things]
dress = ["crimson velvet", "red dress"]
"""
TRIVIA = """
[blanks.things]
terms = ["locket", "key", "ring", "comb", "pin", "coat"]
[blanks.clothing]
terms = ["crimson velvet", "red dress", "scarf", "hat", "glove"]
[blanks.places]
terms = ["bridge", "streets", "alleys", "garden", "station", "river"]
"""


@pytest.fixture
def synthetic(tmp_path: Path) -> FilmPack:
    people = "".join(
        f'[[characters]]\nid = "{name.lower()}"\nname = "{name}"\nsummary = "Someone."\n'
        for name in ("Ana", "Bo", "Cy", "Di")
    )
    (tmp_path / "review.txt").write_text(REVIEW, encoding="utf-8")
    (tmp_path / "film.toml").write_text(FILM.format(characters=people), encoding="utf-8")
    (tmp_path / "trivia.toml").write_text(TRIVIA, encoding="utf-8")
    return load_film_pack(tmp_path)


def by_answer(pack: FilmPack) -> dict[str, list]:  # type: ignore[type-arg]
    found: dict[str, list] = {}  # type: ignore[type-arg]
    for question in generate_blanks(pack):
        found.setdefault(question.answer, []).append(question)
    return found


def test_no_blank_in_a_question_the_review_answers_no(synthetic: FilmPack) -> None:
    made = by_answer(synthetic)
    assert "Locket" not in made  # "—a locket? No. It’s a brass key"
    (key,) = made["Key"]  # the statement the review makes instead is fair
    assert "a locket? No. It’s a brass _____ from her old home." in key.prompt


def test_no_blank_without_a_clue(synthetic: FilmPack) -> None:
    assert not any("final moment" in q.prompt for q in generate_blanks(synthetic))
    assert blank_problem("And then there’s Ana’s final moment.", "Ana", ["Ana"]) == (
        "too little clue around the blank"
    )


def test_no_wrong_choice_the_review_uses_for_the_same_thing(synthetic: FilmPack) -> None:
    (velvet,) = by_answer(synthetic)["Crimson velvet"]
    assert "Red dress" not in velvet.wrong


def test_wrong_choices_agree_in_number_with_the_answer(synthetic: FilmPack) -> None:
    (bridge,) = by_answer(synthetic)["Bridge"]
    assert set(bridge.wrong) == {"Garden", "Station", "River"}  # not "Streets", "Alleys"


def test_a_blank_denied_next_is_refused() -> None:
    assert blank_problem("It was a coin. No, not at all. It was a key.", "coin") == (
        "the review denies it next"
    )
    assert (
        blank_problem("Was it a coin, then, after all that?", "coin")
        == "a question, not a statement"
    )


# ----------------------------------------------------------------------------- the shipped pack


@pytest.fixture(scope="module")
def shipped(pack: FilmPack) -> dict[str, object]:
    return {q.id: q for q in QuestionBank.from_pack(pack) if q.generated}


def test_shipped_blanks_pass_every_rule(pack: FilmPack, shipped: dict) -> None:  # type: ignore[type-arg]
    people = [c.name for c in pack.characters]
    assert len(shipped) >= 30
    for question in shipped.values():
        answer = question.answer
        assert blank_problem(question.source, answer, people) is None, question.id
        for wrong in question.wrong:
            assert not same_thing(answer, wrong, pack.same_things), (question.id, wrong)
            assert is_plural(wrong) == is_plural(answer), (question.id, wrong)


def test_the_blanks_the_review_found_unfair_are_gone_or_fixed(shipped: dict) -> None:  # type: ignore[type-arg]
    assert "blank:p1s20:locket" not in shipped  # "a locket? … No. It’s a jade fragment."
    assert "blank:p5s1:li-wei" not in shipped  # "And then there’s _____’s final moment."
    assert "Red dress" not in shipped["blank:p2s12:crimson-velvet"].wrong
    assert "Teal" not in shipped["blank:p1s17:blue"].wrong
    for question in shipped.values():
        if question.answer in {"Alleyways", "Streets", "Asphalt"}:
            assert not {"Alleyways", "Streets", "Asphalt", "Garden"} & set(question.wrong)
        if question.answer == "Blue light":
            assert not {"Neon", "Lantern"} & set(question.wrong)


def test_a_hand_written_question_and_its_generated_twin_rate_the_fact_alike(
    pack: FilmPack,
    shipped: dict,  # type: ignore[type-arg]
) -> None:
    hand = {q.id: q.difficulty for q in pack.questions}
    assert shipped["blank:p2s15:umber"].difficulty == hand["nails"]
    assert shipped["blank:p2s12:streetlight"].difficulty == hand["dew-and-streetlight"]
    assert shipped["blank:p2s4:xiao-mei"].difficulty == hand["recognition"]
