import shutil
from pathlib import Path

import pytest

from lantern.errors import FilmPackError
from lantern.pack import load_film_pack
from lantern.quotes.characters import find_character
from lantern.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
SHARED_REVIEW = PROJECT_ROOT.parent / "shared" / "film" / "review.txt"

QUESTION = """
[[questions]]
id = "{id}"
category = "objects"
difficulty = "{difficulty}"
prompt = "What does Jingwen hold beneath the tree?"
answer = "{answer}"
aliases = ["bangle"]
wrong = ["A locket", "A lantern", "A letter"]
spoiler = false
source = "{source}"
"""
GOOD_SOURCE = "She holds a broken jade bangle"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(DATA, target)
    return target


def write_trivia(pack_dir: Path, **fields: str) -> None:
    values = {"id": "q1", "difficulty": "easy", "answer": "A broken jade bangle"}
    values |= {"source": GOOD_SOURCE} | fields
    (pack_dir / "trivia.toml").write_text(QUESTION.format(**values), encoding="utf-8")


def problems_of(pack_dir: Path) -> list[str]:
    with pytest.raises(FilmPackError) as raised:
        load_film_pack(pack_dir)
    return [str(problem) for problem in raised.value.problems]


def test_the_shipped_pack_loads() -> None:
    pack = load_film_pack(DATA)
    assert pack.title == "Love Lights My Way Back Home"
    assert {c.name for c in pack.characters} >= {"Li Wei", "Xiao Mei", "Lin Hao", "Jingwen"}
    assert all(character.summary for character in pack.characters)
    assert len(pack.twists) >= 7 and all(t.label and t.passages for t in pack.twists)


@pytest.mark.skipif(not SHARED_REVIEW.exists(), reason="shared/ is not beside the checkout")
def test_the_review_is_shipped_unchanged() -> None:
    assert (DATA / "review.txt").read_bytes() == SHARED_REVIEW.read_bytes()


def test_a_valid_trivia_file_loads(pack_dir: Path) -> None:
    write_trivia(pack_dir)
    (question,) = load_film_pack(pack_dir).questions
    assert question.answer == "A broken jade bangle"
    assert question.aliases == ("bangle",)


def test_an_answer_among_the_wrong_choices_is_named(pack_dir: Path) -> None:
    write_trivia(pack_dir, answer="A locket")
    assert any(
        p.endswith('trivia.toml: question "q1": answer is also listed as a wrong choice')
        for p in problems_of(pack_dir)
    )


def test_an_answer_differing_from_a_wrong_choice_only_in_case_is_named(pack_dir: Path) -> None:
    write_trivia(pack_dir, answer="A Locket")  # QUESTION's wrong choices include "A locket"
    assert any("answer is also listed as a wrong choice" in p for p in problems_of(pack_dir))


def test_a_source_not_in_the_review_is_named(pack_dir: Path) -> None:
    write_trivia(pack_dir, source="She holds a shiny golden crown")
    (problem,) = problems_of(pack_dir)
    assert 'question "q1": source:' in problem
    assert "not a verbatim excerpt" in problem


def test_every_problem_is_reported_not_just_the_first(pack_dir: Path) -> None:
    write_trivia(pack_dir, difficulty="impossible", source="nowhere in the text")
    problems = problems_of(pack_dir)
    assert any("difficulty: must be one of easy, medium, hard" in p for p in problems)
    assert any("source:" in p for p in problems)


def test_duplicate_question_ids(pack_dir: Path) -> None:
    write_trivia(pack_dir)
    text = (pack_dir / "trivia.toml").read_text(encoding="utf-8")
    (pack_dir / "trivia.toml").write_text(text + text, encoding="utf-8")
    assert any("question id 'q1' is used more than once" in p for p in problems_of(pack_dir))


def test_missing_field(pack_dir: Path) -> None:
    (pack_dir / "trivia.toml").write_text('[[questions]]\nid = "q9"\n', encoding="utf-8")
    problems = problems_of(pack_dir)
    assert any('question "q9": prompt: is missing' in p for p in problems)
    assert any('question "q9": source: is missing' in p for p in problems)


def test_broken_toml_names_the_file(pack_dir: Path) -> None:
    (pack_dir / "film.toml").write_text("[film\ntitle = ", encoding="utf-8")
    assert any("film.toml: cannot be parsed" in p for p in problems_of(pack_dir))


def test_missing_film_file(pack_dir: Path) -> None:
    (pack_dir / "film.toml").unlink()
    assert any(p.endswith("film.toml: file not found") for p in problems_of(pack_dir))


def test_missing_review(pack_dir: Path) -> None:
    (pack_dir / "review.txt").unlink()
    assert any("cannot read the review 'review.txt'" in p for p in problems_of(pack_dir))


def test_a_line_by_an_unknown_character(pack_dir: Path) -> None:
    film = (pack_dir / "film.toml").read_text(encoding="utf-8")
    film = film.replace('speaker = "jingwen"', 'speaker = "nobody"')
    (pack_dir / "film.toml").write_text(film, encoding="utf-8")
    assert any("speaker: 'nobody' is not a character id" in p for p in problems_of(pack_dir))


def test_a_spoiler_passage_not_in_the_review(pack_dir: Path) -> None:
    film = (pack_dir / "film.toml").read_text(encoding="utf-8")
    film = film.replace("It was penance.", "It was a dream.")
    (pack_dir / "film.toml").write_text(film, encoding="utf-8")
    assert any("[spoilers]: passages:" in p for p in problems_of(pack_dir))


def test_a_malformed_blank_group(pack_dir: Path) -> None:
    (pack_dir / "trivia.toml").write_text(
        '[blanks.jewellery]\ncategory = "objects"\nterms = ["jade bangle", 7]\n', encoding="utf-8"
    )
    problems = problems_of(pack_dir)
    assert any(
        "[blanks.jewellery]: terms: must be a list of non-empty texts" in p for p in problems
    )


def test_another_film_needs_no_code(tmp_path: Path) -> None:
    (tmp_path / "review.txt").write_text("Ana walks home and she says *Goodbye*.", encoding="utf-8")
    (tmp_path / "film.toml").write_text(
        '[film]\ntitle = "Walk"\nreview = "review.txt"\nsetting = "A town"\n'
        '[[characters]]\nid = "ana"\nname = "Ana"\nsummary = "A walker."\n'
        '[[lines]]\ntext = "Goodbye"\nspeaker = "ana"\ndelivery = "spoken"\nhow = "she says"\n',
        encoding="utf-8",
    )
    pack = load_film_pack(tmp_path)
    assert pack.title == "Walk"
    assert find_character(pack.characters, "ana") is not None


def test_an_alias_the_review_never_uses_alone_is_named(pack_dir: Path) -> None:
    film = (pack_dir / "film.toml").read_text(encoding="utf-8")
    film = film.replace(
        'aliases = []\nshort_names = ["Wei", "the disheveled man"]',
        'aliases = ["Wei"]\nshort_names = ["the disheveled man"]',
    )
    (pack_dir / "film.toml").write_text(film, encoding="utf-8")
    (problem,) = problems_of(pack_dir)
    assert 'character "li-wei": aliases:' in problem and "'Wei' never appears on its own" in problem


def test_a_description_not_in_the_review_is_named(pack_dir: Path) -> None:
    film = (pack_dir / "film.toml").read_text(encoding="utf-8")
    film = film.replace('"the man in the grey vest"]', '"the man in the grey vest", "the uncle"]')
    (pack_dir / "film.toml").write_text(film, encoding="utf-8")
    (problem,) = problems_of(pack_dir)
    assert "descriptions: 'the uncle' never appears on its own" in problem


def test_short_names_are_typed_names_not_facts() -> None:
    pack = load_film_pack(DATA)
    feng = find_character(pack.characters, "Feng")
    assert feng is not None and feng.id == "uncle-feng"
    assert "Feng" in feng.short_names and "Feng" not in feng.aliases


def replace_in_film(pack_dir: Path, old: str, new: str) -> None:
    film = (pack_dir / "film.toml").read_text(encoding="utf-8")
    assert old in film
    (pack_dir / "film.toml").write_text(film.replace(old, new), encoding="utf-8")


def test_a_line_says_whether_the_review_has_it_spoken(pack_dir: Path) -> None:
    replace_in_film(
        pack_dir,
        'delivery = "unspoken"\nhow = "she smiles"',
        'delivery = "sung"\nhow = "she smiles"',
    )
    (problem,) = problems_of(pack_dir)
    assert "line #3: delivery: must be one of spoken, unspoken" in problem


def test_a_lines_how_must_be_the_reviews_words_just_before_it(pack_dir: Path) -> None:
    replace_in_film(pack_dir, 'how = "she smiles"', 'how = "her knowing smile says it"')
    (problem,) = problems_of(pack_dir)
    assert (
        "line #3: how: 'her knowing smile says it' is not in the review's 200 characters" in problem
    )


def test_only_the_line_the_review_has_said_aloud_is_spoken() -> None:
    spoken = {line.text for line in load_film_pack(DATA).lines if line.spoken}
    assert spoken == {"It wasn’t stolen. It was given."}
