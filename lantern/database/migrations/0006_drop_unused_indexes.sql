-- Indexes no query uses, each an extra write for nothing (checked with EXPLAIN QUERY PLAN on
-- every query of their tables; the schema is never ANALYZEd, so the plans are the defaults).
--
-- spoiler_tags (guild_id, channel_id, created_at): every stats query starts from the
-- (guild_id, created_at) window or from one member's; none is planned on the channel index,
-- yet every tagged message paid for it.
DROP INDEX IF EXISTS spoiler_tags_channel_time;

-- trivia_quizzes (status) WHERE status = 'running': the unique partial index
-- trivia_quizzes_running_channel holds exactly the same rows (the running quizzes), and the
-- start-up scan of running quizzes reads that one instead.
DROP INDEX IF EXISTS trivia_quizzes_running;
