"""discussion.toml is checked at load like trivia sources: verbatim passages, no spoiler-free
prompt drawing on a spoiler passage, unique ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lantern.errors import FilmPackError
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT


def test_the_shipped_prompts_load() -> None:
    pack = load_film_pack(PROJECT_ROOT / "data")
    assert len(pack.prompts) >= 30
    assert sum(p.spoiler for p in pack.prompts) < len(pack.prompts) / 2
    assert all(p.passage in pack.review_text for p in pack.prompts)


def pack_with(tmp_path: Path, prompts: str) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(PROJECT_ROOT / "data", folder)
    (folder / "discussion.toml").write_text(prompts, encoding="utf-8")
    return folder


def test_a_passage_not_in_the_review_is_refused(tmp_path: Path) -> None:
    folder = pack_with(
        tmp_path,
        '[[prompts]]\nid = "x"\ntheme = "t"\nspoiler = false\ntext = "Q?"\n'
        'passage = "words the review never says"\n',
    )
    with pytest.raises(FilmPackError, match="not a verbatim excerpt"):
        load_film_pack(folder)


def test_a_spoiler_free_prompt_on_a_spoiler_passage_is_refused(tmp_path: Path) -> None:
    folder = pack_with(
        tmp_path,
        '[[prompts]]\nid = "x"\ntheme = "t"\nspoiler = false\ntext = "Q?"\n'
        'passage = "It was penance."\n',
    )
    with pytest.raises(FilmPackError, match="overlaps a \\[spoilers\\] passage"):
        load_film_pack(folder)
