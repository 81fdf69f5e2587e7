-- IDENTIFY turns: when each bucket (shard_id % max_concurrency) last started a gateway session,
-- in seconds since the Unix epoch by the database's own clock. Every process of the bot claims
-- its turn here before it identifies, so Discord's budget (max_concurrency IDENTIFYs per 5 s)
-- holds across processes and machines. DOUBLE PRECISION, not REAL: PostgreSQL's REAL (4 bytes)
-- cannot tell today's seconds apart; SQLite reads the name as REAL (8 bytes).
CREATE TABLE identify_buckets (
    bucket INTEGER PRIMARY KEY,
    at     DOUBLE PRECISION NOT NULL
);
