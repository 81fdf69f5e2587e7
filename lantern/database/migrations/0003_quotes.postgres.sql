-- Quotes on PostgreSQL: the same tables as 0003_quotes.sqlite.sql, with the full-text index as
-- a tsvector column instead of an FTS5 table.

-- English stemming ("promise" finds "promised") without a stop-word list: FTS5's porter
-- tokenizer keeps every word, so "the" and "would" are searchable on both backends.
CREATE TEXT SEARCH DICTIONARY lantern_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION lantern_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION lantern_english
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH lantern_stem;

-- Rebuilt from the film pack at every start-up. `rowid` keeps the pack's order for ties.
CREATE TABLE quote_fts (
    rowid    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quote_id TEXT NOT NULL,
    spoiler  BIGINT NOT NULL,
    body     TEXT NOT NULL,
    doc      tsvector GENERATED ALWAYS AS (to_tsvector('lantern_english', body)) STORED
);
CREATE INDEX quote_fts_doc ON quote_fts USING GIN (doc);

-- The last quote posted in each channel, so a random pick never repeats it.
CREATE TABLE quote_last (
    channel_id BIGINT PRIMARY KEY,
    guild_id   BIGINT,
    quote_id   TEXT NOT NULL,
    posted_at  TEXT NOT NULL
);

-- One daily quote schedule per guild (see 0003_quotes.sqlite.sql).
CREATE TABLE quote_daily (
    guild_id       BIGINT PRIMARY KEY,
    channel_id     BIGINT NOT NULL,
    hour           BIGINT NOT NULL CHECK (hour BETWEEN 0 AND 23),
    next_post_at   TEXT NOT NULL,
    last_posted_on TEXT,
    last_quote_id  TEXT,
    updated_by     BIGINT
);
CREATE INDEX quote_daily_due ON quote_daily (next_post_at);

-- What was searched, so the result buttons keep working after a restart.
CREATE TABLE quote_searches (
    search_id  BIGINT PRIMARY KEY,
    guild_id   BIGINT,
    channel_id BIGINT NOT NULL,
    owner_id   BIGINT NOT NULL,
    query      TEXT NOT NULL,
    spoilers   BIGINT,
    created_at TEXT NOT NULL
);
CREATE INDEX quote_searches_created ON quote_searches (created_at);
