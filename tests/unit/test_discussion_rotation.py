"""Prompt rotation: no prompt repeats in a pool until the whole pool was used; spoiler prompts
stay out where spoilers may not be shown; themes are checked again after autocomplete."""

from __future__ import annotations

import random

import pytest

from lantern.discussion.rotation import pick_prompt, resolve_theme, thread_name
from lantern.errors import LanternError
from lantern.pack import Prompt


def prompt(pid: str, theme: str = "light", spoiler: bool = False, text: str = "Why?") -> Prompt:
    return Prompt(id=pid, theme=theme, spoiler=spoiler, text=text, passage="p")


PROMPTS = [
    prompt("a"),
    prompt("b"),
    prompt("c", spoiler=True),
    prompt("d", theme="memory"),
]


def cycle(theme: str | None, spoilers: bool, rounds: int, seed: int = 1) -> list[str]:
    used: set[str] = set()
    picked = []
    rng = random.Random(seed)
    for _ in range(rounds):
        pick = pick_prompt(PROMPTS, used, theme, spoilers=spoilers, rng=rng)
        used -= set(pick.new_cycle)
        used.add(pick.prompt.id)
        picked.append(pick.prompt.id)
    return picked


@pytest.mark.parametrize("seed", range(5))
def test_a_theme_is_used_up_before_a_repeat(seed: int) -> None:
    picked = cycle("light", spoilers=True, rounds=6, seed=seed)
    assert sorted(picked[:3]) == ["a", "b", "c"]
    assert sorted(picked[3:]) == ["a", "b", "c"]


def test_no_spoiler_prompts_where_spoilers_are_not_shown() -> None:
    picked = cycle(None, spoilers=False, rounds=9)
    assert "c" not in picked
    assert sorted(picked[:3]) == ["a", "b", "d"]


def test_the_new_cycle_clears_only_its_pool() -> None:
    used = {"a", "b", "d"}
    pick = pick_prompt(PROMPTS, used, "light", spoilers=False, rng=random.Random(0))
    assert set(pick.new_cycle) == {"a", "b"}  # memory's "d" stays used


def test_a_theme_of_only_spoilers_is_refused_outside_spoiler_channels() -> None:
    only = [prompt("x", theme="twist", spoiler=True)]
    with pytest.raises(LanternError, match="spoiler channel"):
        pick_prompt(only, set(), "twist", spoilers=False, rng=random.Random(0))


def test_themes_are_resolved_case_and_space_blind_and_unknown_ones_shortened() -> None:
    assert resolve_theme(PROMPTS, "  MEMORY ") == "memory"
    assert resolve_theme(PROMPTS, None) is None
    with pytest.raises(LanternError) as error:
        resolve_theme(PROMPTS, "nope " * 50)
    assert len(error.value.user_message) < 150


def test_thread_names_fit_discord() -> None:
    long = prompt("l", text="word " * 60)
    assert len(thread_name(long)) <= 100
    assert thread_name(prompt("s", text="Short  one?")) == "Short one?"
