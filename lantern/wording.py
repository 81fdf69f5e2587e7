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
    room = limit - len(f"\n… and {len(lines)} more")  # the tail's number is at most this long
    kept: list[str] = []
    used = -1  # no newline before the first line
    for line in lines:
        used += len(line) + 1
        if used > room:
            break
        kept.append(line)
    return "\n".join([*kept, f"… and {len(lines) - len(kept)} more"])
