"""Load and validate a film pack folder, reporting every problem with file, entry and field."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lantern.errors import FilmPackError, PackProblem
from lantern.pack.fairness import mentions
from lantern.pack.model import (
    DIFFICULTIES,
    BlankGroup,
    Character,
    FilmLine,
    FilmPack,
    Question,
    Twist,
)
from lantern.pack.prompts import DISCUSSION_FILE, read_prompts
from lantern.pack.twists import check_twist, twist_names
from lantern.pack.validate import (
    Entry,
    QuestionChecks,
    TomlFile,
    check_delivery,
    check_names_stated,
)

FILM_FILE = "film.toml"
TRIVIA_FILE = "trivia.toml"


def load_film_pack(directory: Path) -> FilmPack:
    """Read `film.toml`, the review, `trivia.toml` and `discussion.toml` (both optional); raise `FilmPackError` listing all
    problems if anything is wrong."""
    problems: list[PackProblem] = []
    film = TomlFile.read(directory, FILM_FILE, problems, required=True)
    review_text = _read_review(directory, film)
    characters = _characters(film, review_text)
    ids = {character.id for character in characters}
    lines = _lines(film, review_text, ids)
    passages, terms = _spoilers(film, review_text)
    twists = _twists(film, review_text, characters)
    same_things = _same_things(film, review_text)
    trivia = TomlFile.read(directory, TRIVIA_FILE, problems, required=False)
    questions = _questions(trivia, review_text)
    blank_groups = _blank_groups(trivia)
    people = [name for c in characters for name in (c.name, *c.aliases, *c.short_names)]
    fairness = QuestionChecks(trivia, review_text, same_things, people)
    fairness.check(questions)
    runtime = _runtime_minutes(film)
    discussion = TomlFile.read(directory, DISCUSSION_FILE, problems, required=False)
    prompts = read_prompts(discussion, review_text, passages)
    if problems:
        raise FilmPackError(problems)
    header = film.table("film")
    return FilmPack(
        directory=directory,
        title=header.text("title"),
        setting=header.text("setting"),
        logline=header.text("logline", required=False),
        themes=header.texts("themes", required=False),
        review_text=review_text,
        characters=tuple(characters),
        lines=tuple(lines),
        spoiler_passages=passages,
        spoiler_terms=terms,
        twists=tuple(twists),
        questions=tuple(questions),
        blank_groups=tuple(blank_groups),
        same_things=same_things,
        notes=tuple(fairness.notes),
        prompts=tuple(prompts),
        runtime_minutes=runtime,
    )


RUNTIME_RANGE = range(1, 601)  # minutes: up to ten hours


def _runtime_minutes(film: TomlFile) -> int | None:
    value = film.table("watch_party").data.get("runtime_minutes")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in RUNTIME_RANGE:
        film.problem(
            "must be a whole number of minutes, 1 to 600", "[watch_party]", "runtime_minutes"
        )
        return None
    return value


def _read_review(directory: Path, film: TomlFile) -> str:
    name = film.table("film").text("review")
    if not name:
        return ""
    path = directory / name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        film.problem(f"cannot read the review {name!r} ({error})", "[film]", "review")
        return ""
    if not text.strip():
        film.problem(f"the review {name!r} is empty", "[film]", "review")
    return text


def _characters(film: TomlFile, review: str) -> list[Character]:
    characters: list[Character] = []
    for entry in film.entries("characters", label="character"):
        character = Character(
            id=entry.text("id"),
            name=entry.text("name"),
            aliases=entry.texts("aliases", required=False),
            descriptions=entry.texts("descriptions", required=False),
            summary=entry.text("summary"),
            short_names=entry.texts("short_names", required=False),
        )
        check_names_stated(entry, character, review)
        characters.append(character)
    film.check_unique_ids([c.id for c in characters], "character")
    if not characters:
        film.problem("at least one [[characters]] entry is needed")
    return characters


def _lines(film: TomlFile, review: str, character_ids: set[str]) -> list[FilmLine]:
    lines: list[FilmLine] = []
    for entry in film.entries("lines", label="line"):
        line = FilmLine(
            entry.text("text"), entry.text("speaker"), entry.text("how"), entry.text("delivery")
        )
        entry.check_excerpt("text", line.text, review)
        check_delivery(entry, line, review)
        if line.speaker and line.speaker not in character_ids:
            entry.problem("speaker", f"{line.speaker!r} is not a character id")
        lines.append(line)
    return lines


def _spoilers(film: TomlFile, review: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    spoilers = film.table("spoilers")
    passages = spoilers.texts("passages", required=False)
    for passage in passages:
        spoilers.check_excerpt("passages", passage, review)
    terms = spoilers.texts("terms", required=False)
    return passages, terms


def _twists(film: TomlFile, review: str, characters: list[Character]) -> list[Twist]:
    by_id = {character.id: character for character in characters}
    twists = []
    for entry in film.entries("twists", label="twist"):
        twist = Twist(
            id=entry.text("id"),
            label=entry.text("label"),
            passages=entry.texts("passages"),
            subjects=entry.texts("subjects", required=False),
            names=entry.texts("names", required=False),
            pronouns=entry.texts("pronouns", required=False),
            says=entry.texts("says", required=False),
            denies=entry.texts("denies", required=False),
            phrases=entry.texts("phrases", required=False),
        )
        twist = replace(twist, referred_as=twist_names(twist, by_id))
        check_twist(entry, twist, review, by_id)
        twists.append(twist)
    film.check_unique_ids([twist.id for twist in twists], "twist")
    return twists


def _same_things(film: TomlFile, review: str) -> tuple[tuple[str, ...], ...]:
    table = film.table("same_things")
    groups = []
    for name in table.data:
        group = table.texts(name)
        for phrase in group:
            if not mentions(review, phrase):
                table.problem(name, f"{phrase!r} is not a whole word or phrase of the review")
        if len(group) == 1:
            table.problem(name, "a group needs at least two phrases")
        groups.append(group)
    return tuple(groups)


def _questions(trivia: TomlFile, review: str) -> list[Question]:
    questions = [
        _question(entry, review) for entry in trivia.entries("questions", label="question")
    ]
    trivia.check_unique_ids([q.id for q in questions], "question")
    return questions


def _question(entry: Entry, review: str) -> Question:
    question = Question(
        id=entry.text("id"),
        prompt=entry.text("prompt"),
        answer=entry.text("answer"),
        aliases=entry.texts("aliases", required=False),
        wrong=entry.texts("wrong"),
        difficulty=entry.text("difficulty"),
        spoiler=entry.boolean("spoiler"),
        source=entry.text("source"),
        category=entry.text("category"),
    )
    _check_question(entry, question, review)
    return question


def _blank_groups(trivia: TomlFile) -> list[BlankGroup]:
    blanks = trivia.table("blanks")
    groups: list[BlankGroup] = []
    for kind, table in blanks.data.items():
        if not isinstance(table, dict):
            blanks.problem(kind, "must be a table of category and terms")
            continue
        entry = Entry(trivia.file, f"[blanks.{kind}]", table, trivia.problems)
        category = entry.text("category", required=False) or "objects"
        groups.append(BlankGroup(kind, category, entry.texts("terms")))
    return groups


def _check_question(entry: Entry, question: Question, review: str) -> None:
    if question.difficulty and question.difficulty not in DIFFICULTIES:
        entry.problem("difficulty", f"must be one of {', '.join(DIFFICULTIES)}")
    if len(question.wrong) < 3:
        entry.problem("wrong", "needs at least 3 wrong choices")
    if len(question.wrong) > 4:
        entry.problem("wrong", "at most 4 wrong choices (5 buttons in all)")
    folded_wrong = {choice.casefold() for choice in question.wrong}
    if question.answer and question.answer.casefold() in folded_wrong:
        entry.problem(None, "answer is also listed as a wrong choice")
    if len(folded_wrong) != len(question.wrong):
        entry.problem("wrong", "lists the same choice twice")
    entry.check_excerpt("source", question.source, review)
    for choice in (question.answer, *question.wrong):
        if len(choice) > 80:
            entry.problem(
                None, f"choice {choice[:20]!r}... is longer than a button's 80 characters"
            )
