"""Checks of the film pack's `[[twists]]`: what the spoiler detector reads must make sense."""

from __future__ import annotations

from collections.abc import Mapping

from lantern.pack.model import Character, Twist
from lantern.pack.validate import Entry
from lantern.spoilers.claims import ClaimDetector, PatternError, compile_pattern

LABEL_LIMIT = 100  # a label is shown inside warnings and embed fields
TWIST_KEYS = frozenset(
    ("id", "label", "passages", "subjects", "names", "pronouns", "says", "denies", "phrases")
)
PATTERN_KEYS = ("says", "denies", "phrases")


def twist_names(twist: Twist, characters: Mapping[str, Character]) -> tuple[str, ...]:
    """Every way the twist's subjects are referred to: its own `names`, then each subject's
    name, aliases, short names and descriptions (unknown ids are reported by `check_twist`)."""
    names = list(twist.names)
    for subject in twist.subjects:
        character = characters.get(subject)
        if character is not None:
            names += [
                character.name,
                *character.aliases,
                *character.short_names,
                *character.descriptions,
            ]
    return tuple(dict.fromkeys(names))


def check_twist(
    entry: Entry, twist: Twist, review: str, characters: Mapping[str, Character]
) -> None:
    for key in sorted(set(entry.data) - TWIST_KEYS):
        entry.problem(key, f"is not a twist field (use {', '.join(sorted(TWIST_KEYS))})")
    if len(twist.label) > LABEL_LIMIT:
        entry.problem("label", f"must be at most {LABEL_LIMIT} characters")
    for passage in twist.passages:
        entry.check_excerpt("passages", passage, review)
    for subject in twist.subjects:
        if subject not in characters:
            entry.problem("subjects", f"{subject!r} is not a character id")
    if not twist.says and not twist.phrases:
        entry.problem(None, "needs `says` or `phrases`: what the twist reveals")
    if (twist.says or twist.denies) and not twist.referred_as:
        entry.problem(None, "`says` and `denies` need a subject: `subjects` or `names`")
    if _patterns_compile(entry, twist):
        _check_label(entry, twist)


def _patterns_compile(entry: Entry, twist: Twist) -> bool:
    fine = True
    for key in PATTERN_KEYS:
        for pattern in getattr(twist, key):
            fine = _compiles(entry, key, pattern, name=False) and fine
    for name in twist.referred_as:
        fine = _compiles(entry, "names", name, name=True) and fine
    return fine


def _compiles(entry: Entry, key: str, pattern: str, *, name: bool) -> bool:
    try:
        compile_pattern(pattern, name=name)
    except PatternError as error:
        entry.problem(key, str(error))
        return False
    return True


def _check_label(entry: Entry, twist: Twist) -> None:
    """The label is shown to everyone a warning is for: it must not give the twist away. And
    the rules must at least recognise the review's own words for the twist."""
    rules = ClaimDetector([twist])
    if twist.label and rules.scan(twist.label):
        entry.problem(
            "label", "gives the twist away by the twist's own rules: say what it is about"
        )
    for passage in twist.passages:
        if not rules.scan(passage):
            entry.problem("passages", f"{_short(passage)}: the twist's rules do not recognise it")


def _short(text: str) -> str:
    return repr(text if len(text) <= 50 else text[:47] + "...")
