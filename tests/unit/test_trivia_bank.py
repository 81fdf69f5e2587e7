"""The question bank: the shipped trivia.toml, generated blanks, selection and spoilers."""

import random
from collections import Counter

import pytest

from lantern.pack import FilmPack
from lantern.quotes.text import passage_spans
from lantern.trivia.bank import QuestionBank
from lantern.trivia.generated import BLANK, load_term_groups, term_pattern


@pytest.fixture(scope="module")
def bank(pack: FilmPack) -> QuestionBank:
    return QuestionBank.from_pack(pack)


def test_shipped_bank_is_big_and_spread(pack: FilmPack) -> None:
    questions = pack.questions
    assert len(questions) >= 40
    difficulties = Counter(q.difficulty for q in questions)
    assert all(difficulties[d] >= 8 for d in ("easy", "medium", "hard"))
    categories = Counter(q.category for q in questions)
    expected = {"characters", "objects", "scenes", "colours-and-lighting", "themes"}
    assert set(categories) == expected
    assert all(count >= 5 for count in categories.values())


def test_every_question_is_well_formed(pack: FilmPack) -> None:
    for question in pack.questions:
        assert question.source in pack.review_text
        assert 3 <= len(question.wrong) <= 4
        folded = {w.casefold() for w in question.wrong}
        assert question.answer.casefold() not in folded
        assert question.prompt.strip()


def test_spoiler_flag_follows_the_spoiler_passages(pack: FilmPack) -> None:
    """A question whose proving passage overlaps a plot twist must be spoiler-flagged."""
    spans = passage_spans(pack.review_text, pack.spoiler_passages)
    for question in pack.questions:
        start = pack.review_text.find(question.source)
        end = start + len(question.source)
        overlaps = any(start < e and s < end for s, e in spans)
        assert question.spoiler == overlaps, question.id


def test_generated_blanks_hide_the_name_and_offer_the_same_kind(bank: QuestionBank) -> None:
    generated = [q for q in bank if q.generated]
    assert len(generated) >= 30
    for question in generated:
        assert BLANK in question.prompt
        assert not term_pattern(question.answer).search(question.prompt), question.id
        assert question.answer not in question.wrong
        assert len(question.wrong) >= 3


def test_generated_character_blanks_offer_other_characters(
    bank: QuestionBank, pack: FilmPack
) -> None:
    names = {c.name for c in pack.characters}
    characters = [q for q in bank if q.generated and q.category == "characters"]
    assert characters
    for question in characters:
        assert question.answer in names
        assert set(question.wrong) <= names


def test_generated_blanks_honour_the_sentence_spoiler_flag(bank: QuestionBank) -> None:
    by_id = {q.id: q for q in bank if q.generated}
    # "Lin Hao, the elegant enforcer in the black suit, wasn't the villain..." is a twist.
    assert by_id["blank:p3s22:black-suit"].spoiler
    # "Her name is Jingwen." style sentences in the opening are not.
    assert not by_id["blank:p1s9:lin-hao"].spoiler


def test_every_blank_term_appears_in_the_review(pack: FilmPack) -> None:
    for group in load_term_groups(pack):
        for term in group.terms:
            assert term_pattern(term).search(pack.review_text), term


def test_selection_never_repeats_within_a_quiz(bank: QuestionBank) -> None:
    for seed in range(20):
        chosen = bank.select(20, difficulty="mixed", allow_spoilers=True, rng=random.Random(seed))
        assert len(chosen) == 20
        assert len({q.id for q in chosen}) == 20


def test_selection_filters_spoilers_and_difficulty(bank: QuestionBank) -> None:
    for seed in range(20):
        rng = random.Random(seed)
        chosen = bank.select(20, difficulty="hard", allow_spoilers=False, rng=rng)
        assert chosen
        assert all(q.difficulty == "hard" and not q.spoiler for q in chosen)


def test_selection_prefers_questions_not_asked_lately(bank: QuestionBank) -> None:
    eligible = bank.eligible("easy", allow_spoilers=False)
    fresh: list[str] = []  # three that may share a quiz (none gives another away)
    for question in eligible:
        if len(fresh) < 3 and not bank.giveaways[question.id] & set(fresh):
            fresh.append(question.id)
    recent = [q.id for q in eligible if q.id not in fresh]  # all but those were asked lately
    chosen = bank.select(
        3, difficulty="easy", allow_spoilers=False, recent=recent, rng=random.Random(1)
    )
    assert {q.id for q in chosen} == set(fresh)


def test_shuffled_choices_keep_track_of_the_answer(bank: QuestionBank) -> None:
    question = next(iter(bank))
    for seed in range(10):
        choices, correct = question.shuffled_choices(random.Random(seed))
        assert choices[correct] == question.answer
        assert sorted(choices) == sorted([question.answer, *question.wrong])
        assert len(choices) <= 5
