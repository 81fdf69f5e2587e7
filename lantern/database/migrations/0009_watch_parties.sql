-- Watch parties: one row per Discord scheduled event the bot created. `start_posted` and
-- `thread_opened` are claimed (set to 1 in an UPDATE that checks they were 0) before the post
-- or thread is sent, so a restart never sends one twice. Plain types PostgreSQL accepts too.
CREATE TABLE watch_parties (
    event_id      BIGINT PRIMARY KEY,
    guild_id      BIGINT NOT NULL,
    channel_id    BIGINT NOT NULL,
    start_at      TEXT NOT NULL,
    end_at        TEXT NOT NULL,
    note          TEXT,
    created_by    BIGINT NOT NULL,
    created_at    TEXT NOT NULL,
    start_posted  INTEGER NOT NULL DEFAULT 0 CHECK (start_posted IN (0, 1)),
    thread_opened INTEGER NOT NULL DEFAULT 0 CHECK (thread_opened IN (0, 1)),
    cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1))
);
CREATE INDEX watch_parties_guild_end ON watch_parties (guild_id, end_at);
CREATE INDEX watch_parties_start ON watch_parties (start_at);
