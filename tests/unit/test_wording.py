from lantern.wording import count, lines_within


def test_count_uses_the_singular_for_one_only() -> None:
    assert count(1, "question") == "1 question"
    assert count(0, "question") == "0 questions"
    assert count(2, "line is a spoiler", "lines are spoilers") == "2 lines are spoilers"


def test_lines_within_keeps_whole_lines_one_per_line() -> None:
    lines = [f"<@{n}>: {n * 10} pts" for n in range(100, 200)]
    text = lines_within(lines, 200)
    assert len(text) <= 200
    shown = text.splitlines()
    assert shown[:-1] == lines[: len(shown) - 1]
    assert shown[-1] == f"… and {len(lines) - len(shown) + 1} more"


def test_lines_within_returns_everything_that_fits() -> None:
    assert lines_within(["a", "b"], 10) == "a\nb"
    assert lines_within([], 10) == ""
