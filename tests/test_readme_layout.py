"""README's "How it fits together" is kept true: the picture names every part of the tree."""

import re

from lantern.settings import PROJECT_ROOT

NOT_IN_THE_PICTURE = {"docs", "scripts", "var"}  # figures, shell wrappers, the sandbox's data


def picture() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it fits together", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert block, "the section has no picture"
    return block.group(1)


def names_in(folder: str) -> set[str]:
    """The modules and packages of a folder, as the picture writes them (trivia/, film.py)."""
    found = set()
    for path in (PROJECT_ROOT / folder).iterdir():
        if path.name.startswith(("__", ".")) or path.suffix not in ("", ".py"):
            continue
        if path.is_dir() and not (path / "__init__.py").exists():
            continue
        found.add(f"{path.name}/" if path.is_dir() else path.name)
    return found


def test_every_top_level_folder_is_in_the_picture() -> None:
    folders = {
        p.name
        for p in PROJECT_ROOT.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in NOT_IN_THE_PICTURE
    }
    text = picture()
    assert "bot.py" in text
    missing = sorted(name for name in folders if f"{name}/" not in text)
    assert missing == []


def test_every_app_module_cog_and_domain_package_is_named() -> None:
    text = picture()
    wanted = names_in("app") | names_in("cogs")
    wanted |= {name for name in names_in("lantern") if name.endswith("/")}
    missing = sorted(name for name in wanted if name.removesuffix(".py") not in text)
    assert missing == []
