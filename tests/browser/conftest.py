"""Browser tests of the sandbox: `python bot.py --sandbox --port 0 --fresh` as a user starts
it (port 0: the system picks a free port and the sandbox prints its address), driven through
Debian's Chromium with Playwright (`playwright install` cannot download browsers here, so the
system one is launched by path; `.ci/run` installs it).

One sandbox and one browser serve a whole module (closed after it: Playwright's sync API keeps an
event loop running in this thread while it is open, which async tests elsewhere cannot share); every test gets a fresh browser context
(so its own "acting as" choice) and works in its own channels or checks only what it caused.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lantern.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
START_TIMEOUT = 30.0
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+")
ONLINE = re.compile(r"Lantern is online")


@dataclass
class Sandbox:
    url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def log(self) -> str:
        return "".join(self.output)


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run does)"
        )
    return CHROMIUM


def start_sandbox(folder: Path, *, fresh: bool) -> Sandbox:
    """`python bot.py --sandbox --port 0 [--fresh]` with its data in `folder`; returns once it
    printed its address. Port 0, not a port probed free beforehand: nothing can take it between."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env |= {"LANTERN_SANDBOX_DIR": str(folder), "LOG_LEVEL": "INFO"}
    argv = [sys.executable, "bot.py", "--sandbox", "--port", "0"] + (["--fresh"] if fresh else [])
    process = subprocess.Popen(
        argv, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    started = Sandbox(url="", process=process)
    threading.Thread(target=_drain, args=(process, started.output), daemon=True).start()
    try:
        started.url = _wait_for(started, ADDRESS).group(0)
    except BaseException:
        stop_sandbox(started)
        raise
    return started


def stop_sandbox(sandbox: Sandbox) -> int:
    """SIGTERM, as Ctrl+C would; the exit code."""
    sandbox.process.send_signal(signal.SIGTERM)
    try:
        return sandbox.process.wait(15)
    except subprocess.TimeoutExpired:
        sandbox.process.kill()
        return sandbox.process.wait()


def wait_until_online(sandbox: Sandbox) -> None:
    _wait_for(sandbox, ONLINE)


@pytest.fixture(scope="module")
def sandbox(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    started = start_sandbox(tmp_path_factory.mktemp("sandbox"), fresh=True)
    try:
        yield started
    finally:
        stop_sandbox(started)


def _drain(process: subprocess.Popen[str], into: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        into.append(line)


def _wait_for(sandbox: Sandbox, pattern: re.Pattern[str]) -> re.Match[str]:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for line in list(sandbox.output):
            if found := pattern.search(line):
                return found
        if sandbox.process.poll() is not None:
            break
        time.sleep(0.05)
    pytest.fail(f"the sandbox never printed {pattern.pattern!r}:\n{sandbox.log()}")


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, sandbox: Sandbox) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(10_000)
    opened.goto(sandbox.url)
    opened.wait_for_selector("#bot-status.online")
    yield opened
    context.close()
    assert not errors, f"the page threw: {errors}\n{sandbox.log()[-3000:]}"
