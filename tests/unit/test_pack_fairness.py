"""Fair questions: the pack check (at load and by `--check`) over small synthetic packs that
break one rule each, the quiz's rule against giveaways, and the same checks over the shipped pack."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from lantern.errors import FilmPackError
from lantern.pack import FilmPack, Question, load_film_pack
from lantern.pack.fairness import gives_away, rated_difficulty, ruled_out_by_prompt
from lantern.settings import PROJECT_ROOT
from lantern.trivia.bank import QuestionBank

DATA = PROJECT_ROOT / "data"
REVIEW = (
    "Ana walks the long streets at dusk. She wears a red dress of crimson velvet. "
    "Ana hums to herself. Ana finds a key beneath the old bridge. She keeps the key."
)
FILM = """
[film]
title = "Walk"
review = "review.txt"
setting = "A town"

[[characters]]
id = "ana"
name = "Ana"
summary = "A walker."

[same_things]
dress = ["red dress", "crimson velvet"]
"""


def question(ident: str, prompt: str, answer: str, wrong: list[str], **extra: str) -> str:
    fields = {
        "id": ident, "category": "objects", "difficulty": "medium", "prompt": prompt,
        "answer": answer, "source": "She wears a red dress of crimson velvet.",
    } | extra  # fmt: skip
    lines = [f'{key} = "{value}"' for key, value in fields.items()]
    choices = ", ".join(f'"{choice}"' for choice in wrong)
    return "[[questions]]\n" + "\n".join(lines) + f"\nspoiler = false\nwrong = [{choices}]\n"


def make_pack(tmp_path: Path, *questions: str) -> Path:
    (tmp_path / "review.txt").write_text(REVIEW, encoding="utf-8")
    (tmp_path / "film.toml").write_text(FILM, encoding="utf-8")
    (tmp_path / "trivia.toml").write_text("\n".join(questions), encoding="utf-8")
    return tmp_path


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(FilmPackError) as raised:
        load_film_pack(directory)
    return [str(problem) for problem in raised.value.problems]


DRESS = {"prompt": "What does Ana wear?", "answer": "Crimson velvet"}


def test_a_fair_synthetic_pack_loads(tmp_path: Path) -> None:
    pack = load_film_pack(
        make_pack(tmp_path, question("q1", **DRESS, wrong=["Wool", "Silk", "Lace"]))
    )
    assert [q.id for q in pack.questions] == ["q1"] and not pack.notes


def test_a_choice_the_prompt_rules_out_is_named(tmp_path: Path) -> None:
    unfair = question(
        "q1", "What does Ana wear, rather than her wool coat?", "Crimson velvet",
        ["Her wool coat", "Silk", "Lace"],
    )  # fmt: skip
    (problem,) = problems_of(make_pack(tmp_path, unfair))
    assert "question \"q1\": wrong: 'Her wool coat' is named by the prompt itself" in problem


def test_a_wrong_choice_the_review_uses_for_the_answer_is_named(tmp_path: Path) -> None:
    (problem,) = problems_of(
        make_pack(tmp_path, question("q1", **DRESS, wrong=["Red dress", "Silk", "Lace"]))
    )
    assert "wrong: 'Red dress' is what the review also calls the answer ([same_things])" in problem


def test_a_source_that_does_not_name_the_answer_is_named(tmp_path: Path) -> None:
    unfair = question("q1", **DRESS, wrong=["Wool", "Silk", "Lace"], source="Ana hums to herself.")
    (problem,) = problems_of(make_pack(tmp_path, unfair))
    assert 'question "q1": source: does not name the answer or an alias' in problem


def test_difficulty_follows_how_often_the_review_names_the_answer(tmp_path: Path) -> None:
    hard_name = question(
        "q1", "Who finds a key?", "Ana", ["Bo", "Cy", "Di"], difficulty="hard",
        source="Ana finds a key beneath the old bridge.", category="characters",
    )  # fmt: skip
    easy_detail = question("q2", **DRESS, wrong=["Wool", "Silk", "Lace"], difficulty="easy")
    problems = problems_of(make_pack(tmp_path, hard_name, easy_detail))
    assert any(
        '"q1": difficulty: is hard, but the review names the answer 3 times' in p for p in problems
    )
    assert any(
        '"q2": difficulty: is easy, but the review names the answer only once' in p
        for p in problems
    )
    assert [rated_difficulty(n) for n in (1, 2, 3, 9)] == ["hard", "medium", "easy", "easy"]


def test_a_prompt_that_gives_another_answer_away_is_noted(tmp_path: Path) -> None:
    key = question("key", "What does Ana find beneath the old bridge?", "A key", ["A coin", "A ring", "A map"],
                   source="Ana finds a key beneath the old bridge.")  # fmt: skip
    keeps = question("keeps", "What does Ana do with the key?", "She keeps the key", ["She drops it", "She sells it", "She hides it"],
                     source="She keeps the key.")  # fmt: skip
    pack = load_film_pack(make_pack(tmp_path, key, keeps))
    (note,) = pack.notes
    assert 'question "key": its answer is given away by the prompt of "keeps"' in str(note)


def test_naming_a_character_gives_a_question_away_only_with_its_clue() -> None:
    people = ["Xiao Mei", "Li Wei"]
    clue = "Who kneels beside Li Wei when he collapses?"
    assert gives_away(
        "Xiao Mei kneels beside Li Wei not out of pity, but what?", ["Xiao Mei"], clue, people
    )
    assert not gives_away("What does Xiao Mei wear?", ["Xiao Mei"], clue, people)
    assert gives_away(
        "In the garden, what lies near a sapling?", ["The garden", "garden"], "Where?", people
    )
    assert ruled_out_by_prompt("What, rather than its plot twists?", "Its plot twists")
    assert not ruled_out_by_prompt("What, rather than its plot twists?", "Its soundtrack")


def blank(ident: str, prompt: str, answer: str) -> Question:
    return Question(ident, prompt, answer, (), ("X", "Y", "Z"), "easy", False, "s", "objects")


def test_a_quiz_never_asks_two_questions_that_give_each_other_away() -> None:
    garden = blank("garden", "Where does she return?", "The garden")
    sapling = blank("sapling", "In the garden, the jade lies near what?", "A sapling")
    other = blank("other", "What glints?", "A coin")
    bank = QuestionBank([garden, sapling, other])
    assert bank.giveaways["garden"] == {"sapling"} and bank.giveaways["sapling"] == {"garden"}
    for seed in range(30):
        chosen = {
            q.id
            for q in bank.select(
                3, difficulty="mixed", allow_spoilers=True, rng=random.Random(seed)
            )
        }
        assert len(chosen) == 2 and "other" in chosen and not {"garden", "sapling"} <= chosen


# ----------------------------------------------------------------------------- the shipped pack


def test_the_shipped_pack_passes_every_check(pack: FilmPack) -> None:
    assert pack.questions  # load_film_pack raised otherwise
    noted = {str(note).split('"')[1]: str(note) for note in pack.notes}
    assert '"sapling"' in noted["garden"] and '"knowing-smile"' in noted["garden"]
    assert '"not-pity-duty"' in noted["kneels-beside"]
    assert '"bangle-owner"' in noted["bangle"]


def test_the_shipped_quizzes_never_ask_a_giveaway_pair(pack: FilmPack) -> None:
    bank = QuestionBank.from_pack(pack)
    for seed in range(30):
        chosen = bank.select(20, difficulty="mixed", allow_spoilers=True, rng=random.Random(seed))
        assert len(chosen) == 20
        ids = {q.id for q in chosen}
        for q in chosen:
            assert not bank.giveaways[q.id] & ids, q.id


def test_a_pack_with_an_unfair_question_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "pack"
    shutil.copytree(DATA, target)
    trivia = (target / "trivia.toml").read_text(encoding="utf-8")
    trivia = trivia.replace(
        'wrong = ["Kept", "Forgiven", "Spoken", "Returned"]', 'wrong = ["Real", "Kept", "Forgiven"]'
    )
    (target / "trivia.toml").write_text(trivia, encoding="utf-8")
    assert any(
        "\"whole-to-be-true\": wrong: 'Real' is what the review also calls" in p
        for p in problems_of(target)
    )
