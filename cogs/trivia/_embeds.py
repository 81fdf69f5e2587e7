"""What trivia looks like in Discord: questions, reveals, summaries, leaderboards, stats, the
daily question and the settings."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from cogs._common import (
    EMBED_COLOUR,
    SPOILER_COLOUR,
)
from lantern.markdown import escape_markdown, review_markdown, shorten, spoiler
from lantern.pack import Question
from lantern.trivia.game import LiveQuiz, LiveRound
from lantern.trivia.records import (
    BoardSort,
    DailyOutcome,
    DailyQuestion,
    GuildTriviaSettings,
    LeaderboardPage,
    LeaderboardRow,
    MemberStats,
    Period,
    QuizStatus,
    QuizSummary,
    RoundResult,
)
from lantern.wording import lines_within

LETTERS = "ABCDE"
STANDINGS_SHOWN = 20
WINNERS_SHOWN = 40  # keeps the reveal well inside an embed's 4096 characters
EMPTY_BOARD = {
    False: "No answers yet. Start a quiz with `/trivia start`!",
    True: "Nobody further down. Go back with Previous.",
}
TOTALS_FIELD_LIMIT = 1024
PASSAGE_LENGTH = 900  # inside a field's 1024 characters once escaped and tagged


def hide(markdown: str, hidden: bool) -> str:
    return spoiler(markdown) if hidden else markdown


def prompt_markdown(question: Question) -> str:
    return review_markdown(question.prompt)


def choice_lines(choices: Sequence[str], hidden: bool) -> str:
    return "\n".join(
        f"**{LETTERS[i]}** {hide(escape_markdown(label), hidden)}"
        for i, label in enumerate(choices)
    )


def round_embed(quiz: LiveQuiz, live: LiveRound, lines: list[str]) -> discord.Embed:
    """A round's message, as asked and as revealed: same title and colour, other lines."""
    question, number = live.question, live.info.number
    return discord.Embed(
        title=f"Question {number}/{len(quiz.questions)} · {question.difficulty.title()}",
        description="\n".join(lines),
        colour=SPOILER_COLOUR if question.spoiler else EMBED_COLOUR,
    )


def add_review_passage(embed: discord.Embed, source: str, hidden: bool) -> None:
    """The review passage that proves an answer, if the question has one."""
    if source:
        passage = review_markdown(shorten(source, PASSAGE_LENGTH))
        embed.add_field(name="From the review", value=hide(passage, hidden), inline=False)


def question_embed(quiz: LiveQuiz, live: LiveRound, typed: bool) -> discord.Embed:
    question, info = live.question, live.info
    hidden = quiz.hides(live)
    typed = typed and not hidden  # a typed answer would spell the spoiler out in the channel
    lines = [hide(prompt_markdown(question), hidden)]
    if hidden:  # button labels cannot hide text, so the choices are listed here behind tags
        lines += ["", choice_lines(info.choices, hidden=True)]
    lines += ["", f"Time's up <t:{int(info.closes_at.timestamp())}:R>."]
    embed = round_embed(quiz, live, lines)
    how = "Pick a button" + (" or type the answer (removed until the reveal)" if typed else "")
    spoiler_note = " · spoiler question" if question.spoiler else ""
    embed.set_footer(text=f"{how}. Your first pick is final.{spoiler_note}")
    return embed


def reveal_embed(
    quiz: LiveQuiz, live: LiveRound, result: RoundResult, reveal_passage: bool
) -> discord.Embed:
    question = live.question
    hidden = quiz.hides(live)
    winners = ", ".join(
        f"<@{s.member_id}> (+{s.points})" for s in result.correct_members[:WINNERS_SHOWN]
    )
    if len(result.correct_members) > WINNERS_SHOWN:
        winners += f" and {len(result.correct_members) - WINNERS_SHOWN} more"
    lines = [
        hide(prompt_markdown(question), hidden),
        "",
        f"**Answer:** {hide(escape_markdown(result.answer), hidden)}",
        f"**Got it:** {winners}" if winners else "**Got it:** nobody this time.",
        f"{result.answered} answered.",
    ]
    embed = round_embed(quiz, live, lines)
    if reveal_passage:
        add_review_passage(embed, question.source, hidden)
    embed.set_footer(text="Time's up.")
    return embed


def interrupted_embed() -> discord.Embed:
    """What an unfinished question turns into after a restart: no countdown, no buttons."""
    return discord.Embed(
        title="Question interrupted",
        description="I restarted before time was up, so this question takes no more answers. "
        "Every point already scored is kept.",
        colour=SPOILER_COLOUR,
    )


def summary_embed(summary: QuizSummary, stopped_by: int | None) -> discord.Embed:
    title = "Quiz over" if summary.quiz.status == QuizStatus.FINISHED else "Quiz stopped"
    lines = [
        f"**{place}.** <@{s.member_id}> — {s.points} pts ({s.correct}/{s.answered} correct)"
        for place, s in enumerate(summary.standings[:STANDINGS_SHOWN], 1)
    ] or ["Nobody answered this time."]
    if stopped_by is not None:
        lines.insert(0, f"Stopped by <@{stopped_by}>. Points so far are kept.\n")
    embed = discord.Embed(title=title, description="\n".join(lines), colour=EMBED_COLOUR)
    totals = [
        f"<@{t.member_id}>: {t.points} pts · streak {t.streak} (best {t.best_streak})"
        for t in summary.totals[:STANDINGS_SHOWN]
    ]
    if totals:
        value = lines_within(totals, TOTALS_FIELD_LIMIT)
        embed.add_field(name="New totals", value=value, inline=False)
    embed.set_footer(text="/trivia leaderboard · /trivia stats")
    return embed


def leaderboard_row_text(row: LeaderboardRow, sort: str) -> str:
    if sort == BoardSort.ACCURACY:
        value = f"{row.accuracy:.0%} ({row.correct}/{row.answered})"
    elif sort == BoardSort.STREAK:
        value = f"best streak {row.best_streak}"
    else:
        value = f"{row.points} pts"
    return f"**{row.rank}.** <@{row.member_id}> — {value}"


def leaderboard_embed(page: LeaderboardPage, owner_id: int) -> discord.Embed:
    period = "this week" if page.period == Period.WEEK else "all time"
    lines = [leaderboard_row_text(row, page.sort) for row in page.rows]
    embed = discord.Embed(
        title=f"Trivia leaderboard · {page.sort} · {period}",
        description="\n".join(lines) or EMPTY_BOARD[page.page > 0],
        colour=EMBED_COLOUR,
    )
    if page.own is not None:
        own = leaderboard_row_text(page.own, page.sort)  # the row names the member already
    else:
        own = f"<@{owner_id}>: not ranked yet — answer a question to get on the board."
    embed.add_field(name="Your rank", value=own, inline=False)
    embed.set_footer(text=f"Page {page.page + 1}")
    return embed


def stats_embed(stats: MemberStats, member: discord.abc.User) -> discord.Embed:
    totals = stats.totals
    fastest = f"{totals.fastest_ms / 1000:.1f} s" if totals.fastest_ms is not None else "—"
    rank = f"#{stats.rank}" if stats.rank else "not ranked yet"
    embed = discord.Embed(title=f"Trivia stats · {member.display_name}", colour=EMBED_COLOUR)
    for name, value in (
        ("Points", str(totals.points)),
        ("Answered", str(totals.answered)),
        ("Correct", str(totals.correct)),
        ("Accuracy", f"{totals.accuracy:.0%}"),
        ("Streak", f"{totals.streak} (best {totals.best_streak})"),
        ("Fastest correct", fastest),
        ("Daily streak", f"{totals.daily_streak} (best {totals.daily_best})"),
        ("Rank", rank),
    ):
        embed.add_field(name=name, value=value, inline=True)
    return embed


def daily_embed(daily: DailyQuestion, question: Question) -> discord.Embed:
    embed = discord.Embed(
        title=f"Daily question · {daily.day}",
        description=prompt_markdown(question),
        colour=EMBED_COLOUR,
    )
    embed.set_footer(text=f"One answer a day. Day streak: {daily.streak}.")
    return embed


def daily_result_embed(outcome: DailyOutcome) -> discord.Embed:
    verdict = (
        "✅ Correct!"
        if outcome.correct
        else f"❌ Not quite — it was **{escape_markdown(outcome.answer)}**."
    )
    lines = [f"You picked **{escape_markdown(outcome.choice_label)}**. {verdict}"]
    if outcome.points:
        lines.append(f"+{outcome.points} pts.")
    lines.append(f"Day streak: **{outcome.day_streak}**.")
    embed = discord.Embed(title="Daily question", description="\n".join(lines), colour=EMBED_COLOUR)
    add_review_passage(embed, outcome.source, outcome.spoiler)
    return embed


def settings_text(settings: GuildTriviaSettings) -> str:
    points = settings.points
    return (
        "**Trivia settings**\n"
        f"Default seconds per question: **{settings.default_seconds}**\n"
        f"Typed answers: **{'on' if settings.typed_answers else 'off'}**\n"
        f"Reveal passages: **{'on' if settings.reveal_passages else 'off'}**\n"
        f"Points: easy **{points['easy']}**, medium **{points['medium']}**, "
        f"hard **{points['hard']}**"
    )


def message_link(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"
