"""The README's quick start as a newcomer meets it: two commands, and the first one works on a
fresh machine with no token (it starts the sandbox)."""

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

from lantern.settings import PROJECT_ROOT

ONLINE = "Lantern is online in the sandbox"
START_TIMEOUT = 90.0  # the first run may still be installing the pinned requirements


def quick_start_commands() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the quick start has no bash block"
    lines = (line.split("#", 1)[0].strip() for line in block.group(1).splitlines())
    return [line for line in lines if line]


def test_the_quick_start_has_two_commands_the_bot_and_the_tests() -> None:
    first, second = quick_start_commands()
    assert first.startswith("bash scripts/run")
    assert second == "bash scripts/test"


def test_the_first_command_runs_the_bot_without_a_token(tmp_path: Path) -> None:
    first, _ = quick_start_commands()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env |= {"LANTERN_SANDBOX_DIR": str(tmp_path), "LOG_LEVEL": "INFO"}
    process = subprocess.Popen(
        [*first.split(), "--port", "0"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(process.stdout or ()), daemon=True).start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not any(ONLINE in line for line in output) and process.poll() is None:
            assert time.monotonic() < deadline, "".join(output)
            time.sleep(0.1)
        assert any(ONLINE in line for line in output), "".join(output)
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl+C, as the sandbox tells its user
        returncode = process.wait(30)
    assert returncode == 0, "".join(output)
