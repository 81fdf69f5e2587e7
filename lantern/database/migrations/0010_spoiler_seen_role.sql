-- The "I've seen it" role (/spoilers seen-role): a spoiler setting, typically the role that opens
-- the spoiler channel. NULL: none named. Plain SQL that PostgreSQL accepts too.
ALTER TABLE spoiler_settings ADD COLUMN seen_role_id BIGINT;
