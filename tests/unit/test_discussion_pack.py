"""discussion.toml is checked at load like trivia sources: verbatim passages, no spoiler-free
prompt drawing on a spoiler passage, unique ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lantern.errors import FilmPackError
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.scanner import SpoilerScanner


def test_the_shipped_prompts_load() -> None:
    pack = load_film_pack(PROJECT_ROOT / "data")
    assert len(pack.prompts) >= 30
    assert sum(p.spoiler for p in pack.prompts) < len(pack.prompts) / 2
    assert all(p.passage in pack.review_text for p in pack.prompts)


def test_no_spoiler_free_prompt_names_a_spoiler_term() -> None:
    pack = load_film_pack(PROJECT_ROOT / "data")
    scanner = SpoilerScanner(pack.spoiler_terms)
    named = {
        prompt.id: scanner.scan(f"{prompt.text}\n{prompt.passage}")
        for prompt in pack.prompts
        if not prompt.spoiler
    }
    assert {pid: hits for pid, hits in named.items() if hits} == {}


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


def pack_with_runtime(tmp_path: Path, line: str) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(PROJECT_ROOT / "data", folder)
    film = (folder / "film.toml").read_text(encoding="utf-8")
    (folder / "film.toml").write_text(film.replace("runtime_minutes = 120", line), encoding="utf-8")
    return folder


@pytest.mark.parametrize("line", ["runtime_minutes = 0", 'runtime_minutes = "two hours"'])
def test_a_bad_runtime_setting_is_refused(tmp_path: Path, line: str) -> None:
    with pytest.raises(FilmPackError, match="runtime_minutes"):
        load_film_pack(pack_with_runtime(tmp_path, line))


def test_without_a_runtime_setting_the_pack_has_none(tmp_path: Path) -> None:
    assert load_film_pack(pack_with_runtime(tmp_path, "")).runtime_minutes is None
    assert load_film_pack(PROJECT_ROOT / "data").runtime_minutes == 120
