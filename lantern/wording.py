"""Small wording rules for replies: counts with the right noun form, lists cut to a length on
whole lines."""

from __future__ import annotations

from collections.abc import Sequence


def count(number: int, singular: str, plural: str | None = None) -> str:
    """'1 question', '2 questions'; `plural` for nouns that don't just take an s."""
    noun = singular if number == 1 else (plural or f"{singular}s")
    return f"{number} {noun}"


def lines_within(lines: Sequence[str], limit: int) -> str:
    """As many whole lines as fit in `limit` characters, one per line, then '… and N more'
    (a list must not be folded into one line or cut in the middle of an entry)."""
    whole = "\n".join(lines)
    if len(whole) <= limit:
        return whole
    kept: list[str] = []
    for index, line in enumerate(lines):
        more = f"… and {len(lines) - index} more"
        if len("\n".join([*kept, line, more])) > limit:
            return "\n".join([*kept, more])
        kept.append(line)
    return whole  # not reached: the whole text was too long
