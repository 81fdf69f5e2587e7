"""Trivia as members play it, through the loopback Discord: quizzes with buttons and typed
answers, stop, one quiz per channel, restarts and crashes, spoilers, leaderboard, stats, daily."""

from __future__ import annotations

from typing import Any

import pytest

from lantern.clock import ManualClock
from lantern.markdown import review_markdown
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.trivia.bank import QuestionBank
from loopback_discord import Driver, Permission, SeenMessage

pytestmark = [pytest.mark.e2e, pytest.mark.backends("sqlite", "postgres")]

SECONDS = 20
REVEAL_PAUSE = 5
BANK = QuestionBank.from_pack(load_film_pack(PROJECT_ROOT / "data"))


# ----------------------------------------------------------------------------- helpers


def trivia_service(discord: Driver) -> Any:
    """The in-process bot's trivia service, to rig questions and to see the quiz wait."""
    bot = discord.bot_handle.bot  # type: ignore[union-attr]
    return bot.get_cog("Trivia").service


def answer_to(question: SeenMessage) -> str:
    """What a member who knows the film would click: the bank's answer to the shown prompt."""
    prompt = question.embeds[0].description.split("\n\n")[0].strip("|")
    labels = set(question.button_labels)
    for candidate in BANK:
        choices = {candidate.answer, *candidate.wrong}
        if review_markdown(candidate.prompt) == prompt and (
            labels <= choices or labels <= set("ABCDE")
        ):
            return candidate.answer
    raise AssertionError(f"no question in the bank reads {prompt!r}")


def right_answer(discord: Driver, channel: Any) -> str:
    question = discord.history(channel)
    shown = [m for m in question if is_question(m) and m.buttons]
    assert shown, "no open question in the channel"
    return answer_to(shown[-1])


def wrong_answer(question: SeenMessage, right: str) -> str:
    return next(label for label in question.button_labels if label and label != right)


def rig_questions(discord: Driver, *question_ids: str) -> None:
    """The next quiz asks exactly these questions, so a test can type their answers."""
    service = trivia_service(discord)

    async def chosen(request: Any) -> list[Any]:
        return [service.bank.get(question_id) for question_id in question_ids]

    service._pick_questions = chosen


def is_question(message: SeenMessage) -> bool:
    return bool(message.embeds) and (message.embeds[0].title or "").startswith("Question")


async def next_question(
    discord: Driver, channel: Any, after: Any = None, patience: float = 5.0
) -> SeenMessage:
    return await discord.wait_for_message(
        channel, lambda m: is_question(m) and bool(m.buttons), after=after, timeout=patience
    )


async def time_passes(discord: Driver, clock: ManualClock, channel: Any, seconds: float) -> None:
    """Let the channel's quiz reach its next wait on the bot's clock, then move the clock on."""
    quiz = trivia_service(discord).running_in(channel.id)
    assert quiz is not None
    await discord.wait_until(lambda: quiz.waiting)
    clock.advance(seconds)


async def revealed(discord: Driver, question: SeenMessage) -> SeenMessage:
    await discord.wait_until(
        lambda: "**Answer:**" in (discord.refresh(question).embeds[0].description or "")
    )
    return discord.refresh(question)


async def final_standings(discord: Driver, channel: Any, title: str = "Quiz over") -> SeenMessage:
    return await discord.wait_for_message(
        channel, lambda m: bool(m.embeds) and m.embeds[0].title == title, after=0
    )


def mention(user: Any) -> str:
    return f"<@{user.id}>"


async def play_round_to_reveal(
    discord: Driver, clock: ManualClock, question: SeenMessage, seconds: float = SECONDS
) -> SeenMessage:
    await time_passes(discord, clock, discord.server.state.channels[question.channel_id], seconds)
    return await revealed(discord, question)


# ----------------------------------------------------------------------------- stories


async def test_full_quiz_three_members_then_leaderboard_and_stats(
    discord: Driver, clock: ManualClock, alice, bob, mod, quiz
) -> None:
    intro = await discord.slash("trivia start", user=alice, channel=quiz, rounds=2, seconds=SECONDS)
    assert not intro.ephemeral
    assert "started a trivia quiz" in intro.content and "**2** questions" in intro.content
    assert mention(alice) in intro.content and not intro.message.pings  # named, not pinged

    after = None
    for number in (1, 2):
        question = await next_question(discord, quiz, after=after)
        embed = question.embeds[0]
        assert embed.title.startswith(f"Question {number}/2")
        assert "<t:" in embed.description and ":R>" in embed.description
        assert 4 <= len(question.buttons) <= 5
        right = right_answer(discord, quiz)
        wrong = wrong_answer(question, right)

        picked = await discord.click(question, right, user=alice)
        assert picked.ephemeral and f"You picked **{right}**" in picked.content
        bob_pick = await discord.click(question, wrong, user=bob)
        assert bob_pick.ephemeral and wrong in bob_pick.content
        again = await discord.click(question, right, user=bob)
        assert again.ephemeral and f"already picked **{wrong}**" in again.content
        clock.advance(8)  # mod is slower than alice
        await discord.click(question, right, user=mod)

        shown = await play_round_to_reveal(discord, clock, question)
        text = shown.embeds[0].text
        assert f"**Answer:** {right}" in text
        assert mention(alice) in text and mention(mod) in text and mention(bob) not in text
        assert "From the review" in text
        assert not shown.buttons  # the reveal takes the buttons away
        if number == 1:
            await time_passes(discord, clock, quiz, REVEAL_PAUSE)
        after = question

    standings = await final_standings(discord, quiz)
    lines = standings.embeds[0].description.splitlines()
    assert mention(alice) in lines[0] and "(2/2 correct)" in lines[0]
    assert mention(mod) in lines[1]
    assert mention(bob) in lines[2] and "0 pts (0/2 correct)" in lines[2]
    assert "New totals" in standings.embeds[0].text

    board = await discord.slash("trivia leaderboard", user=bob, channel=quiz)
    rows = board.embed.description.splitlines()
    assert rows[0].startswith("**1.** " + mention(alice))
    assert rows[1].startswith("**2.** " + mention(mod))
    assert "**3.**" in board.embed.text and mention(bob) in board.embed.fields[0].value
    assert board.button("Next").disabled and board.button("Previous").disabled

    accuracy = await discord.slash("trivia leaderboard", user=alice, sort="accuracy", period="week")
    assert "100% (2/2)" in accuracy.embed.description

    stats = await discord.slash("trivia stats", user=bob, member=alice)
    fields = {f.name: f.value for f in stats.embed.fields}
    assert fields["Answered"] == "2" and fields["Correct"] == "2"
    assert fields["Accuracy"] == "100%" and fields["Rank"] == "#1"
    assert fields["Streak"] == "2 (best 2)"
    mine = await discord.slash("trivia stats", user=bob)
    assert {f.name: f.value for f in mine.embed.fields}["Correct"] == "0"


async def test_stop_by_moderator_and_refusal_for_others(
    discord: Driver, clock: ManualClock, alice, bob, mod, quiz
) -> None:
    await discord.slash("trivia start", user=alice, channel=quiz, rounds=5)
    question = await next_question(discord, quiz)
    await discord.click(question, right_answer(discord, quiz), user=alice)

    refused = await discord.slash("trivia stop", user=bob, channel=quiz)
    assert refused.ephemeral and "Only the member who started this quiz" in refused.content

    stopped = await discord.slash("trivia stop", user=mod, channel=quiz)
    assert "stopped the quiz" in stopped.content and not stopped.ephemeral
    summary = await final_standings(discord, quiz, "Quiz stopped")
    assert mention(alice) in summary.embeds[0].description
    assert "**Answer:**" in discord.refresh(question).embeds[0].description

    nothing = await discord.slash("trivia stop", user=mod, channel=quiz)
    assert nothing.ephemeral and "no quiz running" in nothing.content


async def test_starter_can_stop_their_own_quiz(discord: Driver, alice, quiz) -> None:
    await discord.slash("trivia start", user=alice, channel=quiz)
    await next_question(discord, quiz)
    stopped = await discord.slash("trivia stop", user=alice, channel=quiz)
    assert "stopped the quiz" in stopped.content
    await final_standings(discord, quiz, "Quiz stopped")


async def test_trivia_reads_chat_only_while_a_quiz_runs(discord: Driver, alice, quiz) -> None:
    bot = discord.bot_handle.bot  # type: ignore[union-attr]
    watch = bot.get_cog("Trivia").watch_message
    assert watch not in bot._message_watchers  # ordinary chat is spared the look
    await discord.slash("trivia start", user=alice, channel=quiz)
    await next_question(discord, quiz)
    assert watch in bot._message_watchers
    await discord.slash("trivia stop", user=alice, channel=quiz)
    await final_standings(discord, quiz, "Quiz stopped")
    await discord.wait_until(lambda: watch not in bot._message_watchers)


async def test_second_start_is_refused_with_a_link(discord: Driver, alice, bob, quiz) -> None:
    await discord.slash("trivia start", user=alice, channel=quiz)
    question = await next_question(discord, quiz)
    second = await discord.slash("trivia start", user=bob, channel=quiz)
    assert second.ephemeral
    assert "already running" in second.content
    assert (
        f"https://discord.com/channels/{discord.guild.id}/{quiz.id}/{question.id}" in second.content
    )
    assert len([m for m in discord.history(quiz) if is_question(m)]) == 1


def marked_interrupted(discord: Driver, question: SeenMessage) -> bool:
    now = discord.refresh(question)
    return not now.buttons and "interrupted" in (now.embeds[0].title or "")


async def test_restart_marks_the_open_question_interrupted_and_keeps_points(
    discord: Driver, clock: ManualClock, alice, bob, quiz
) -> None:
    await discord.slash("trivia start", user=alice, channel=quiz, rounds=3)
    question = await next_question(discord, quiz)
    right = right_answer(discord, quiz)
    await discord.click(question, right, user=alice)

    await discord.restart_bot()

    note = await discord.wait_for_message(
        quiz, lambda m: "interrupted" in m.content, after=question
    )
    assert "point" in note.content
    # No countdown and no live buttons left on the old question.
    assert marked_interrupted(discord, question)
    assert "<t:" not in discord.refresh(question).embeds[0].text

    stats = await discord.slash("trivia stats", user=alice)
    assert {f.name: f.value for f in stats.embed.fields}["Correct"] == "1"
    fresh = await discord.slash("trivia start", user=bob, channel=quiz, rounds=1)
    assert "started a trivia quiz" in fresh.content


async def test_a_stale_button_the_bot_could_not_mark_says_the_quiz_is_over(
    discord: Driver, alice, bob, quiz
) -> None:
    await discord.slash("trivia start", user=alice, channel=quiz, rounds=3)
    question = await next_question(discord, quiz)
    right = right_answer(discord, quiz)
    discord.set_overwrite(quiz, discord.bot_user, deny=Permission.VIEW_CHANNEL)

    await discord.restart_bot()  # it can neither edit the question nor leave the note
    await discord.settle()
    discord.take_violations()  # the refused edit and note are the point of this test

    stale = await discord.click(question, right, user=bob)
    assert stale.ephemeral and "This quiz is over" in stale.content


@pytest.mark.lantern(subprocess=True)
async def test_sigkill_mid_quiz_loses_no_acknowledged_point(
    discord: Driver, alice, bob, quiz
) -> None:
    await discord.slash("trivia start", user=alice, channel=quiz, rounds=3, seconds=120)
    question = await next_question(discord, quiz, patience=15)
    right = answer_to(question)
    acknowledged = await discord.click(question, right, user=alice)
    assert "You picked" in acknowledged.content
    await discord.click(question, wrong_answer(question, right), user=bob)

    await discord.kill_bot()  # SIGKILL: no shutdown code runs
    await discord.start_bot()

    note = await discord.wait_for_message(
        quiz, lambda m: "interrupted" in m.content, after=question, timeout=15
    )
    assert "kept" in note.content
    alice_stats = await discord.slash("trivia stats", user=alice)
    fields = {f.name: f.value for f in alice_stats.embed.fields}
    assert fields["Correct"] == "1" and int(fields["Points"]) > 0
    bob_stats = await discord.slash("trivia stats", user=bob)
    assert {f.name: f.value for f in bob_stats.embed.fields}["Answered"] == "1"
    assert marked_interrupted(discord, question)


async def test_typed_answers_with_a_typo_and_an_alias(
    discord: Driver, clock: ManualClock, alice, bob, quiz
) -> None:
    rig_questions(discord, "grey-vest", "bangle-owner")
    await discord.slash("trivia start", user=alice, channel=quiz, rounds=2)

    first = await next_question(discord, quiz)
    assert "type the answer" in first.embeds[0].footer
    typed = await discord.say(quiz, "feng", user=bob)  # an alias of "Uncle Feng"
    chatter = await discord.say(quiz, "this one is easy", user=alice)
    # Recorded, then removed so that nobody can read it and click the same before the reveal.
    await discord.wait_until(lambda: discord.refresh(typed).deleted)
    await discord.settle()
    assert not discord.refresh(chatter).deleted
    shown = await play_round_to_reveal(discord, clock, first)
    text = shown.embeds[0].text
    assert "**Answer:** Uncle Feng" in text and mention(bob) in text

    await time_passes(discord, clock, quiz, REVEAL_PAUSE)
    second = await next_question(discord, quiz, after=first)
    typo = await discord.say(quiz, "her mohter's", user=alice)  # for "Her mother’s"
    short = await discord.say(quiz, "chair", user=bob)
    await discord.wait_until(lambda: discord.refresh(typo).deleted)
    await discord.settle()
    assert not discord.refresh(short).deleted
    shown = await play_round_to_reveal(discord, clock, second)
    assert "**Answer:** Her mother’s" in shown.embeds[0].text
    assert mention(alice) in shown.embeds[0].text and mention(bob) not in shown.embeds[0].text


async def test_a_second_typed_pick_is_removed_too_and_does_not_count(
    discord: Driver, clock: ManualClock, bob, quiz
) -> None:
    rig_questions(discord, "grey-vest")
    await discord.slash("trivia start", user=bob, channel=quiz, rounds=1)
    question = await next_question(discord, quiz)
    wrong = wrong_answer(question, "Uncle Feng")
    first = await discord.say(quiz, wrong, user=bob)
    await discord.wait_until(lambda: discord.refresh(first).deleted)
    again = await discord.say(quiz, "uncle feng", user=bob)  # first pick is final
    await discord.wait_until(lambda: discord.refresh(again).deleted)
    shown = await play_round_to_reveal(discord, clock, question)
    assert "**Got it:** nobody this time." in shown.embeds[0].text


async def test_without_manage_messages_typed_answers_are_off_and_the_intro_says_why(
    discord: Driver, clock: ManualClock, alice, bob, quiz
) -> None:
    discord.set_overwrite(quiz, discord.bot_user, deny=Permission.MANAGE_MESSAGES)
    rig_questions(discord, "grey-vest")
    intro = await discord.slash("trivia start", user=alice, channel=quiz, rounds=1)
    assert "Typed answers are off in this channel" in intro.content
    assert "Manage Messages" in intro.content and "by typing" not in intro.content
    question = await next_question(discord, quiz)
    assert "type the answer" not in question.embeds[0].footer
    typed = await discord.say(quiz, "uncle feng", user=bob)  # would stay readable: not taken
    shown = await play_round_to_reveal(discord, clock, question)
    assert "**Got it:** nobody this time." in shown.embeds[0].text
    await discord.settle()
    assert not discord.refresh(typed).deleted


async def make_spoiler_channel(discord: Driver, mod: Any, channel: Any) -> None:
    reply = await discord.slash("spoilers channel add", user=mod, options={"channel": channel})
    assert "is now a spoiler channel" in reply.content


async def test_spoiler_questions_hidden_in_general_and_plain_in_spoilers(
    discord: Driver, clock: ManualClock, alice, mod, general, spoilers
) -> None:
    await make_spoiler_channel(discord, mod, spoilers)

    rig_questions(discord, "lin-hao-role")
    await discord.slash("trivia start", user=alice, channel=general, rounds=1, spoilers=True)
    hidden = await next_question(discord, general)
    description = hidden.embeds[0].description
    assert description.startswith("||") and "||The messenger||" in description
    assert hidden.button_labels == ["A", "B", "C", "D", "E"][: len(hidden.buttons)]
    assert "type the answer" not in hidden.embeds[0].footer  # typing would spell it out
    typed = await discord.say(general, "the messenger", user=alice)
    await discord.click(hidden, "A", user=alice)
    await discord.settle()
    assert not discord.refresh(typed).deleted
    shown = await play_round_to_reveal(discord, clock, hidden)
    assert "**Answer:** ||The messenger||" in shown.embeds[0].text
    passage = next(f.value for f in shown.embeds[0].fields if f.name == "From the review")
    assert passage.startswith("||") and passage.endswith("||")
    await final_standings(discord, general)

    rig_questions(discord, "lin-hao-role")
    await discord.slash("trivia start", user=alice, channel=spoilers, rounds=1)
    plain = await next_question(discord, spoilers)
    assert "The messenger" in plain.button_labels
    assert "||" not in plain.embeds[0].description
    shown = await play_round_to_reveal(discord, clock, plain)
    assert "**Answer:** The messenger" in shown.embeds[0].text


async def test_spoiler_questions_left_out_of_general_by_default(
    discord: Driver, alice, general
) -> None:
    intro = await discord.slash("trivia start", user=alice, channel=general, rounds=20)
    assert "spoiler-free" in intro.content
    running = trivia_service(discord).running_in(general.id)
    assert running is not None and len(running.questions) == 20
    assert not any(question.spoiler for question in running.questions)
    await discord.slash("trivia stop", user=alice, channel=general)


async def test_missing_permissions_explained_nothing_started(discord: Driver, alice, quiz) -> None:
    discord.set_overwrite(quiz, discord.bot_user, deny=Permission.EMBED_LINKS)
    refused = await discord.slash("trivia start", user=alice, channel=quiz)
    assert refused.ephemeral and "Embed Links" in refused.content
    assert not discord.history(quiz)

    discord.set_overwrite(quiz, discord.bot_user, deny=Permission.SEND_MESSAGES)
    refused = await discord.slash("trivia start", user=alice, channel=quiz)
    assert "Send Messages" in refused.content

    discord.set_overwrite(quiz, discord.bot_user)
    started = await discord.slash("trivia start", user=alice, channel=quiz)
    assert "started a trivia quiz" in started.content


async def test_channel_deleted_mid_quiz_ends_cleanly_and_points_stay(
    discord: Driver, clock: ManualClock, alice, bob
) -> None:
    room = discord.add_channel("pop-up-quiz")
    await discord.wait_until(lambda: discord.bot_handle.bot.get_channel(room.id) is not None)
    await discord.slash("trivia start", user=alice, channel=room, rounds=3)
    question = await next_question(discord, room)
    await discord.click(question, right_answer(discord, room), user=alice)

    discord.delete_channel(room)
    await discord.wait_until(lambda: trivia_service(discord).running_in(room.id) is None)
    stats = await discord.slash("trivia stats", user=alice)
    assert {f.name: f.value for f in stats.embed.fields}["Correct"] == "1"
    other = await discord.slash("trivia start", user=bob, channel=discord.quiz, rounds=1)
    assert "started a trivia quiz" in other.content


async def test_daily_question_once_a_day_with_streak(
    discord: Driver, clock: ManualClock, alice
) -> None:
    daily = await discord.slash("trivia daily", user=alice)
    assert daily.ephemeral and daily.embed.title.startswith("Daily question")
    answered = await discord.click(daily, daily.buttons[0].label, user=alice)
    assert "Day streak" in answered.embed.description
    assert not answered.buttons

    again = await discord.slash("trivia daily", user=alice)
    assert again.ephemeral and "already answered today's question" in again.content

    clock.advance(24 * 3600)
    tomorrow = await discord.slash("trivia daily", user=alice)
    assert tomorrow.embed.title.startswith("Daily question")


async def test_settings_need_manage_server_and_apply(
    discord: Driver, clock: ManualClock, alice, bob, mod, quiz
) -> None:
    refused = await discord.slash("trivia settings", user=bob, seconds=30)
    assert refused.ephemeral and "Manage Server" in refused.content

    changed = await discord.slash(
        "trivia settings", user=mod, seconds=30, typed_answers=False, hard_points=50
    )
    assert changed.ephemeral
    assert "Default seconds per question: **30**" in changed.content
    assert "Typed answers: **off**" in changed.content and "hard **50**" in changed.content

    intro = await discord.slash("trivia start", user=alice, channel=quiz, rounds=1)
    assert "30 s each" in intro.content and "typing" not in intro.content
    question = await next_question(discord, quiz)
    typed = await discord.say(quiz, right_answer(discord, quiz), user=bob)
    await discord.settle()
    assert not discord.refresh(typed).deleted
    assert "type the answer" not in question.embeds[0].footer


async def test_one_question_reads_in_the_singular(discord: Driver, alice, quiz) -> None:
    intro = await discord.slash("trivia start", user=alice, channel=quiz, rounds=1)
    assert "**1** question," in intro.content


async def test_stats_of_a_bot_are_refused_privately(discord: Driver, alice, quiz) -> None:
    reply = await discord.slash(
        "trivia stats", user=alice, channel=quiz, options={"member": discord.bot_user}
    )
    assert reply.ephemeral and "bots don't play trivia" in reply.content


async def test_leaderboard_pages_and_own_rank_off_the_page(
    discord: Driver, clock: ManualClock, alice, quiz
) -> None:
    players = [discord.add_user(f"player{n:02d}") for n in range(12)]
    await discord.slash("trivia start", user=alice, channel=quiz, rounds=1, seconds=60)
    question = await next_question(discord, quiz)
    right = answer_to(question)
    for player in players:  # earlier players answer faster and so score more
        await discord.click(question, right, user=player)
        clock.advance(2)
    await play_round_to_reveal(discord, clock, question, seconds=60)
    await final_standings(discord, quiz)

    over = await final_standings(discord, quiz)
    totals = next(f.value for f in over.embeds[0].fields if f.name == "New totals")
    assert totals.splitlines()[0].startswith(mention(players[0]) + ": ")  # one member a line
    assert len(totals.splitlines()) == len(players)

    last = players[-1]
    board = await discord.slash("trivia leaderboard", user=last, channel=quiz)
    rows = board.embed.description.splitlines()
    assert len(rows) == 10 and rows[0].startswith("**1.** " + mention(players[0]))
    assert board.embed.fields[0].value.startswith(f"**12.** {mention(last)} — ")
    assert board.embed.fields[0].value.count(mention(last)) == 1  # named once, not twice
    assert board.button("Previous").disabled and not board.button("Next").disabled

    second = await discord.click(board, "Next", user=alice)
    rows = second.message.embeds[0].description.splitlines()
    assert rows == [
        f"**11.** {mention(players[10])} — " + rows[0].split(" — ")[1],
        f"**12.** {mention(players[11])} — " + rows[1].split(" — ")[1],
    ]
    assert second.message.button("Next").disabled
    back = await discord.click(second.message, "Previous", user=alice)
    assert back.message.embeds[0].description.splitlines()[0].startswith("**1.**")


@pytest.mark.lantern(env={"MESSAGE_CONTENT": "false"})
async def test_without_the_message_content_intent_only_buttons_count(
    discord: Driver, clock: ManualClock, alice, bob, mod, quiz
) -> None:
    intro = await discord.slash("trivia start", user=alice, channel=quiz, rounds=1)
    assert "typing" not in intro.content
    question = await next_question(discord, quiz)
    assert "type the answer" not in question.embeds[0].footer
    right = answer_to(question)
    typed = await discord.say(quiz, right, user=bob)
    await discord.click(question, right, user=alice)
    shown = await play_round_to_reveal(discord, clock, question)
    assert mention(alice) in shown.embeds[0].text and mention(bob) not in shown.embeds[0].text
    await discord.settle()
    assert not discord.refresh(typed).deleted

    settings = await discord.slash("trivia settings", user=mod, typed_answers=True)
    assert "Message Content intent" in settings.content


async def test_fixed_questions_offer_no_second_right_answer(
    discord: Driver, clock: ManualClock, alice, quiz
) -> None:
    """Issue 17: a synonym of the answer, a choice the prompt rules out and what the review
    also calls the answer are never offered as wrong choices."""
    unfair = {
        "whole-to-be-true": "Real",
        "emotional-precision": "Its plot twists",
        "blank:p2s12:crimson-velvet": "Red dress",
        "blank:p1s17:blue": "Teal",
    }
    rig_questions(discord, *unfair)
    await discord.slash("trivia start", user=alice, channel=quiz, rounds=len(unfair))
    previous = None
    for question_id, unfair_choice in unfair.items():
        shown = await next_question(discord, quiz, after=previous)
        answer = BANK.get(question_id).answer  # type: ignore[union-attr]
        assert answer in shown.button_labels, question_id
        assert unfair_choice not in shown.button_labels, question_id
        await play_round_to_reveal(discord, clock, shown)
        if question_id != "blank:p1s17:blue":
            await time_passes(discord, clock, quiz, REVEAL_PAUSE)
        previous = shown
    await final_standings(discord, quiz)
