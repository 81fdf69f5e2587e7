"""A visitor tries discussion and ratings in the sandbox page: `/discuss prompt` shows its card
and its thread appears under the channel; `/ratings` shows the chart inside the summary card; a watch party is listed under Events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.test_sandbox import act_as, open_channel, run_command


def test_a_prompt_opens_a_thread_in_the_sidebar(page: Page) -> None:
    act_as(page, "alice")
    open_channel(page, "general")
    reply = run_command(page, "/discuss prompt theme:memory")
    title = reply.locator(".embed-title")
    expect(title).to_be_visible()
    expect(reply.locator(".embed-description")).to_contain_text("from the review")
    prompt = title.inner_text()
    thread = page.locator("#channels .thread", has_text=prompt[:30])
    expect(thread).to_be_visible()
    thread.locator("button").click()
    expect(page.locator("#channel-name")).to_contain_text(prompt[:30])


def test_ratings_show_the_chart(page: Page) -> None:
    act_as(page, "bob")
    open_channel(page, "quiz")
    expect(run_command(page, "/rate score:8 review:The lighting is gorgeous")).to_contain_text(
        "8/10"
    )
    summary = run_command(page, "/ratings")
    chart = summary.locator(".embed-image")
    expect(chart).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    expect(summary.locator(".embed-title", has_text="Latest reviews")).to_be_visible()
    expect(summary).to_contain_text("The lighting is gorgeous")
    expect(summary.locator(".attachments")).to_have_count(0)  # shown in the card, not twice


def test_a_watch_party_shows_in_events_and_members_can_be_interested(page: Page) -> None:
    act_as(page, "mod")
    open_channel(page, "general")
    start = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    expect(run_command(page, f"/watchparty schedule start:{start}")).to_contain_text("Booked")
    event = page.locator("#events li", has_text="Watch party")
    expect(event).to_contain_text("0 interested")
    act_as(page, "alice")
    event.locator("button", has_text="Interested").click()
    expect(event).to_contain_text("1 interested")
    expect(run_command(page, "/watchparty list")).to_contain_text("1 member interested")
