-- Quotes: the full-text index of review sentences, last quote per channel, daily quotes.

-- Rebuilt from the film pack at every start-up; porter stemming so "promise" finds "promised".
CREATE VIRTUAL TABLE quote_fts USING fts5(
    quote_id UNINDEXED,
    spoiler UNINDEXED,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- The last quote posted in each channel, so a random pick never repeats it.
CREATE TABLE quote_last (
    channel_id INTEGER PRIMARY KEY,
    guild_id   INTEGER,
    quote_id   TEXT NOT NULL,
    posted_at  TEXT NOT NULL
);

-- One daily quote schedule per guild. `last_posted_on` (UTC date) guards against a second post
-- the same day, also across restarts; `next_post_at` is when the scheduler should post next.
CREATE TABLE quote_daily (
    guild_id       INTEGER PRIMARY KEY,
    channel_id     INTEGER NOT NULL,
    hour           INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    next_post_at   TEXT NOT NULL,
    last_posted_on TEXT,
    last_quote_id  TEXT,
    updated_by     INTEGER
);
CREATE INDEX quote_daily_due ON quote_daily (next_post_at);

-- What was searched, so the "More context" / "Next match" buttons keep working after a restart.
-- Keyed by the interaction id; where the reader is (match, context) lives in the buttons.
CREATE TABLE quote_searches (
    search_id  INTEGER PRIMARY KEY,
    guild_id   INTEGER,
    channel_id INTEGER NOT NULL,
    owner_id   INTEGER NOT NULL,
    query      TEXT NOT NULL,
    spoilers   INTEGER,  -- the command's spoilers option: 1, 0 or NULL (not given)
    created_at TEXT NOT NULL
);
CREATE INDEX quote_searches_created ON quote_searches (created_at);
