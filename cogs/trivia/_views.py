"""The persistent trivia buttons: quiz choices, daily choices and leaderboard pages. Each is a
`DynamicItem` whose custom_id says everything the click needs, so it works across restarts."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import discord
from discord import ui

from cogs._common import (
    loaded_cog,
)
from cogs._replies import ReportsErrors
from cogs.trivia._embeds import LETTERS
from lantern.trivia.game import LiveQuiz, LiveRound
from lantern.trivia.records import (
    DailyQuestion,
    LeaderboardPage,
)

COG_NAME = "Trivia"


@runtime_checkable
class TriviaClicks(Protocol):
    """What the buttons ask of the trivia cog (which imports this module, hence a protocol)."""

    async def choice_clicked(
        self, interaction: discord.Interaction[Any], button: QuizChoiceButton
    ) -> None: ...

    async def daily_clicked(
        self, interaction: discord.Interaction[Any], button: DailyChoiceButton
    ) -> None: ...

    async def leaderboard_paged(
        self, interaction: discord.Interaction[Any], button: LeaderboardPageButton
    ) -> None: ...


def trivia_cog(client: discord.Client) -> TriviaClicks:
    return loaded_cog(client, COG_NAME, TriviaClicks, "Trivia is not available right now.")


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
