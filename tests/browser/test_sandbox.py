"""A visitor tries Lantern in the sandbox page: a quiz from the message box, a moderator's spoiler
set-up, quote search with autocomplete, and ephemeral replies that only their member sees."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from lantern.settings import PROJECT_ROOT

# The README's picture; refreshed only on request so that test runs leave the tree clean.
README_SCREENSHOT = PROJECT_ROOT / "docs" / "sandbox.png"
UPDATE_SCREENSHOT = os.environ.get("UPDATE_SANDBOX_SCREENSHOT") == "1"
QUIZ_ROUND_SECONDS = 5  # the sandbox runs on the real clock; 5 s is the shortest round


def act_as(page: Page, username: str) -> None:
    page.select_option("#acting-as", username)
    expect(page.locator("#messages")).to_have_attribute("data-viewer", username)


def open_channel(page: Page, name: str) -> None:
    page.locator("#channels button", has=page.locator(f".channel-label:text-is('{name}')")).click()
    expect(page.locator("#channel-name")).to_contain_text(name)


def type_in_box(page: Page, text: str) -> None:
    box = page.locator("#message-box")
    box.click()
    box.press_sequentially(text)


def run_command(page: Page, text: str) -> Any:
    """Type a slash command and send it; returns the reply to it ("<member> used /<command>")."""
    command = text.split(":")[0].rsplit(" ", 1)[0] if ":" in text else text
    used = page.locator(".message", has=page.locator(".context", has_text=f"used {command}"))
    before = used.count()
    type_in_box(page, text)
    page.keyboard.press("Enter")
    expect(used).to_have_count(before + 1)
    return used.last


def messages(page: Page, text: str) -> Any:
    return page.locator("#messages .message", has_text=text)


def test_a_quiz_from_the_message_box_with_reveal_and_leaderboard(
    page: Page, tmp_path: Path
) -> None:
    open_channel(page, "quiz")
    type_in_box(page, "/triv")
    expect(page.locator(".palette-item", has_text="/trivia start")).to_be_visible()
    page.locator("#message-box").fill("")

    run_command(page, f"/trivia start rounds:1 seconds:{QUIZ_ROUND_SECONDS}")
    question = page.locator(".message", has=page.locator(".embed-title", has_text="Question 1/1"))
    expect(question.locator("button.component").first).to_be_enabled()
    assert question.locator("button.component").count() >= 2  # the choices, as buttons
    expect(question.locator(".embed")).to_have_css("border-left-color", "rgb(224, 160, 64)")
    question.locator("button.component").first.click()
    picked = messages(page, "You picked")
    expect(picked).to_contain_text("Only you can see this")
    page.screenshot(path=str(README_SCREENSHOT if UPDATE_SCREENSHOT else tmp_path / "quiz.png"))

    expect(question.locator(".embed-description")).to_contain_text(
        "Answer:", timeout=(QUIZ_ROUND_SECONDS + 10) * 1000
    )
    expect(question.locator("button.component")).to_have_count(0)
    expect(messages(page, "Quiz over")).to_have_count(1, timeout=10_000)

    board = run_command(page, "/trivia leaderboard")
    expect(board.locator(".embed")).to_contain_text("Alice")


def test_an_ephemeral_reply_is_seen_only_by_its_member(page: Page) -> None:
    open_channel(page, "general-thread")
    act_as(page, "bob")
    reply = run_command(page, "/trivia stop")
    expect(reply).to_contain_text("Only you can see this")
    reply_id = reply.get_attribute("data-id")

    act_as(page, "alice")
    expect(page.locator(f'#messages .message[data-id="{reply_id}"]')).to_have_count(0)
    act_as(page, "bob")
    expect(page.locator(f'#messages .message[data-id="{reply_id}"]')).to_have_count(1)


def test_a_moderator_sets_up_spoilers_and_a_members_spoiler_is_wrapped(page: Page) -> None:
    open_channel(page, "general")
    act_as(page, "mod")
    expect(run_command(page, "/spoilers channel add channel:spoilers")).to_contain_text(
        "is now a spoiler channel"
    )
    expect(run_command(page, "/spoilers term add term:glass lighthouse")).to_contain_text(
        "glass lighthouse"
    )
    expect(run_command(page, "/spoilers mode mode:wrap")).to_contain_text("wrap")

    act_as(page, "bob")
    type_in_box(page, "Wait until you see the glass lighthouse scene!")
    page.keyboard.press("Enter")
    repost = page.locator(".message", has=page.locator(".badge[title='Posted through a webhook']"))
    expect(repost.locator(".author")).to_have_text("Bob")
    spoiler = repost.locator(".spoiler").first
    expect(spoiler).not_to_have_class("spoiler revealed")
    expect(page.locator(".message[data-author='Bob']", has_text="glass lighthouse")).to_have_count(
        1
    )
    spoiler.click()
    expect(spoiler).to_have_class("spoiler revealed")
    expect(spoiler).to_contain_text("glass lighthouse")


def test_quote_search_with_live_autocomplete(page: Page) -> None:
    open_channel(page, "general")
    type_in_box(page, "/quote search text:promis")
    suggestion = page.locator("#palette[data-mode=values] .palette-item").first
    expect(suggestion).to_contain_text("promise")
    chosen = suggestion.locator(".name").inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("#message-box")).to_have_value(f"/quote search text:{chosen} ")
    used = page.locator(".message", has=page.locator(".context", has_text="used /quote search"))
    before = used.count()
    page.keyboard.press("Enter")
    expect(used).to_have_count(before + 1)
    expect(used.last.locator(".embed strong").first).to_be_visible()


# Holds the page's autocomplete requests until the test lets them go, and counts the answers the
# page has handled: the count moves in a task queued once the answer is read, so after the code
# awaiting it (api() and its caller) has run.
HOLD_AUTOCOMPLETE = """() => {
  window.heldAutocomplete = [];
  window.handledAutocomplete = 0;
  const realFetch = window.fetch.bind(window);
  const counted = (response) => {
    const json = response.json.bind(response);
    response.json = async () => {
      const data = await json();
      setTimeout(() => { window.handledAutocomplete += 1; });
      return data;
    };
    return response;
  };
  window.fetch = (url, init) => {
    if (!String(url).endsWith("/sandbox/api/autocomplete")) return realFetch(url, init);
    return new Promise((resolve) => window.heldAutocomplete.push({
      typed: JSON.parse(init.body).typed,
      release: () => resolve(realFetch(url, init).then(counted)),
    }));
  };
}"""


def test_suggestions_that_arrive_after_enter_sent_the_command_stay_closed(page: Page) -> None:
    page.evaluate(HOLD_AUTOCOMPLETE)
    open_channel(page, "general")
    type_in_box(page, "/quote search text:jade")
    page.wait_for_function("() => heldAutocomplete.some((asked) => asked.typed === 'jade')")
    used = page.locator(".message", has=page.locator(".context", has_text="used /quote search"))
    before = used.count()
    page.keyboard.press("Enter")  # before the suggestions for "jade" came back
    expect(used).to_have_count(before + 1)
    held = page.evaluate(
        "() => { heldAutocomplete.forEach((asked) => asked.release()); return heldAutocomplete.length; }"
    )
    page.wait_for_function("(count) => handledAutocomplete === count", arg=held)
    expect(page.locator("#palette")).to_be_hidden()
    expect(page.locator("#message-box")).to_have_value("")


def test_members_cannot_run_moderator_commands(page: Page) -> None:
    open_channel(page, "general")
    act_as(page, "alice")
    reply = run_command(page, "/spoilers mode mode:delete")
    expect(reply).to_contain_text("Only you can see this")
    expect(reply).to_contain_text("Manage Server")
