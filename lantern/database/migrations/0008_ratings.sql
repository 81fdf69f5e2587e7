-- Ratings: one per member per server, changeable; the review as shown (spoilers wrapped).
CREATE TABLE ratings (
    guild_id  BIGINT NOT NULL,
    member_id BIGINT NOT NULL,
    score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
    review    TEXT,
    rated_at  TEXT NOT NULL,
    PRIMARY KEY (guild_id, member_id)
);
-- The latest reviews first, page by page.
CREATE INDEX ratings_latest ON ratings (guild_id, rated_at);
