"""Forms (modals) and select menus on the page. Lantern's cogs use neither today, so the test
plays the application itself against an in-process loopback Discord with the page attached."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from playwright.async_api import async_playwright, expect

from loopback_discord import LoopbackDiscord
from loopback_discord.interactions import InteractionType
from loopback_discord.web import attach_web
from tests.browser.conftest import CHROMIUM_ARGS

FORM = {
    "custom_id": "feedback",
    "title": "Tell us",
    "components": [
        {
            "type": 1,
            "components": [{"type": 4, "custom_id": "line", "label": "Favourite line", "style": 2}],
        }
    ],
}
MENU = {
    "type": 3,
    "custom_id": "pick",
    "placeholder": "Who is it?",
    "options": [{"label": "Jingwen", "value": "jingwen"}, {"label": "Li Wei", "value": "li"}],
}


async def play_the_application(server: LoopbackDiscord) -> None:
    """A button opens the form; a menu pick and a submitted form are answered with what came in."""
    answered = 0
    while True:
        await asyncio.sleep(0.02)
        for interaction in server.interactions.all()[answered:]:
            answered += 1
            if interaction.data.get("custom_id") == "form":
                response = {"type": 9, "data": FORM}
            elif interaction.type == InteractionType.MODAL_SUBMIT:
                typed = interaction.data["components"][0]["components"][0]["value"]
                response = {"type": 4, "data": {"content": f"The form said: {typed}"}}
            else:
                picked = ", ".join(interaction.data["values"])
                response = {"type": 4, "data": {"content": f"You chose {picked}", "flags": 64}}
            server.interaction_flow.respond(interaction, response, [])


async def test_a_select_menu_and_a_form_work_from_the_page(chromium: Path) -> None:
    server = LoopbackDiscord()
    attach_web(server)
    await server.start()
    state = server.state
    rows = [
        {"type": 1, "components": [MENU]},
        {
            "type": 1,
            "components": [{"type": 2, "style": 1, "label": "Open form", "custom_id": "form"}],
        },
    ]
    state.add_message(server.world.general, state.bot, "Who said it?", components=rows)
    application = asyncio.create_task(play_the_application(server))
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(chromium), args=CHROMIUM_ARGS
            )
            page = await browser.new_page()
            await page.goto(server.base_url)
            await page.select_option(".select-menu", "li")
            await expect(page.locator(".message", has_text="You chose li")).to_contain_text(
                "Only you can see this"
            )
            await page.get_by_role("button", name="Open form").click()
            form = page.locator("dialog.modal")
            await expect(form).to_contain_text("Tell us")
            await form.get_by_label("Favourite line").fill("Home at last")
            await form.get_by_role("button", name="Submit").click()
            await expect(
                page.locator(".message", has_text="The form said: Home at last")
            ).to_be_visible()
            await expect(form).to_have_count(0)
            await browser.close()
    finally:
        application.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await application
        await server.stop()
