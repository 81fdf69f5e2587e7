-- Trivia: quizzes, questions asked, answers, member totals and streaks.
--
-- The answer log (trivia_answers) is written once per click and never aggregated per request:
-- every answer also updates trivia_members / trivia_weekly in the same transaction, so the
-- leaderboard and stats read a handful of indexed rows whatever the size of the guild.

CREATE TABLE trivia_settings (
    guild_id        INTEGER PRIMARY KEY,
    default_seconds INTEGER NOT NULL DEFAULT 20,
    typed_answers   INTEGER NOT NULL DEFAULT 1,
    reveal_passages INTEGER NOT NULL DEFAULT 1,
    points_easy     INTEGER NOT NULL DEFAULT 10,
    points_medium   INTEGER NOT NULL DEFAULT 20,
    points_hard     INTEGER NOT NULL DEFAULT 30
);

CREATE TABLE trivia_quizzes (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    starter_id  INTEGER NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'running',  -- running | finished | stopped | interrupted
    rounds      INTEGER NOT NULL,
    seconds     INTEGER NOT NULL,
    difficulty  TEXT    NOT NULL,
    spoilers    INTEGER NOT NULL,
    started_at  TEXT    NOT NULL,
    ended_at    TEXT
);
-- One running quiz per channel, enforced by SQLite even when two starts race.
CREATE UNIQUE INDEX trivia_quizzes_running_channel
    ON trivia_quizzes (channel_id) WHERE status = 'running';
CREATE INDEX trivia_quizzes_running ON trivia_quizzes (status) WHERE status = 'running';

CREATE TABLE trivia_rounds (
    id            INTEGER PRIMARY KEY,
    quiz_id       INTEGER NOT NULL REFERENCES trivia_quizzes (id),
    guild_id      INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    question_id   TEXT    NOT NULL,
    choices       TEXT    NOT NULL,  -- JSON list of labels, in the shuffled order shown
    correct_index INTEGER NOT NULL,
    difficulty    TEXT    NOT NULL,
    opened_at     TEXT    NOT NULL,
    closes_at     TEXT    NOT NULL,
    closed_at     TEXT,
    message_id    INTEGER,
    UNIQUE (quiz_id, number)
);
CREATE INDEX trivia_rounds_guild_recent ON trivia_rounds (guild_id, id DESC);

CREATE TABLE trivia_answers (
    round_id       INTEGER NOT NULL REFERENCES trivia_rounds (id),
    member_id      INTEGER NOT NULL,
    guild_id       INTEGER NOT NULL,
    interaction_id INTEGER NOT NULL UNIQUE,  -- or the message id of a typed answer
    choice_index   INTEGER NOT NULL,
    correct        INTEGER NOT NULL,
    points         INTEGER NOT NULL,
    elapsed_ms     INTEGER NOT NULL,
    streak_after   INTEGER NOT NULL,
    answered_at    TEXT    NOT NULL,
    via            TEXT    NOT NULL,  -- button | typed
    PRIMARY KEY (round_id, member_id)
);

-- Running totals, one row per member per guild.
CREATE TABLE trivia_members (
    guild_id        INTEGER NOT NULL,
    member_id       INTEGER NOT NULL,
    points          INTEGER NOT NULL DEFAULT 0,
    answered        INTEGER NOT NULL DEFAULT 0,
    correct         INTEGER NOT NULL DEFAULT 0,
    accuracy        INTEGER NOT NULL DEFAULT 0,  -- correct per mille, kept so it can be indexed
    streak          INTEGER NOT NULL DEFAULT 0,
    best_streak     INTEGER NOT NULL DEFAULT 0,
    fastest_ms      INTEGER,
    daily_streak    INTEGER NOT NULL DEFAULT 0,
    daily_best      INTEGER NOT NULL DEFAULT 0,
    last_daily_day  TEXT,
    PRIMARY KEY (guild_id, member_id)
);
-- `answered` rides along so the own-rank COUNT (scope `answered > 0`) is answered from the index
-- alone; without it every member ahead costs a table lookup (50 ms at 100k members).
CREATE INDEX trivia_members_points ON trivia_members (guild_id, points DESC, member_id, answered);
CREATE INDEX trivia_members_accuracy
    ON trivia_members (guild_id, accuracy DESC, answered DESC, member_id);
CREATE INDEX trivia_members_streak
    ON trivia_members (guild_id, best_streak DESC, member_id, answered);

-- The same totals per ISO week (week = the Monday's date, UTC).
CREATE TABLE trivia_weekly (
    guild_id    INTEGER NOT NULL,
    week        TEXT    NOT NULL,
    member_id   INTEGER NOT NULL,
    points      INTEGER NOT NULL DEFAULT 0,
    answered    INTEGER NOT NULL DEFAULT 0,
    correct     INTEGER NOT NULL DEFAULT 0,
    accuracy    INTEGER NOT NULL DEFAULT 0,
    best_streak INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, week, member_id)
);
CREATE INDEX trivia_weekly_points ON trivia_weekly (guild_id, week, points DESC, member_id);
CREATE INDEX trivia_weekly_accuracy
    ON trivia_weekly (guild_id, week, accuracy DESC, answered DESC, member_id);
CREATE INDEX trivia_weekly_streak ON trivia_weekly (guild_id, week, best_streak DESC, member_id);

-- The daily question: issued once per member per UTC day, answered once.
CREATE TABLE trivia_daily (
    guild_id      INTEGER NOT NULL,
    member_id     INTEGER NOT NULL,
    day           TEXT    NOT NULL,
    question_id   TEXT    NOT NULL,
    choices       TEXT    NOT NULL,
    correct_index INTEGER NOT NULL,
    issued_at     TEXT    NOT NULL,
    choice_index  INTEGER,
    correct       INTEGER,
    points        INTEGER,
    answered_at   TEXT,
    PRIMARY KEY (guild_id, member_id, day)
);
