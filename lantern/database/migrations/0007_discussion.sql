-- Discussion: used prompts per server and the weekly prompt (the "I've seen it" role is a
-- spoiler setting: 0010). Plain types and statements PostgreSQL accepts too
-- (BIGINT for Discord ids; times as sortable UTC text like the other tables).

-- A prompt posted in a server; a new cycle of a pool deletes its rows first.
CREATE TABLE discussion_used (
    guild_id  BIGINT NOT NULL,
    prompt_id TEXT NOT NULL,
    used_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, prompt_id)
);

-- One weekly prompt per server. Claiming a slot moves `next_post_at` on in the same UPDATE that
-- checks it still holds the slot, so a slot is posted once, across restarts too.
CREATE TABLE discussion_weekly (
    guild_id     BIGINT PRIMARY KEY,
    channel_id   BIGINT NOT NULL,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    hour         INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    next_post_at TEXT NOT NULL,
    updated_by   BIGINT
);
CREATE INDEX discussion_weekly_due ON discussion_weekly (next_post_at);
