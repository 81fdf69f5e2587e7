-- Spoilers: a server may switch off the film's built-in protection (the film pack's twists
-- and default terms) and rely on its own terms. 1 = on (the default), 0 = off.
ALTER TABLE spoiler_settings ADD COLUMN builtin INTEGER NOT NULL DEFAULT 1 CHECK (builtin IN (0, 1));
