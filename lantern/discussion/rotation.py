"""Which prompt comes next in a server: none repeats until every prompt of its pool was used.

A pool is what the member asked for: one theme's prompts, or all of them, without the spoiler
prompts where spoilers may not be shown. When the whole pool was used, its cycle starts over.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from lantern.errors import LanternError
from lantern.markdown import shorten
from lantern.pack.model import Prompt

THEME_ECHO = 60  # how much of an unknown theme an error repeats


@dataclass(frozen=True)
class Pick:
    prompt: Prompt
    new_cycle: tuple[str, ...]  # ids of the pool whose "used" marks must be cleared first


def themes(prompts: Sequence[Prompt]) -> list[str]:
    """The themes in the order the pack first names them."""
    return list(dict.fromkeys(prompt.theme for prompt in prompts))


def resolve_theme(prompts: Sequence[Prompt], typed: str | None) -> str | None:
    """The pack's own spelling of `typed` (autocomplete is only a suggestion: check again)."""
    if typed is None or not typed.strip():
        return None
    wanted = " ".join(typed.split()).casefold()
    for theme in themes(prompts):
        if theme.casefold() == wanted:
            return theme
    raise LanternError(
        f"There is no theme “{shorten(typed, THEME_ECHO)}”. Pick one of the suggestions."
    )


def pool(prompts: Sequence[Prompt], theme: str | None, *, spoilers: bool) -> list[Prompt]:
    return [
        prompt
        for prompt in prompts
        if (theme is None or prompt.theme == theme) and (spoilers or not prompt.spoiler)
    ]


def pick_prompt(
    prompts: Sequence[Prompt],
    used: Collection[str],
    theme: str | None,
    *,
    spoilers: bool,
    rng: random.Random,
) -> Pick:
    """An unused prompt of the pool; if all were used, any of it, clearing the pool's marks."""
    candidates = pool(prompts, theme, spoilers=spoilers)
    if not candidates:
        raise LanternError(_empty_pool_text(prompts, theme))
    fresh = [prompt for prompt in candidates if prompt.id not in used]
    if fresh:
        return Pick(rng.choice(fresh), ())
    return Pick(rng.choice(candidates), tuple(prompt.id for prompt in candidates))


def _empty_pool_text(prompts: Sequence[Prompt], theme: str | None) -> str:
    if not prompts:
        return "This film pack has no discussion prompts."
    if theme is not None and pool(prompts, theme, spoilers=True):
        return (
            f"Every prompt about “{theme}” gives a twist away: "
            "ask for it in a spoiler channel (or one of its threads)."
        )
    return "There is no spoiler-free prompt to post here: try a spoiler channel."


def thread_name(prompt: Prompt, limit: int = 100) -> str:
    """The answers' thread, named from the prompt (Discord allows 1-100 characters)."""
    return shorten(" ".join(prompt.text.split()), limit)
