"""The trivia cog: `/trivia start|stop|leaderboard|stats|daily|settings`, the listeners, and
what a click or a typed answer does. Quizzes themselves are played by `QuizRunner`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from cogs._common import (
    can_manage_messages,
    check_can_post,
    escape_user_text,
    require_guild_id,
    require_manage_guild,
    spoiler_mode,
)
from cogs._replies import SAFE_MENTIONS
from cogs.trivia._embeds import (
    daily_embed,
    daily_result_embed,
    interrupted_embed,
    leaderboard_embed,
    message_link,
    settings_text,
    stats_embed,
)
from cogs.trivia._runner import QuizRunner
from cogs.trivia._views import (
    COG_NAME,
    DailyChoiceButton,
    LeaderboardPageButton,
    QuizChoiceButton,
    daily_view,
    leaderboard_view,
)
from lantern.errors import LanternError
from lantern.markdown import escape_markdown
from lantern.trivia.bank import QuestionBank
from lantern.trivia.errors import QuizAlreadyRunning
from lantern.trivia.game import LiveQuiz
from lantern.trivia.records import (
    BoardSort,
    InterruptedQuiz,
    Period,
    QuizStatus,
)
from lantern.trivia.service import QuizRequest, TriviaService
from lantern.wording import count

if TYPE_CHECKING:
    from app.bot import LanternBot

log = logging.getLogger(__name__)

INTERRUPTED_NOTE = (
    "⚠️ The trivia quiz here was interrupted because I restarted. Every point already scored "
    "is kept. Start a new one with `/trivia start`."
)
TYPED_NEEDS_MANAGE_MESSAGES = (
    "Typed answers are off in this channel: I need **Manage Messages** here to remove each one "
    "until the reveal, so nobody can copy it."
)
QUIZ_CHANNEL_TYPES = (discord.TextChannel, discord.Thread, discord.VoiceChannel)


class TriviaCog(commands.Cog, name=COG_NAME):
    trivia = app_commands.Group(
        name="trivia", description="Quizzes about the film", guild_only=True
    )

    def __init__(self, bot: LanternBot) -> None:
        self.bot = bot
        self.service = TriviaService(bot.db.trivia, QuestionBank.from_pack(bot.pack), bot.clock)
        self.runner = QuizRunner(
            self.service,
            bot.clock,
            typed_answers_on=self._typed_answers_on,
            on_change=self._watch_chat_while_quizzes_run,
        )
        self._notes: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        # Which questions give each other away is worked out here, before the bot connects,
        # rather than inside the first /trivia start.
        _ = self.service.bank.giveaways
        self.bot.add_dynamic_items(QuizChoiceButton, DailyChoiceButton, LeaderboardPageButton)
        interrupted = await self.service.recover_interrupted(self.bot.owns_guild)
        if interrupted:
            self._notes = asyncio.create_task(self._post_interrupted_notes(interrupted))

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(QuizChoiceButton, DailyChoiceButton, LeaderboardPageButton)
        if self._notes is not None:
            self._notes.cancel()
            await asyncio.gather(self._notes, return_exceptions=True)
        await self.runner.cancel_all()

    async def _post_interrupted_notes(self, quizzes: list[InterruptedQuiz]) -> None:
        await self.bot.wait_until_ready()
        for quiz in quizzes:
            channel = self.bot.get_channel(quiz.info.channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                continue
            await self._mark_question_interrupted(channel, quiz)
            with contextlib.suppress(discord.HTTPException):
                await channel.send(INTERRUPTED_NOTE, allowed_mentions=SAFE_MENTIONS)

    async def _mark_question_interrupted(self, channel: Any, quiz: InterruptedQuiz) -> None:
        """The last question still shows a countdown and live buttons: say it is over."""
        if quiz.question_message_id is None:
            return
        # Deleted meanwhile, or the channel closed to the bot: its clicks still say "over".
        with contextlib.suppress(discord.HTTPException):
            await channel.get_partial_message(quiz.question_message_id).edit(
                embed=interrupted_embed(), view=None, allowed_mentions=SAFE_MENTIONS
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
                self._intro(quiz, channel, interaction.user.id), allowed_mentions=SAFE_MENTIONS
            )
        except BaseException:
            await self.service.end_quiz(quiz, QuizStatus.STOPPED)  # nothing half started
            raise
        self.runner.start(quiz, channel)

    def _watch_chat_while_quizzes_run(self) -> None:
        """Typed answers are all trivia reads in chat, so it sees messages only while a quiz
        runs: every other message is spared the look."""
        if self.runner.running:
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

    def _intro(self, quiz: LiveQuiz, channel: Any, starter: int) -> str:
        info = quiz.info
        typed = self._typed_answers_on(quiz, channel)
        spoilers = "with spoilers" if info.spoilers else "spoiler-free"
        questions = count(len(quiz.questions), "question").replace(" ", "** ", 1)
        text = (
            f"🎬 <@{starter}> started a trivia quiz: **{questions}, "
            f"{info.difficulty}, {info.seconds} s each, {spoilers}. Answer with the buttons"
            + (" or by typing the answer (typed answers vanish until the reveal)" if typed else "")
            + " — your first pick is final."
        )
        if self._typed_answers_wanted(quiz) and not typed:
            text += f"\n-# {TYPED_NEEDS_MANAGE_MESSAGES}"
        return text

    def _typed_answers_wanted(self, quiz: LiveQuiz) -> bool:
        return self.bot.message_content_enabled and quiz.settings.typed_answers

    def _typed_answers_on(self, quiz: LiveQuiz, channel: Any) -> bool:
        """Typed answers are taken only where the bot can remove them at once: left in the
        channel, a typed answer would tell everyone else what to click before the reveal."""
        return self._typed_answers_wanted(quiz) and can_manage_messages(channel)

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
        if not self._typed_answers_on(quiz, message.channel):
            return None
        return self._record_typed_answer(message, quiz)

    async def _record_typed_answer(self, message: discord.Message, quiz: LiveQuiz) -> None:
        # A second pick or a late one names a choice too: it is removed all the same.
        is_pick = self.service.names_a_choice(message.channel.id, message.content)
        try:
            await self.service.answer_typed(
                channel_id=message.channel.id,
                member_id=message.author.id,
                text=message.content,
                message_id=message.id,
            )
        except Exception:
            # A chat message has no interaction to reply to: the log is the error path.
            log.exception("Typed answer %s in quiz %d could not be recorded", message.id, quiz.id)
            return
        if is_pick:
            # Recorded first, then removed: nobody reads it before the reveal.
            with contextlib.suppress(discord.HTTPException):
                await message.delete()

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
        sort=[app_commands.Choice(name=s.value, value=s.value) for s in BoardSort],
        period=[app_commands.Choice(name=p.value, value=p.value) for p in Period],
    )
    async def leaderboard(
        self,
        interaction: discord.Interaction[Any],
        sort: str = BoardSort.POINTS,
        period: str = Period.ALL_TIME,
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
        if who.bot:
            raise LanternError(
                f"{escape_user_text(who.display_name)} is a bot: bots don't play trivia."
            )
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
