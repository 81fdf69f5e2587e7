"""Ratings: aggregation, bounds, spoilers in reviews hidden like chat, one rating per member
per server over a real database, paging, and a chart whose plotting code loads only when the
first chart is drawn."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.errors import LanternError
from lantern.pack import FilmPack
from lantern.ratings.chart import render_distribution
from lantern.ratings.model import REVIEW_MAX, check_score, clean_review, summarise
from lantern.ratings.service import PAGE_SIZE, RatingService
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.claims import ClaimDetector
from lantern.spoilers.service import SpoilerService

GUILD = 1


def test_summary_average_and_distribution() -> None:
    summary = summarise({10: 1, 7: 2, 1: 1})
    assert summary.count == 4
    assert summary.distribution == (1, 0, 0, 0, 0, 0, 2, 0, 0, 1)
    assert summary.average == pytest.approx((10 + 14 + 1) / 4)
    assert summarise({}).average is None


@pytest.mark.parametrize("score", [0, 11, -3])
def test_scores_outside_1_to_10_are_refused(score: int) -> None:
    with pytest.raises(LanternError, match="1 to 10"):
        check_score(score)


def test_reviews_are_trimmed_and_limited() -> None:
    assert clean_review("  good  ") == "good"
    assert clean_review("   ") is None
    with pytest.raises(LanternError, match=f"at most {REVIEW_MAX}"):
        clean_review("x" * (REVIEW_MAX + 1))


def service(db: Database, pack: FilmPack, clock: ManualClock | None = None) -> RatingService:
    clock = clock or ManualClock()
    spoilers = SpoilerService(
        db.spoilers, pack.spoiler_terms, clock, twists=ClaimDetector(pack.twists)
    )
    return RatingService(db.ratings, clock, spoilers)


async def test_spoilers_are_wrapped_with_film_and_server_terms(
    db: Database, pack: FilmPack
) -> None:
    ratings = service(db, pack)
    film, _ = await ratings.rate(GUILD, 1, 9, "Loved it. The money was penance all along.")
    assert film.review == "Loved it. ||The money was penance all along.||"
    await ratings.spoilers.add_term(GUILD, "secret twin", 2)
    own, _ = await ratings.rate(GUILD, 2, 7, "Fine. The secret twin shocked me.")
    assert own.review == "Fine. ||The secret twin shocked me.||"
    elsewhere, _ = await ratings.rate(GUILD + 1, 2, 7, "Fine. The secret twin shocked me.")
    assert elsewhere.review == "Fine. The secret twin shocked me."  # that server's term only
    clean, _ = await ratings.rate(GUILD, 3, 6, "Lovely colours.")
    assert clean.review == "Lovely colours."


async def test_one_rating_per_member_per_server(db: Database, pack: FilmPack) -> None:
    ratings = service(db, pack)
    assert (await ratings.rate(GUILD, 1, 4, None))[1] is False
    assert (await ratings.rate(GUILD, 1, 9, "Changed my mind."))[1] is True
    await ratings.rate(GUILD + 1, 1, 2, None)  # another server keeps its own
    summary = await ratings.summary(GUILD)
    assert summary.count == 1 and summary.average == 9
    assert (await ratings.member_rating(GUILD, 1)).review == "Changed my mind."


async def test_review_pages_latest_first_and_clamped(db: Database, pack: FilmPack) -> None:
    clock = ManualClock()
    ratings = service(db, pack, clock)
    for member in range(PAGE_SIZE + 2):
        clock.advance(60)
        await ratings.rate(GUILD, member, 5, f"Review {member}.")
    await ratings.rate(GUILD, 99, 5, None)  # no review: counted, not listed
    first, pages = await ratings.reviews_page(GUILD, 0)
    assert pages == 2 and first[0].review == f"Review {PAGE_SIZE + 1}."
    last, _ = await ratings.reviews_page(GUILD, 999)
    assert [r.review for r in last] == ["Review 1.", "Review 0."]


def test_the_chart_is_a_png_of_the_distribution() -> None:
    png = render_distribution((0, 0, 1, 0, 2, 0, 5, 3, 1, 0))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    assert render_distribution((0,) * 10).startswith(b"\x89PNG")  # an empty chart too


def test_a_redrawn_figure_keeps_nothing_of_the_previous_chart() -> None:
    # Each thread reuses one figure: a chart drawn after another must equal a fresh one.
    draw = render_distribution.__wrapped__  # past the cache
    first = draw((1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
    other = draw((9, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    assert other != first
    assert draw((1, 2, 3, 4, 5, 6, 7, 8, 9, 10)) == first


def test_matplotlib_loads_only_with_the_first_chart() -> None:
    code = (
        "import sys; import cogs.ratings, lantern.ratings.service as s; "
        "assert 'matplotlib' not in sys.modules, 'imported at start-up'; "
        "from lantern.ratings.chart import render_distribution; "
        "render_distribution((1,) * 10); assert 'matplotlib' in sys.modules; print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr
