"""Small typed readers over parsed TOML that record problems instead of raising at the first,
and the checks of what the pack states: names and film lines against the review, questions
against the fairness rules of `lantern.pack.fairness`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lantern.errors import PackProblem
from lantern.pack.fairness import (
    difficulty_problem,
    gives_away,
    mentions,
    review_mentions,
    ruled_out_by_prompt,
    same_thing,
)
from lantern.pack.model import DELIVERIES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lantern.pack.model import Character, FilmLine, Question

HOW_WITHIN = 200  # characters before a film line in which the review must say how it comes


def display_path(directory: Path, name: str) -> str:
    """`data/trivia.toml` rather than an absolute path, when the pack sits under the cwd."""
    path = directory / name
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class Entry:
    """One table of a TOML file (`[film]` or one `[[questions]]` item)."""

    file: str
    label: str
    data: dict[str, Any]
    problems: list[PackProblem]

    def problem(self, field: str | None, message: str) -> None:
        self.problems.append(PackProblem(self.file, message, self.label, field))

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "is missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(key, "must be non-empty text")
            return ""
        return value

    def texts(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "is missing")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, "must be a list of non-empty texts")
            return ()
        return tuple(value)

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            self.problem(key, "must be true or false")
            return False
        return value

    def check_excerpt(self, key: str, excerpt: str, review: str) -> None:
        if excerpt and review and excerpt not in review:
            self.problem(key, f"{_short(excerpt)} is not a verbatim excerpt of the review")


def _short(text: str) -> str:
    return repr(text if len(text) <= 50 else text[:47] + "...")


class TomlFile:
    def __init__(self, file: str, data: dict[str, Any], problems: list[PackProblem]) -> None:
        self.file = file
        self.data = data
        self.problems = problems

    @classmethod
    def read(
        cls, directory: Path, name: str, problems: list[PackProblem], *, required: bool
    ) -> TomlFile:
        shown = display_path(directory, name)
        path = directory / name
        if not path.exists():
            if required:
                problems.append(PackProblem(shown, "file not found"))
            return cls(shown, {}, problems)
        try:
            return cls(shown, tomllib.loads(path.read_text(encoding="utf-8")), problems)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
            problems.append(PackProblem(shown, f"cannot be parsed ({error})"))
            return cls(shown, {}, problems)

    def problem(self, message: str, entry: str | None = None, field: str | None = None) -> None:
        self.problems.append(PackProblem(self.file, message, entry, field))

    def table(self, key: str) -> Entry:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self.problem("must be a table", f"[{key}]")
            value = {}
        return Entry(self.file, f"[{key}]", value, self.problems)

    def entries(self, key: str, *, label: str) -> list[Entry]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(f"[[{key}]] must be an array of tables")
            return []
        return [self._entry(item, label, index) for index, item in enumerate(value, 1)]

    def _entry(self, item: dict[str, Any], label: str, index: int) -> Entry:
        ident = item.get("id")
        name = f'{label} "{ident}"' if isinstance(ident, str) and ident else f"{label} #{index}"
        return Entry(self.file, name, item, self.problems)

    def check_unique_ids(self, ids: list[str], label: str) -> None:
        seen: set[str] = set()
        for ident in ids:
            if ident and ident in seen:
                self.problem(f"{label} id {ident!r} is used more than once")
            seen.add(ident)


def check_names_stated(entry: Entry, character: Character, review: str) -> None:
    """Aliases and descriptions are shown as facts, so the review must use them on their own:
    "Wei" inside "Li Wei" does not count (such a name belongs in `short_names`)."""
    if not review:
        return
    without_name = _whole(character.name).sub(" ", review.casefold()) if character.name else ""
    for key, phrases in (("aliases", character.aliases), ("descriptions", character.descriptions)):
        for phrase in phrases:
            if not _whole(phrase).search(without_name):
                entry.problem(
                    key,
                    f"{_short(phrase)} never appears on its own in the review "
                    "(a name only typed belongs in short_names)",
                )


def _whole(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase.casefold())}(?!\w)")


def check_delivery(entry: Entry, line: FilmLine, review: str) -> None:
    """A line is labelled spoken or unspoken, and `how` is the review's own words for it, found
    just before the line: the card then says only what the review says."""
    if line.delivery and line.delivery not in DELIVERIES:
        entry.problem("delivery", f"must be one of {', '.join(DELIVERIES)}")
    at = review.find(line.text)
    if not (line.how and at >= 0):
        return
    window = review[max(0, at - HOW_WITHIN) : at]
    if line.how not in window:
        entry.problem(
            "how",
            f"{_short(line.how)} is not in the review's {HOW_WITHIN} characters before the line",
        )


class QuestionChecks:
    """The fairness rules of `lantern.pack.fairness` over the hand-written questions: errors
    for what makes a question unfair on its own, notes for pairs a quiz must not ask together."""

    def __init__(
        self,
        trivia: TomlFile,
        review: str,
        same_things: Sequence[Sequence[str]],
        people: Sequence[str],
    ) -> None:
        self.trivia, self.review, self.same_things, self.people = (
            trivia,
            review,
            same_things,
            people,
        )
        self.notes: list[PackProblem] = []

    def check(self, questions: Sequence[Question]) -> None:
        for question in questions:
            self._check_one(question)
        for question in questions:
            self._note_giveaways(question, questions)

    def _problem(self, question: Question, field: str | None, message: str) -> None:
        self.trivia.problem(message, f'question "{question.id}"', field)

    def _check_one(self, question: Question) -> None:
        for choice in question.wrong:
            if ruled_out_by_prompt(question.prompt, choice):
                self._problem(question, "wrong", f"{_short(choice)} is named by the prompt itself")
            if same_thing(choice, question.answer, self.same_things):
                self._problem(
                    question, "wrong",
                    f"{_short(choice)} is what the review also calls the answer ([same_things])",
                )  # fmt: skip
        names = (question.answer, *question.aliases)
        in_review = bool(question.source) and question.source in self.review
        if in_review and not any(mentions(question.source, name) for name in names):
            self._problem(question, "source", "does not name the answer or an alias")
        if self.review and question.difficulty:
            problem = difficulty_problem(question.difficulty, review_mentions(self.review, names))
            if problem:
                self._problem(question, "difficulty", problem)

    def _note_giveaways(self, question: Question, questions: Sequence[Question]) -> None:
        names = (question.answer, *question.aliases)
        by = [
            other.id
            for other in questions
            if other is not question
            and gives_away(other.prompt, names, question.prompt, self.people)
        ]
        if by:
            shown = ", ".join(f'"{ident}"' for ident in by)
            self.notes.append(
                PackProblem(
                    self.trivia.file,
                    f"its answer is given away by the prompt of {shown}: a quiz never asks them together",
                    f'question "{question.id}"',
                )
            )
