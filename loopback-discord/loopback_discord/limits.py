"""Discord's limits that the OpenAPI schema does not state (or states more loosely).

Each check returns a list of `Problem`s; the REST layer turns them into Discord's
400 "Invalid Form Body" (code 50035) and records a violation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_TEXT_LIMITS = {"title": 256, "description": 4096}
EMBED_FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_TEXT_MAX = 2048
AUTHOR_NAME_MAX = 256
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100
SELECT_OPTIONS_MAX = 25
SELECT_TEXT_MAX = 100
COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
CHOICES_MAX = 25
CHOICE_TEXT_MAX = 100
GLOBAL_COMMANDS_MAX = 100
MODAL_TITLE_MAX = 45

ACTION_ROW, BUTTON, TEXT_INPUT, LABEL = 1, 2, 4, 18
SELECT_TYPES = (3, 5, 6, 7, 8)
SUBCOMMAND, SUBCOMMAND_GROUP = 1, 2
CHAT_INPUT = 1


@dataclass(frozen=True)
class Problem:
    path: tuple[str | int, ...]
    code: str
    message: str

    def describe(self) -> str:
        return f"{'.'.join(str(p) for p in self.path) or '(body)'}: {self.message}"


def form_errors(problems: list[Problem]) -> dict[str, Any]:
    """Discord's nested `errors` object for a 50035 response."""
    errors: dict[str, Any] = {}
    for problem in problems:
        node = errors
        for part in problem.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": problem.code, "message": problem.message})
    return errors


def _too_long(path: tuple[str | int, ...], value: Any, limit: int) -> list[Problem]:
    if isinstance(value, str) and len(value) > limit:
        return [Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")]
    return []


# -- messages ----------------------------------------------------------------------------------


def check_message(
    body: dict[str, Any], *, creating: bool, has_files: bool = False
) -> list[Problem]:
    problems = _too_long(("content",), body.get("content"), CONTENT_MAX)
    problems += check_embeds(body.get("embeds") or [])
    problems += check_components(body.get("components") or [])
    if creating and not has_files and not _has_visible_part(body):
        problems.append(Problem((), "MESSAGE_EMPTY", "Cannot send an empty message"))
    return problems


def _has_visible_part(body: dict[str, Any]) -> bool:
    return any(
        body.get(key)
        for key in ("content", "embeds", "components", "attachments", "sticker_ids", "poll")
    )


def check_embeds(embeds: list[dict[str, Any]]) -> list[Problem]:
    problems = []
    if len(embeds) > EMBEDS_MAX:
        problems.append(
            Problem(
                ("embeds",), "BASE_TYPE_MAX_LENGTH", f"Must be {EMBEDS_MAX} or fewer in length."
            )
        )
    for index, embed in enumerate(embeds):
        problems += _check_embed(("embeds", index), embed)
    if sum(_embed_text_size(e) for e in embeds) > EMBED_TOTAL_MAX:
        problems.append(
            Problem(
                ("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
            )
        )
    return problems


def _check_embed(path: tuple[str | int, ...], embed: dict[str, Any]) -> list[Problem]:
    problems = []
    for key, limit in EMBED_TEXT_LIMITS.items():
        problems += _too_long((*path, key), embed.get(key), limit)
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS_MAX:
        problems.append(
            Problem((*path, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        )
    for index, item in enumerate(fields):
        problems += _too_long((*path, "fields", index, "name"), item.get("name"), FIELD_NAME_MAX)
        problems += _too_long((*path, "fields", index, "value"), item.get("value"), FIELD_VALUE_MAX)
        if not item.get("name") or not item.get("value"):
            problems.append(
                Problem(
                    (*path, "fields", index),
                    "BASE_TYPE_REQUIRED",
                    "Field name and value are required.",
                )
            )
    problems += _too_long(
        (*path, "footer", "text"), (embed.get("footer") or {}).get("text"), FOOTER_TEXT_MAX
    )
    problems += _too_long(
        (*path, "author", "name"), (embed.get("author") or {}).get("name"), AUTHOR_NAME_MAX
    )
    return problems


def _embed_text_size(embed: dict[str, Any]) -> int:
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "") + len(
        (embed.get("author") or {}).get("name") or ""
    )
    return size + sum(
        len(f.get("name") or "") + len(f.get("value") or "") for f in embed.get("fields") or []
    )


def check_components(rows: list[dict[str, Any]]) -> list[Problem]:
    """Classic action-row components: ≤5 rows, ≤5 buttons or one select per row."""
    problems = []
    if len(rows) > ACTION_ROWS_MAX:
        problems.append(
            Problem(
                ("components",),
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {ACTION_ROWS_MAX} or fewer in length.",
            )
        )
    for index, row in enumerate(rows):
        if row.get("type") == ACTION_ROW:
            problems += _check_action_row(("components", index), row)
    return problems


def _check_action_row(path: tuple[str | int, ...], row: dict[str, Any]) -> list[Problem]:
    children = row.get("components") or []
    problems = []
    has_select = any(c.get("type") in SELECT_TYPES for c in children)
    if len(children) > BUTTONS_PER_ROW_MAX or (has_select and len(children) > 1):
        problems.append(
            Problem(
                (*path, "components"),
                "BASE_TYPE_MAX_LENGTH",
                "An action row holds up to 5 buttons or 1 select.",
            )
        )
    for index, child in enumerate(children):
        problems += check_interactive_component((*path, "components", index), child)
    return problems


def check_interactive_component(
    path: tuple[str | int, ...], component: dict[str, Any]
) -> list[Problem]:
    problems = []
    custom_id = component.get("custom_id")
    if custom_id is not None and not 1 <= len(custom_id) <= CUSTOM_ID_MAX:
        problems.append(
            Problem(
                (*path, "custom_id"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
            )
        )
    if component.get("type") == BUTTON:
        problems += _too_long((*path, "label"), component.get("label"), BUTTON_LABEL_MAX)
        if component.get("style") != 5 and component.get("style") != 6 and custom_id is None:
            problems.append(
                Problem(
                    (*path, "custom_id"),
                    "BASE_TYPE_REQUIRED",
                    "A non-link button needs a custom_id.",
                )
            )
    options = component.get("options") or []
    if len(options) > SELECT_OPTIONS_MAX:
        problems.append(
            Problem((*path, "options"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        )
    for index, option in enumerate(options):
        for key in ("label", "value", "description"):
            problems += _too_long((*path, "options", index, key), option.get(key), SELECT_TEXT_MAX)
    return problems


# -- application commands ----------------------------------------------------------------------


def is_valid_command_name(name: str) -> bool:
    """Discord's `^[-_'\\p{L}\\p{N}]{1,32}$`, and lowercase wherever a letter has a lowercase form."""
    if not 1 <= len(name) <= COMMAND_NAME_MAX or name != name.lower():
        return False
    return all(ch in "-_'" or unicodedata.category(ch)[0] in "LN" for ch in name)


def check_commands(commands: list[dict[str, Any]], *, is_global: bool) -> list[Problem]:
    problems = []
    chat_inputs = [c for c in commands if c.get("type", CHAT_INPUT) == CHAT_INPUT]
    if is_global and len(chat_inputs) > GLOBAL_COMMANDS_MAX:
        problems.append(
            Problem((), "MAX_COMMANDS", "Maximum number of application commands reached (100).")
        )
    seen: set[tuple[int, str]] = set()
    for index, command in enumerate(commands):
        key = (command.get("type", CHAT_INPUT), command.get("name", ""))
        if key in seen:
            problems.append(
                Problem(
                    (index, "name"),
                    "APPLICATION_COMMANDS_DUPLICATE_NAME",
                    f"Duplicate name {key[1]!r}.",
                )
            )
        seen.add(key)
        problems += check_command((index,), command)
    return problems


def check_command(path: tuple[str | int, ...], command: dict[str, Any]) -> list[Problem]:
    if command.get("type", CHAT_INPUT) != CHAT_INPUT:
        # User/message context menus: names may hold spaces and capitals, no description.
        return _too_long((*path, "name"), command.get("name"), COMMAND_NAME_MAX)
    problems = _check_name_and_description(path, command)
    return problems + _check_options((*path, "options"), command.get("options") or [], depth=0)


def _check_name_and_description(path: tuple[str | int, ...], item: dict[str, Any]) -> list[Problem]:
    problems = []
    name = item.get("name", "")
    if not is_valid_command_name(name):
        problems.append(
            Problem(
                (*path, "name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                f"Command name {name!r} is invalid (lowercase, ^[-_'\\p{{L}}\\p{{N}}]{{1,32}}$).",
            )
        )
    description = item.get("description") or ""
    if not 1 <= len(description) <= COMMAND_DESCRIPTION_MAX:
        problems.append(
            Problem(
                (*path, "description"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            )
        )
    return problems


def _check_options(
    path: tuple[str | int, ...], options: list[dict[str, Any]], *, depth: int
) -> list[Problem]:
    problems = []
    if len(options) > OPTIONS_MAX:
        problems.append(
            Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {OPTIONS_MAX} or fewer in length.")
        )
    seen_optional = False
    for index, option in enumerate(options):
        where = (*path, index)
        problems += _check_name_and_description(where, option)
        problems += _check_choices((*where, "choices"), option)
        kind = option.get("type")
        if kind in (SUBCOMMAND, SUBCOMMAND_GROUP):
            if (kind == SUBCOMMAND_GROUP and depth > 0) or (kind == SUBCOMMAND and depth > 1):
                problems.append(
                    Problem(
                        where,
                        "APPLICATION_COMMAND_TOO_DEEP",
                        "Subcommands nest one group deep at most.",
                    )
                )
            problems += _check_options(
                (*where, "options"), option.get("options") or [], depth=depth + 1
            )
            continue
        if option.get("required") and seen_optional:
            problems.append(
                Problem(
                    where,
                    "APPLICATION_COMMAND_OPTIONS_ORDER",
                    "Required options must be placed before non-required options.",
                )
            )
        seen_optional = seen_optional or not option.get("required")
    return problems


def _check_choices(path: tuple[str | int, ...], option: dict[str, Any]) -> list[Problem]:
    choices = option.get("choices") or []
    problems = []
    if len(choices) > CHOICES_MAX:
        problems.append(
            Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {CHOICES_MAX} or fewer in length.")
        )
    if choices and option.get("autocomplete"):
        problems.append(
            Problem(path, "AUTOCOMPLETE_WITH_CHOICES", "Autocomplete options cannot have choices.")
        )
    for index, choice in enumerate(choices):
        problems += check_choice((*path, index), choice)
    return problems


def check_choice(path: tuple[str | int, ...], choice: dict[str, Any]) -> list[Problem]:
    problems = []
    name = choice.get("name") or ""
    if not 1 <= len(name) <= CHOICE_TEXT_MAX:
        problems.append(
            Problem((*path, "name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        )
    problems += _too_long((*path, "value"), choice.get("value"), CHOICE_TEXT_MAX)
    return problems


def check_autocomplete_choices(choices: list[dict[str, Any]]) -> list[Problem]:
    problems = []
    if len(choices) > CHOICES_MAX:
        problems.append(
            Problem(
                ("data", "choices"),
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {CHOICES_MAX} or fewer in length.",
            )
        )
    for index, choice in enumerate(choices):
        problems += check_choice(("data", "choices", index), choice)
    return problems


def check_modal(data: dict[str, Any]) -> list[Problem]:
    problems = _too_long(("data", "title"), data.get("title"), MODAL_TITLE_MAX)
    custom_id = data.get("custom_id") or ""
    if not 1 <= len(custom_id) <= CUSTOM_ID_MAX:
        problems.append(
            Problem(
                ("data", "custom_id"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            )
        )
    rows = data.get("components") or []
    if not 1 <= len(rows) <= ACTION_ROWS_MAX:
        problems.append(
            Problem(
                ("data", "components"), "BASE_TYPE_BAD_LENGTH", "A modal holds 1 to 5 components."
            )
        )
    return problems
