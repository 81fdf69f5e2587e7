"""The film pack's `[[twists]]`: checked at load with clear errors; another film needs no code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lantern.errors import FilmPackError
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.claims import ClaimDetector

DATA = PROJECT_ROOT / "data"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(DATA, target)
    return target


def edit_film(pack_dir: Path, old: str, new: str) -> None:
    path = pack_dir / "film.toml"
    film = path.read_text(encoding="utf-8")
    assert old in film
    path.write_text(film.replace(old, new, 1), encoding="utf-8")


def problems_of(pack_dir: Path) -> list[str]:
    with pytest.raises(FilmPackError) as raised:
        load_film_pack(pack_dir)
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('subjects = ["lin-hao"]', 'subjects = ["lin-hoa"]', "'lin-hoa' is not a character id"),
        (
            'label = "who Li Wei really is"',
            'label = "that Li Wei is her brother"',
            "label: gives the twist away",
        ),
        ('    "fall guy",\n', '    "fall * guy",\n', "'*' is not one word"),
        ('    "fall guy",\n', '    "fa*",\n', "too short to stand for any ending"),
        ('id = "jade-given"', 'id = "jade-given"\nsays_typo = ["x"]', "says_typo: is not a twist"),
        ('phrases = ["mended bangle"', 'phrases = ["mended bangles"', None),
        (
            'passages = ["Uncle Feng confesses',
            'passages = ["Uncle Feng admits',
            "not a verbatim excerpt",
        ),
    ],
)
def test_a_broken_twist_is_named(pack_dir: Path, old: str, new: str, expected: str | None) -> None:
    edit_film(pack_dir, old, new)
    if expected is None:
        load_film_pack(pack_dir)  # a harmless change still loads
        return
    problems = problems_of(pack_dir)
    assert any("twist" in p and expected in p for p in problems), problems


def test_rules_that_miss_their_own_passage_are_named(pack_dir: Path) -> None:
    edit_film(pack_dir, 'phrases = ["wasnt|not|never mockery penance|apology|atonement"]', "")
    assert any("rules do not recognise it" in p for p in problems_of(pack_dir))


def test_another_film_gets_the_same_protection_without_code(tmp_path: Path) -> None:
    (tmp_path / "review.txt").write_text(
        "Ana walks home. In the end Ana was the ghost all along.", encoding="utf-8"
    )
    (tmp_path / "film.toml").write_text(
        '[film]\ntitle = "Walk"\nreview = "review.txt"\nsetting = "A town"\n'
        '[[characters]]\nid = "ana"\nname = "Ana"\nsummary = "A walker."\n'
        '[[twists]]\nid = "ghost"\nlabel = "what Ana is"\n'
        'passages = ["In the end Ana was the ghost all along."]\n'
        'subjects = ["ana"]\nsays = ["ghost|spirit|dead"]\ndenies = ["alive"]\n',
        encoding="utf-8",
    )
    detector = ClaimDetector(load_film_pack(tmp_path).twists)
    assert [hit.term for hit in detector.scan("ana is dead the whole time")] == ["what Ana is"]
    assert [hit.term for hit in detector.scan("Ana was never alive")] == ["what Ana is"]
    assert detector.scan("Ana is alive and well") == []
