"""discussion.toml: the discussion prompts, each checked against the review like a trivia
source, and spoiler-free ones against the film's spoiler passages."""

from __future__ import annotations

from lantern.pack.model import Prompt
from lantern.pack.validate import Entry, TomlFile

DISCUSSION_FILE = "discussion.toml"
PROMPT_TEXT_MAX = 300  # shown as an embed title's neighbour and cut to a thread name (100)
THEME_MAX = 100  # an autocomplete choice's name and value


def read_prompts(
    discussion: TomlFile, review: str, spoiler_passages: tuple[str, ...]
) -> list[Prompt]:
    """Every `[[prompts]]` entry; problems are recorded on the file, not raised."""
    prompts = [
        _prompt(entry, review, spoiler_passages)
        for entry in discussion.entries("prompts", label="prompt")
    ]
    discussion.check_unique_ids([p.id for p in prompts], "prompt")
    return prompts


def _prompt(entry: Entry, review: str, spoiler_passages: tuple[str, ...]) -> Prompt:
    prompt = Prompt(
        id=entry.text("id"),
        theme=entry.text("theme"),
        spoiler=entry.boolean("spoiler"),
        text=entry.text("text"),
        passage=entry.text("passage"),
    )
    entry.check_excerpt("passage", prompt.passage, review)
    if len(prompt.text) > PROMPT_TEXT_MAX:
        entry.problem("text", f"is longer than {PROMPT_TEXT_MAX} characters")
    if len(prompt.theme) > THEME_MAX:
        entry.problem("theme", f"is longer than {THEME_MAX} characters")
    if not prompt.spoiler and _reveals(prompt.passage, review, spoiler_passages):
        entry.problem("spoiler", "is false, but the passage overlaps a [spoilers] passage")
    return prompt


def _reveals(passage: str, review: str, spoiler_passages: tuple[str, ...]) -> bool:
    """Does `passage` share any character of the review with a spoiler passage? Compared by
    position, so a phrase that also occurs in a harmless sentence is judged where it stands."""
    start = review.find(passage)
    if start < 0 or not passage:
        return False
    end = start + len(passage)
    for spoiler in spoiler_passages:
        at = review.find(spoiler)
        if at >= 0 and at < end and start < at + len(spoiler):
            return True
    return False
