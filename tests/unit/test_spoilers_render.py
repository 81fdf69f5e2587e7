"""The text the spoiler commands show: bounded lists, the embargo, the /spoiler post."""

from __future__ import annotations

from datetime import date

from lantern.spoilers import SpoilerScanner, count_spoiler_segments, render
from lantern.spoilers.policy import GuildSpoilerConfig, Mode, Permission
from lantern.spoilers.render import (
    bounded_list,
    embargo_text,
    missing_permissions_warning,
    mode_text,
    reply_line,
    spoiler_post,
    stats_fields,
    warn_text,
)
from lantern.spoilers.stats import CountRow, StatsWindow, Totals


def test_bounded_list_stays_under_the_field_limit() -> None:
    items = [f"<#{1000000000000000000 + i}>" for i in range(500)]
    text = bounded_list(items)
    assert len(text) <= 1024
    assert text.endswith("more")
    assert bounded_list([]) == "none"


def test_embargo_and_mode_text_say_what_happens_after_the_date() -> None:
    config = GuildSpoilerConfig(guild_id=1, mode=Mode.WRAP, embargo_until=date(2026, 12, 31))
    assert "afterwards wrap/delete relax to warn" in embargo_text(config, date(2026, 12, 31))
    assert "ended 2026-12-31" in embargo_text(config, date(2027, 1, 1))
    assert "now **warn**" in mode_text(config, date(2027, 1, 1))
    assert "indefinitely" in embargo_text(GuildSpoilerConfig(guild_id=1), date(2027, 1, 1))


def test_spoiler_post_cannot_be_broken_open() -> None:
    post = spoiler_post("<@1>", "it was || given \\", "the ending")
    assert post.startswith("<@1> — spoiler about the ending: ||")
    assert count_spoiler_segments(post) == 1
    assert SpoilerScanner(["given"]).scan(post) == []


def test_warnings_name_what_is_missing() -> None:
    text = missing_permissions_warning(Mode.WRAP, [Permission.MANAGE_WEBHOOKS], "<#5>")
    assert "**Manage Webhooks**" in text and "<#5>" in text
    assert "<#20>" in warn_text(3, {20})


def test_stats_fields_list_ranked_rows() -> None:
    window = StatsWindow(
        "All time", Totals(2, 3, 1, {"warn": 1}), (CountRow(20, 2, 3, 0),), (CountRow(7, 1, 1, 1),)
    )
    fields = dict(stats_fields(window, with_members=True))
    assert "**3** `||…||` tags" in fields["All time"]
    assert fields["All time: top channels"] == "1. <#20>: 3 tags, 0 untagged"
    assert fields["All time: top members"] == "1. <@7>: 1 tag, 1 untagged"
    assert "All time: top members" not in dict(stats_fields(window, with_members=False))


def test_reply_line_links_to_the_answered_message_and_escapes_the_name() -> None:
    url = "https://discord.com/channels/1/2/3"
    line = reply_line(url, "||Bob_the *critic*")
    assert line.startswith("-# ") and line.endswith(f": {url}")
    assert "**\\|\\|Bob\\_the \\*critic\\***" in line  # markdown cannot leak out of the name
    assert count_spoiler_segments(line) == 0
    assert (
        reply_line(url, None)
        == f"-# \N{RIGHTWARDS ARROW WITH HOOK} Replying to an earlier message: {url}"
    )


def test_twists_are_named_by_their_labels_only() -> None:
    from lantern.spoilers.scanner import SpoilerHit

    hits = [
        SpoilerHit(0, 5, "who Li Wei really is", twist="li-wei-brother"),
        SpoilerHit(6, 9, "what the money means", twist="money-penance"),
        SpoilerHit(10, 14, "secret twin"),
    ]
    assert render.twist_labels(hits) == ["who Li Wei really is", "what the money means"]
    assert render.reveals_text(render.twist_labels(hits)) == (
        "this reveals who Li Wei really is and what the money means"
    )
    warning = render.warn_text(7, [3], reveals=["who Li Wei really is"])
    assert "(this reveals who Li Wei really is)" in warning and "<#3>" in warning
    entry = render.caught_log_text(7, 3, "wrap", hits)
    assert entry.startswith("Spoiler from <@7> in <#3> (wrap): this reveals who Li Wei")
    assert "server terms: “secret twin”" in entry


def test_the_builtin_protection_is_listed_behind_spoiler_tags() -> None:
    text = render.builtin_text(["who Li Wei really is"], ["took the fall"], on=True)
    assert text.startswith("**on** (1 twist, 1 term, hidden): ")
    assert "||who Li Wei really is||" in text and "||took the fall||" in text
    assert "**off**" in render.builtin_text(["x"], [], on=False)
