"""Query sanitising, ranking and stemming against a real database (FTS5 on SQLite, tsvector on
PostgreSQL), and rendering."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.markdown import escape_markdown, review_markdown, shorten, spoiler
from lantern.pack import load_film_pack
from lantern.quotes.index import QuoteIndex
from lantern.quotes.search import (
    EmptyQuery,
    SavedSearch,
    build_match_query,
    parse_highlight,
    query_tokens,
)
from lantern.quotes.service import QuoteService

DATA = Path(__file__).resolve().parents[2] / "data"
INDEX = QuoteIndex.from_pack(load_film_pack(DATA))


@pytest.fixture
async def service(database_target: str) -> AsyncIterator[QuoteService]:
    db = Database(database_target)
    await db.open()
    service = QuoteService(db.quotes, INDEX, ManualClock())
    await service.rebuild_search_index()
    yield service
    await db.close()


@pytest.mark.parametrize(
    ("typed", "tokens"),
    [
        ('" OR *', ("or",)),
        ("NEAR(jade bangle, 2)", ("near", "jade", "bangle", "2")),
        ("-money -cash", ("money", "cash")),
        ("body:jade", ("body", "jade")),
        ("I’d return", ("i", "d", "return")),
        ("@everyone ||x||", ("everyone", "x")),
        ("snake_case", ("snake", "case")),
        ("Jade jade JADE", ("jade",)),
    ],
)
def test_query_tokens_are_plain_words(typed: str, tokens: tuple[str, ...]) -> None:
    assert query_tokens(typed) == tokens


def test_match_query_quotes_every_token() -> None:
    query = build_match_query('promise" OR NEAR')
    assert query.all_words() == '"promise" "or" "near"'
    assert query.any_word() == '"promise" OR "or" OR "near"'
    assert build_match_query("jade ban", prefix=True).all_words() == '"jade" "ban"*'


@pytest.mark.parametrize("typed", ["", "   ", "\n\t", '"*-', "||", "—…"])
def test_blank_or_punctuation_only_query_is_a_friendly_error(typed: str) -> None:
    with pytest.raises(EmptyQuery, match="Type a word or two"):
        build_match_query(typed)


def test_huge_query_is_bounded() -> None:
    tokens = query_tokens("word " * 1200 + "x" * 6000)
    assert len(tokens) <= 12 and all(len(t) <= 40 for t in tokens)


def test_parse_highlight_recovers_hit_offsets() -> None:
    hit = parse_highlight("p1s1", "I \x02promised\x03 I’d \x02return\x03.")
    assert hit.text == "I promised I’d return."
    assert [hit.text[a:b] for a, b in hit.hits] == ["promised", "return"]


async def test_stemming_finds_promised_for_promise(service: QuoteService) -> None:
    hits = await service.search("promise", include_spoilers=False)
    assert hits[0].quote_id == "p2s3"
    assert [hits[0].text[a:b] for a, b in hits[0].hits] == ["promised"]


async def test_bm25_ranks_the_closest_sentence_first(service: QuoteService) -> None:
    hits = await service.search("jade bangle", include_spoilers=False)
    assert hits[0].quote_id == "p4s5"  # short sentence with both words ranks first
    assert all("jade" in h.text.casefold() and "bangle" in h.text.casefold() for h in hits)


async def test_search_falls_back_to_any_word(service: QuoteService) -> None:
    hits = await service.search("bangle zebra", include_spoilers=False)
    assert hits and all("bangle" in h.text for h in hits)


async def test_spoiler_sentences_only_when_asked(service: QuoteService) -> None:
    assert await service.search("penance", include_spoilers=False) == []
    hits = await service.search("penance", include_spoilers=True)
    assert [h.quote_id for h in hits] == ["p3s21"]


@pytest.mark.parametrize(
    "typed", ['" OR *', "NEAR(a b)", "-money", 'jade" NOT "bangle', "x" * 6000, "^jade", "a:b"]
)
async def test_fts_syntax_in_queries_never_raises(service: QuoteService, typed: str) -> None:
    hits = await service.search(typed, include_spoilers=True)
    assert isinstance(hits, list)


async def test_autocomplete_suggestions_use_the_last_word_as_prefix(
    service: QuoteService,
) -> None:
    suggestions = await service.suggest("jade ban", include_spoilers=False)
    assert suggestions and len(suggestions) <= 25
    assert all("bangle" in q.text for q in suggestions)
    assert len(await service.suggest("", include_spoilers=False)) == 25
    assert await service.suggest("zzzz", include_spoilers=False) == []


def test_review_markdown_bolds_hits_inside_italics() -> None:
    text = "a voice: *I promised I’d return.*"
    start = text.index("promised")
    assert review_markdown(text, [(start, start + 8)]) == "a voice: _I **promised** I’d return._"


def test_markdown_is_escaped_so_spoiler_tags_cannot_break() -> None:
    assert escape_markdown("||x|| @everyone *b* _i_") == r"\|\|x\|\| @everyone \*b\* \_i\_"
    assert spoiler(review_markdown("a || b")) == r"||a \|\| b||"


def test_shorten_cuts_on_a_word_boundary() -> None:
    text = "Every bill floats slowly, catching the blue light, as if time itself has paused"
    short = shorten(text, 40)
    assert len(short) <= 40 and short.endswith("…") and text.startswith(short[:-1])
    assert shorten("short", 100) == "short"


async def test_saved_searches_round_trip_and_expire(service: QuoteService) -> None:
    clock = service.clock
    assert isinstance(clock, ManualClock)
    search = SavedSearch(11, 1, 2, 3, '@everyone " OR *', None)
    await service.save_search(search)
    await service.save_search(SavedSearch(12, None, 2, 3, "jade", True))
    assert await service.saved_search(11) == search
    assert (await service.saved_search(12)).spoilers is True  # type: ignore[union-attr]
    assert await service.saved_search(99) is None
    clock.advance(timedelta(days=8).total_seconds())
    await service.save_search(SavedSearch(13, 1, 2, 3, "new", False))
    assert await service.prune_searches() == 2
    assert await service.saved_search(11) is None
    assert await service.saved_search(13) is not None


@given(st.text(max_size=300))
def test_any_typed_text_becomes_a_query_fts5_accepts(typed: str) -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO t (body) VALUES ('I promised I’d return.')")
    try:
        query = build_match_query(typed, prefix=True)
    except EmptyQuery:
        return
    for match in (query.all_words(), query.any_word()):
        connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall()
