-- Placeholder: version 7 is 0007_discussion.sql on the `discuss` branch. Migration numbers must
-- run 1..N without gaps, so this branch holds the number with an empty script; at the merge,
-- delete this file and keep 0007_discussion.sql.
SELECT 1;
