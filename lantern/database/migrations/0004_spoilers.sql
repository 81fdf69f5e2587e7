-- Spoilers: per-guild configuration and tracking of tags, violations and actions.
-- Times are UTC unix seconds; every stats query filters on (guild_id, created_at) first.

CREATE TABLE spoiler_channels (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

-- One row per guild that changed anything; a missing row means the defaults.
CREATE TABLE spoiler_settings (
    guild_id       INTEGER PRIMARY KEY,
    mode           TEXT NOT NULL DEFAULT 'warn' CHECK (mode IN ('off', 'warn', 'wrap', 'delete')),
    log_channel_id INTEGER,
    embargo_until  TEXT  -- YYYY-MM-DD, last day of strict enforcement (inclusive, UTC)
);

-- Guild terms on top of the film pack's; `canonical` is the scanner's folded form, so
-- "Took the Fall" and "took  the fall" are one term.
CREATE TABLE spoiler_terms (
    guild_id  INTEGER NOT NULL,
    canonical TEXT NOT NULL,
    term      TEXT NOT NULL,
    added_by  INTEGER NOT NULL,
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, canonical)
);

CREATE TABLE spoiler_exempt_roles (
    guild_id INTEGER NOT NULL,
    role_id  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, role_id)
);

-- Problems moderators must hear about once (a missing permission, ...): a row means
-- "already told"; it is removed when the problem goes away so a relapse is reported again.
CREATE TABLE spoiler_notices (
    guild_id   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, kind)
);

-- A message carrying ||...|| tags (edits update the same row).
CREATE TABLE spoiler_tags (
    message_id INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    member_id  INTEGER NOT NULL,
    segments   INTEGER NOT NULL CHECK (segments > 0),
    created_at INTEGER NOT NULL
);
CREATE INDEX spoiler_tags_guild_time ON spoiler_tags (guild_id, created_at);
CREATE INDEX spoiler_tags_member_time ON spoiler_tags (guild_id, member_id, created_at);
CREATE INDEX spoiler_tags_channel_time ON spoiler_tags (guild_id, channel_id, created_at);

-- An untagged spoiler seen in a message (on create or edit).
CREATE TABLE spoiler_violations (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    member_id  INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('create', 'edit')),
    terms      TEXT NOT NULL,  -- the matched terms, newline-separated
    created_at INTEGER NOT NULL
);
CREATE INDEX spoiler_violations_guild_time ON spoiler_violations (guild_id, created_at);
CREATE INDEX spoiler_violations_member_time ON spoiler_violations (guild_id, member_id, created_at);
CREATE INDEX spoiler_violations_channel_time ON spoiler_violations (guild_id, channel_id, created_at);

-- What the bot did about a violation: the action taken and whether it was a fallback.
CREATE TABLE spoiler_actions (
    id           INTEGER PRIMARY KEY,
    violation_id INTEGER NOT NULL REFERENCES spoiler_violations (id) ON DELETE CASCADE,
    guild_id     INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('warn', 'wrap', 'delete')),
    configured   TEXT NOT NULL,
    outcome      TEXT NOT NULL,  -- 'done', 'fallback', 'failed'
    detail       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX spoiler_actions_violation ON spoiler_actions (violation_id);
CREATE INDEX spoiler_actions_guild_time ON spoiler_actions (guild_id, created_at);
CREATE INDEX spoiler_actions_member_time ON spoiler_actions (guild_id, member_id, created_at);
