"""`/trivia`: quizzes about the film in a channel, a daily question, leaderboards and settings.

A thin adapter over `lantern.trivia.service.TriviaService`. A quiz runs on ordinary channel
messages (so it outlasts the 15-minute interaction token); its choice buttons are persistent
`DynamicItem`s whose custom_id names the quiz, the round and the shown position, so a click on a
message from before a restart still gets an answer ("this quiz is over").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands, ui
from discord.ext import commands

from cogs._common import (
    EMBED_COLOUR,
    SAFE_MENTIONS,
    SPOILER_COLOUR,
    ReportsErrors,
    check_can_post,
    loaded_cog,
    require_guild_id,
    require_manage_guild,
    spoiler_mode,
)
from lantern.clock import sleep_until_or
from lantern.errors import LanternError
from lantern.markdown import escape_markdown, review_markdown, shorten, spoiler
from lantern.pack import Question
from lantern.trivia.bank import QuestionBank
from lantern.trivia.errors import QuizAlreadyRunning
from lantern.trivia.game import LiveQuiz, LiveRound
from lantern.trivia.records import (
    DailyOutcome,
    DailyQuestion,
    GuildTriviaSettings,
    LeaderboardPage,
    LeaderboardRow,
    MemberStats,
    QuizInfo,
    QuizSummary,
    RoundResult,
)
from lantern.trivia.service import QuizRequest, TriviaService

if TYPE_CHECKING:
    from bot import LanternBot

log = logging.getLogger(__name__)

COG_NAME = "Trivia"
REVEAL_PAUSE = 5  # seconds between a reveal and the next question
LETTERS = "ABCDE"
QUIZ_CHANNEL_TYPES = (discord.TextChannel, discord.Thread, discord.VoiceChannel)
STANDINGS_SHOWN = 20
WINNERS_SHOWN = 40  # keeps the reveal well inside an embed's 4096 characters
EMPTY_BOARD = {
    False: "No answers yet. Start a quiz with `/trivia start`!",
    True: "Nobody further down. Go back with Previous.",
}
TOTALS_FIELD_LIMIT = 1024
PASSAGE_LENGTH = 900  # inside a field's 1024 characters once escaped and tagged


# ----------------------------------------------------------------------------- rendering


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
    how = "Pick a button" + (" or type the answer" if typed else "")
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


def summary_embed(summary: QuizSummary, stopped_by: int | None) -> discord.Embed:
    title = "Quiz over" if summary.quiz.status == "finished" else "Quiz stopped"
    lines = [
        f"**{place}.** <@{s.member_id}> — {s.points} pts ({s.correct}/{s.answered} correct)"
        for place, s in enumerate(summary.standings[:STANDINGS_SHOWN], 1)
    ] or ["Nobody answered this time."]
    if stopped_by is not None:
        lines.insert(0, f"Stopped by <@{stopped_by}>. Points so far are kept.\n")
    embed = discord.Embed(title=title, description="\n".join(lines), colour=EMBED_COLOUR)
    totals = "\n".join(
        f"<@{t.member_id}>: {t.points} pts · streak {t.streak} (best {t.best_streak})"
        for t in summary.totals[:STANDINGS_SHOWN]
    )
    if totals:
        embed.add_field(name="New totals", value=shorten(totals, TOTALS_FIELD_LIMIT), inline=False)
    embed.set_footer(text="/trivia leaderboard · /trivia stats")
    return embed


def leaderboard_row_text(row: LeaderboardRow, sort: str) -> str:
    if sort == "accuracy":
        value = f"{row.accuracy:.0%} ({row.correct}/{row.answered})"
    elif sort == "streak":
        value = f"best streak {row.best_streak}"
    else:
        value = f"{row.points} pts"
    return f"**{row.rank}.** <@{row.member_id}> — {value}"


def leaderboard_embed(page: LeaderboardPage, owner_id: int) -> discord.Embed:
    period = "this week" if page.period == "week" else "all time"
    lines = [leaderboard_row_text(row, page.sort) for row in page.rows]
    embed = discord.Embed(
        title=f"Trivia leaderboard · {page.sort} · {period}",
        description="\n".join(lines) or EMPTY_BOARD[page.page > 0],
        colour=EMBED_COLOUR,
    )
    if page.own is not None:
        own = f"<@{owner_id}>: {leaderboard_row_text(page.own, page.sort)}"
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


# ----------------------------------------------------------------------------- buttons


def trivia_cog(client: discord.Client) -> TriviaCog:
    return loaded_cog(client, TriviaCog, "Trivia is not available right now.")


def choice_button(label: str, custom_id: str) -> ui.Button[Any]:
    """A button for one answer choice (a button label holds at most 80 characters)."""
    return ui.Button(label=label[:80], style=discord.ButtonStyle.primary, custom_id=custom_id)


class QuizChoiceButton(
    ReportsErrors,
    ui.DynamicItem[ui.Button[Any]],
    template=r"trivia:q:(?P<quiz>[0-9]+):(?P<round>[0-9]+):(?P<choice>[0-4])",
):
    """One choice of one quiz question; works across restarts (stale quizzes say so)."""

    def __init__(self, quiz_id: int, number: int, choice: int, label: str = "?") -> None:
        super().__init__(choice_button(label, f"trivia:q:{quiz_id}:{number}:{choice}"))
        self.quiz_id, self.number, self.choice = quiz_id, number, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: ui.Button[Any], match: Any, /
    ) -> QuizChoiceButton:
        return cls(int(match["quiz"]), int(match["round"]), int(match["choice"]))

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        await trivia_cog(interaction.client).choice_clicked(interaction, self)


class DailyChoiceButton(
    ReportsErrors,
    ui.DynamicItem[ui.Button[Any]],
    template=r"trivia:d:(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2}):(?P<choice>[0-4])",
):
    def __init__(self, day: str, choice: int, label: str = "?") -> None:
        super().__init__(choice_button(label, f"trivia:d:{day}:{choice}"))
        self.day, self.choice = day, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: ui.Button[Any], match: Any, /
    ) -> DailyChoiceButton:
        return cls(match["day"], int(match["choice"]))

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        await trivia_cog(interaction.client).daily_clicked(interaction, self)


class LeaderboardPageButton(
    ReportsErrors,
    ui.DynamicItem[ui.Button[Any]],
    template=r"trivia:lb:(?P<sort>[a-z]+):(?P<period>[a-z-]+):(?P<page>[0-9]+):(?P<owner>[0-9]+):(?P<dir>[pn])",
):
    def __init__(
        self, sort: str, period: str, page: int, owner: int, direction: str, *, disabled: bool
    ) -> None:
        super().__init__(
            ui.Button(
                label="Previous" if direction == "p" else "Next",
                style=discord.ButtonStyle.secondary,
                custom_id=f"trivia:lb:{sort}:{period}:{page}:{owner}:{direction}",
                disabled=disabled,
            )
        )
        self.sort, self.period, self.page, self.owner = sort, period, page, owner

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: ui.Button[Any], match: Any, /
    ) -> LeaderboardPageButton:
        return cls(
            match["sort"], match["period"], int(match["page"]), int(match["owner"]),
            match["dir"], disabled=False,
        )  # fmt: skip

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        await trivia_cog(interaction.client).leaderboard_paged(interaction, self)


def quiz_view(quiz: LiveQuiz, live: LiveRound) -> ui.View:
    hidden = quiz.hides(live)
    view = ui.View(timeout=None)
    for index, label in enumerate(live.info.choices):
        shown = LETTERS[index] if hidden else label
        view.add_item(QuizChoiceButton(quiz.id, live.info.number, index, shown))
    return view


def daily_view(daily: DailyQuestion) -> ui.View:
    view = ui.View(timeout=None)
    for index, label in enumerate(daily.choices):
        view.add_item(DailyChoiceButton(daily.day, index, label))
    return view


def leaderboard_view(page: LeaderboardPage, owner: int) -> ui.View:
    view = ui.View(timeout=None)
    view.add_item(
        LeaderboardPageButton(
            page.sort, page.period, max(page.page - 1, 0), owner, "p", disabled=page.page == 0
        )
    )
    view.add_item(
        LeaderboardPageButton(
            page.sort, page.period, page.page + 1, owner, "n", disabled=not page.has_next
        )
    )
    return view


# ----------------------------------------------------------------------------- the cog


class TriviaCog(commands.Cog, name=COG_NAME):
    trivia = app_commands.Group(
        name="trivia", description="Quizzes about the film", guild_only=True
    )

    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.service = TriviaService(bot.db.trivia, QuestionBank.from_pack(bot.pack), bot.clock)
        self.runners: dict[int, asyncio.Task[None]] = {}
        self._notes: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(QuizChoiceButton, DailyChoiceButton, LeaderboardPageButton)
        interrupted = await self.service.recover_interrupted()
        if interrupted:
            self._notes = asyncio.create_task(self._post_interrupted_notes(interrupted))

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(QuizChoiceButton, DailyChoiceButton, LeaderboardPageButton)
        tasks = [*self.runners.values(), *([self._notes] if self._notes else [])]
        for task in tasks:
            task.cancel()
        # Quizzes cut short here stay "running" in the database; the next start marks them
        # interrupted and leaves the note, exactly as after a crash.
        await asyncio.gather(*tasks, return_exceptions=True)
        # A runner cancelled before its first step never reached its own clean-up.
        self.runners.clear()
        self._watch_chat_while_quizzes_run()

    async def _post_interrupted_notes(self, quizzes: list[QuizInfo]) -> None:
        await self.bot.wait_until_ready()
        for quiz in quizzes:
            channel = self.bot.get_channel(quiz.channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                continue
            with contextlib.suppress(discord.HTTPException):
                await channel.send(
                    "⚠️ The trivia quiz here was interrupted because I restarted. Every point "
                    "already scored is kept. Start a new one with `/trivia start`.",
                    allowed_mentions=SAFE_MENTIONS,
                )

    # --- /trivia start ------------------------------------------------------------------

    @trivia.command(name="start", description="Start a quiz about the film in this channel")
    @app_commands.describe(
        rounds="How many questions (1–20, default 5)",
        difficulty="easy, medium, hard or mixed (default mixed)",
        seconds="Seconds per question (5–120, default from /trivia settings)",
        spoilers="Include questions about plot twists (default: only in spoiler channels)",
    )
    @app_commands.choices(
        difficulty=[
            app_commands.Choice(name=name, value=name)
            for name in ("mixed", "easy", "medium", "hard")
        ]
    )
    async def start(
        self,
        interaction: discord.Interaction[Any],
        rounds: app_commands.Range[int, 1, 20] = 5,
        difficulty: str = "mixed",
        seconds: app_commands.Range[int, 5, 120] | None = None,
        spoilers: bool | None = None,
    ) -> None:
        channel = self._quiz_channel(interaction)
        check_can_post(
            channel,
            "run a quiz",
            "Ask a moderator to grant it, or start the quiz in another channel.",
        )
        mode = await spoiler_mode(self.bot, interaction, spoilers)  # of the quiz channel
        request = QuizRequest(
            guild_id=channel.guild.id,
            channel_id=channel.id,
            starter_id=interaction.user.id,
            rounds=rounds,
            difficulty=difficulty,
            seconds=seconds,
            include_spoilers=mode.include,
            wrap_spoilers=not mode.in_spoiler_channel,
        )
        quiz = await self._start_or_link(request)
        try:
            await interaction.response.send_message(
                self._intro(quiz, interaction.user.id), allowed_mentions=SAFE_MENTIONS
            )
        except BaseException:
            await self.service.end_quiz(quiz, "stopped")  # nothing half started
            raise
        self.runners[quiz.id] = asyncio.create_task(self._run_quiz(quiz, channel))
        self._watch_chat_while_quizzes_run()

    def _watch_chat_while_quizzes_run(self) -> None:
        """Typed answers are all trivia reads in chat, so it sees messages only while a quiz
        runs: every other message is spared the look."""
        if self.runners:
            self.bot.watch_messages(self.watch_message)
        else:
            self.bot.unwatch_messages(self.watch_message)

    def _quiz_channel(self, interaction: discord.Interaction[Any]) -> Any:
        channel = interaction.channel
        if interaction.guild is None or not isinstance(channel, QUIZ_CHANNEL_TYPES):
            raise LanternError("Quizzes run in a server's text channels and threads.")
        return channel

    async def _start_or_link(self, request: QuizRequest) -> LiveQuiz:
        try:
            return await self.service.start_quiz(request)
        except QuizAlreadyRunning as running:
            text = "A quiz is already running in this channel"
            if running.message_id:
                link = message_link(request.guild_id, request.channel_id, running.message_id)
                text += f": {link}"
            raise LanternError(text + ". Join in, or wait for it to end.") from None

    def _intro(self, quiz: LiveQuiz, starter: int) -> str:
        info = quiz.info
        typed = self._typed_answers_on(quiz)
        spoilers = "with spoilers" if info.spoilers else "spoiler-free"
        return (
            f"🎬 <@{starter}> started a trivia quiz: **{len(quiz.questions)}** questions, "
            f"{info.difficulty}, {info.seconds} s each, {spoilers}. Answer with the buttons"
            + (" or by typing the answer" if typed else "")
            + " — your first pick is final."
        )

    def _typed_answers_on(self, quiz: LiveQuiz) -> bool:
        return self.bot.message_content_enabled and quiz.settings.typed_answers

    # --- running a quiz -----------------------------------------------------------------

    async def _run_quiz(self, quiz: LiveQuiz, channel: Any) -> None:
        # Registered until the very end, so that unloading the cog cancels (and waits for) a
        # quiz that is still writing its summary, before the database closes.
        try:
            status = await self._play(quiz, channel)
            await self._finish(quiz, channel, status)
        except Exception:
            log.exception("Quiz %d could not be ended cleanly", quiz.id)
        finally:
            self.runners.pop(quiz.id, None)
            self._watch_chat_while_quizzes_run()

    async def _play(self, quiz: LiveQuiz, channel: Any) -> str:
        """Every round in turn; the status the quiz ends with."""
        try:
            while quiz.has_next:
                if await self._play_round(quiz, channel):
                    return "stopped"
        except (discord.NotFound, discord.Forbidden):
            log.info("Quiz %d ended: channel %d gone or closed to the bot", quiz.id, channel.id)
            return "stopped"
        except Exception:
            log.exception("Quiz %d failed; ending it", quiz.id)
            return "stopped"
        return "finished"

    async def _play_round(self, quiz: LiveQuiz, channel: Any) -> bool:
        """Ask, wait, reveal; True if the quiz was stopped meanwhile."""
        live = await self.service.open_round(quiz)
        message = await channel.send(
            embed=question_embed(quiz, live, self._typed_answers_on(quiz)),
            view=quiz_view(quiz, live),
            allowed_mentions=SAFE_MENTIONS,
        )
        await self.service.round_posted(live, message.id)
        stopped = await self._wait(quiz, quiz.info.seconds)
        result = await self.service.close_round(quiz)
        reveal = reveal_embed(quiz, live, result, quiz.settings.reveal_passages)
        await message.edit(embed=reveal, view=None, allowed_mentions=SAFE_MENTIONS)
        if stopped:
            return True
        return quiz.has_next and await self._wait(quiz, REVEAL_PAUSE)

    async def _wait(self, quiz: LiveQuiz, seconds: float) -> bool:
        """Sleep on the bot's clock unless the quiz is stopped first; True if stopped."""
        # A deadline fixed now: time can move before the sleeping task first runs.
        deadline = self.bot.clock.now() + timedelta(seconds=seconds)
        quiz.waiting = True
        try:
            return await sleep_until_or(self.bot.clock, deadline, quiz.stop_requested)
        finally:
            quiz.waiting = False

    async def _finish(self, quiz: LiveQuiz, channel: Any, status: str) -> None:
        summary = await self.service.end_quiz(quiz, status)
        with contextlib.suppress(discord.HTTPException):
            await channel.send(
                embed=summary_embed(summary, quiz.stopped_by), allowed_mentions=SAFE_MENTIONS
            )

    # --- answering --------------------------------------------------------------------------

    async def choice_clicked(
        self, interaction: discord.Interaction[Any], button: QuizChoiceButton
    ) -> None:
        # Committed to the database before the click is acknowledged.
        outcome = await self.service.answer(
            quiz_id=button.quiz_id,
            number=button.number,
            member_id=interaction.user.id,
            choice_index=button.choice,
            interaction_id=interaction.id,
        )
        await interaction.response.send_message(
            f"🔒 You picked **{escape_markdown(outcome.choice_label)}**. "
            "The answer is revealed when time is up.",
            ephemeral=True,
            allowed_mentions=SAFE_MENTIONS,
        )

    def watch_message(self, message: discord.Message) -> Awaitable[None] | None:
        """A typed answer, when the channel has a quiz taking them: otherwise nothing to do."""
        if message.author.bot or message.guild is None or not message.content:
            return None
        if not self.bot.message_content_enabled:  # Discord hides the text without the intent
            return None
        quiz = self.service.running_in(message.channel.id)
        if quiz is None or not quiz.takes_typed_answers:
            return None
        return self._record_typed_answer(message, quiz)

    async def _record_typed_answer(self, message: discord.Message, quiz: LiveQuiz) -> None:
        try:
            outcome = await self.service.answer_typed(
                channel_id=message.channel.id,
                member_id=message.author.id,
                text=message.content,
                message_id=message.id,
            )
        except Exception:
            # A chat message has no interaction to reply to: the log is the error path.
            log.exception("Typed answer %s in quiz %d could not be recorded", message.id, quiz.id)
            return
        if outcome is not None:
            # A neutral mark: "counted", without telling the channel whether it was right.
            with contextlib.suppress(discord.HTTPException):
                await message.add_reaction("📝")

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        self._channel_gone(channel.id)

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        self._channel_gone(payload.thread_id)

    def _channel_gone(self, channel_id: int) -> None:
        quiz = self.service.running_in(channel_id)
        if quiz is not None:
            quiz.stop_requested.set()  # the runner ends the quiz; its points stay

    # --- /trivia stop -----------------------------------------------------------------------

    @trivia.command(name="stop", description="Stop the quiz running in this channel")
    async def stop(self, interaction: discord.Interaction[Any]) -> None:
        channel_id = interaction.channel_id or 0
        self.service.stop_quiz(
            channel_id,
            interaction.user.id,
            can_manage_messages=interaction.permissions.manage_messages,
        )
        await interaction.response.send_message(
            f"⏹️ <@{interaction.user.id}> stopped the quiz. Points so far are kept.",
            allowed_mentions=SAFE_MENTIONS,
        )

    # --- /trivia leaderboard ------------------------------------------------------------------

    @trivia.command(name="leaderboard", description="The server's best trivia players")
    @app_commands.describe(
        sort="Rank by points, accuracy or streak", period="All time or this week"
    )
    @app_commands.choices(
        sort=[app_commands.Choice(name=n, value=n) for n in ("points", "accuracy", "streak")],
        period=[app_commands.Choice(name=n, value=n) for n in ("all-time", "week")],
    )
    async def leaderboard(
        self,
        interaction: discord.Interaction[Any],
        sort: str = "points",
        period: str = "all-time",
    ) -> None:
        guild_id = require_guild_id(interaction)
        page = await self.service.leaderboard(
            guild_id, sort=sort, period=period, page=0, member_id=interaction.user.id
        )
        await interaction.response.send_message(
            embed=leaderboard_embed(page, interaction.user.id),
            view=leaderboard_view(page, interaction.user.id),
            allowed_mentions=SAFE_MENTIONS,
        )

    async def leaderboard_paged(
        self, interaction: discord.Interaction[Any], button: LeaderboardPageButton
    ) -> None:
        page = await self.service.leaderboard(
            require_guild_id(interaction),
            sort=button.sort,
            period=button.period,
            page=button.page,
            member_id=button.owner,
        )
        await interaction.response.edit_message(
            embed=leaderboard_embed(page, button.owner),
            view=leaderboard_view(page, button.owner),
            allowed_mentions=SAFE_MENTIONS,
        )

    # --- /trivia stats ------------------------------------------------------------------------

    @trivia.command(name="stats", description="Trivia stats of a member (default: you)")
    @app_commands.describe(member="Whose stats to show")
    async def stats(
        self, interaction: discord.Interaction[Any], member: discord.Member | None = None
    ) -> None:
        who = member or interaction.user
        stats = await self.service.stats(require_guild_id(interaction), who.id)
        await interaction.response.send_message(
            embed=stats_embed(stats, who), allowed_mentions=SAFE_MENTIONS
        )

    # --- /trivia daily ------------------------------------------------------------------------

    @trivia.command(name="daily", description="Today's question, answered privately")
    async def daily(self, interaction: discord.Interaction[Any]) -> None:
        daily, question = await self.service.daily(
            require_guild_id(interaction), interaction.user.id
        )
        await interaction.response.send_message(
            embed=daily_embed(daily, question),
            view=daily_view(daily),
            ephemeral=True,
            allowed_mentions=SAFE_MENTIONS,
        )

    async def daily_clicked(
        self, interaction: discord.Interaction[Any], button: DailyChoiceButton
    ) -> None:
        outcome = await self.service.answer_daily(
            require_guild_id(interaction), interaction.user.id, button.day, button.choice
        )
        await interaction.response.edit_message(
            embed=daily_result_embed(outcome), view=None, allowed_mentions=SAFE_MENTIONS
        )

    # --- /trivia settings ---------------------------------------------------------------------

    # Discord applies default permissions to whole top-level commands only, and members may use
    # the rest of /trivia, so Manage Server is checked here at run time.
    @trivia.command(name="settings", description="Trivia settings for this server")
    @app_commands.describe(
        seconds="Default seconds per question (5–120)",
        typed_answers="Let members type answers in the channel",
        reveal_passages="Show the review passage that proves each answer",
        easy_points="Points for an easy question",
        medium_points="Points for a medium question",
        hard_points="Points for a hard question",
    )
    async def settings(
        self,
        interaction: discord.Interaction[Any],
        seconds: app_commands.Range[int, 5, 120] | None = None,
        typed_answers: bool | None = None,
        reveal_passages: bool | None = None,
        easy_points: app_commands.Range[int, 1, 1000] | None = None,
        medium_points: app_commands.Range[int, 1, 1000] | None = None,
        hard_points: app_commands.Range[int, 1, 1000] | None = None,
    ) -> None:
        require_manage_guild(interaction)
        updated = await self.service.update_settings(
            require_guild_id(interaction),
            default_seconds=seconds,
            typed_answers=typed_answers,
            reveal_passages=reveal_passages,
            points={"easy": easy_points, "medium": medium_points, "hard": hard_points},
        )
        note = ""
        if updated.typed_answers and not self.bot.message_content_enabled:
            note = "\n-# Typed answers need the Message Content intent, which is off for this bot."
        await interaction.response.send_message(
            settings_text(updated) + note, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(TriviaCog(bot))
