-- Trivia rank counts on PostgreSQL: the table of 0005_trivia_rank.sqlite.sql (read its notes),
-- kept by one row trigger per totals table instead of SQLite's per-column triggers. As there,
-- a member moves between values of a board only when that board's value, the guild, the week
-- or the scope (answered > 0 for the all-time board) changed.

CREATE TABLE trivia_rank_counts (
    guild_id BIGINT NOT NULL,
    week     TEXT   NOT NULL,
    board    TEXT   NOT NULL,
    value    BIGINT NOT NULL,
    members  BIGINT NOT NULL,
    PRIMARY KEY (guild_id, week, board, value)
);

INSERT INTO trivia_rank_counts (guild_id, week, board, value, members)
SELECT guild_id, '', 'points', points, COUNT(*) FROM trivia_members WHERE answered > 0
GROUP BY guild_id, points;
INSERT INTO trivia_rank_counts (guild_id, week, board, value, members)
SELECT guild_id, '', 'streak', best_streak, COUNT(*) FROM trivia_members WHERE answered > 0
GROUP BY guild_id, best_streak;
INSERT INTO trivia_rank_counts (guild_id, week, board, value, members)
SELECT guild_id, '', 'accuracy', accuracy, COUNT(*) FROM trivia_members WHERE answered > 0
GROUP BY guild_id, accuracy;
INSERT INTO trivia_rank_counts (guild_id, week, board, value, members)
SELECT guild_id, week, 'points', points, COUNT(*) FROM trivia_weekly GROUP BY guild_id, week, points;
INSERT INTO trivia_rank_counts (guild_id, week, board, value, members)
SELECT guild_id, week, 'streak', best_streak, COUNT(*) FROM trivia_weekly
GROUP BY guild_id, week, best_streak;
INSERT INTO trivia_rank_counts (guild_id, week, board, value, members)
SELECT guild_id, week, 'accuracy', accuracy, COUNT(*) FROM trivia_weekly
GROUP BY guild_id, week, accuracy;

-- One board's count: the member leaves (p_was) its old value and joins (p_is) its new one,
-- unless neither the value nor the guild and week changed.
CREATE FUNCTION trivia_rank_move(
    p_board TEXT,
    p_was BOOLEAN, p_old_guild BIGINT, p_old_week TEXT, p_old_value BIGINT,
    p_is BOOLEAN, p_new_guild BIGINT, p_new_week TEXT, p_new_value BIGINT
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_was AND p_is AND p_old_guild = p_new_guild AND p_old_week = p_new_week
       AND p_old_value = p_new_value THEN
        RETURN;
    END IF;
    IF p_was THEN
        UPDATE trivia_rank_counts SET members = members - 1
        WHERE guild_id = p_old_guild AND week = p_old_week AND board = p_board
          AND value = p_old_value;
    END IF;
    IF p_is THEN
        INSERT INTO trivia_rank_counts AS counts (guild_id, week, board, value, members)
        VALUES (p_new_guild, p_new_week, p_board, p_new_value, 1)
        ON CONFLICT (guild_id, week, board, value) DO UPDATE SET members = counts.members + 1;
    END IF;
END $$;

-- All-time totals: on the board while answered > 0.
CREATE FUNCTION trivia_members_ranked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := TG_OP <> 'INSERT' AND COALESCE(OLD.answered > 0, false);
    now_is BOOLEAN := TG_OP <> 'DELETE' AND COALESCE(NEW.answered > 0, false);
BEGIN
    PERFORM trivia_rank_move('points', was, OLD.guild_id, '', OLD.points,
                             now_is, NEW.guild_id, '', NEW.points);
    PERFORM trivia_rank_move('streak', was, OLD.guild_id, '', OLD.best_streak,
                             now_is, NEW.guild_id, '', NEW.best_streak);
    PERFORM trivia_rank_move('accuracy', was, OLD.guild_id, '', OLD.accuracy,
                             now_is, NEW.guild_id, '', NEW.accuracy);
    RETURN NULL;
END $$;
CREATE TRIGGER trivia_members_ranked AFTER INSERT OR UPDATE OR DELETE ON trivia_members
FOR EACH ROW EXECUTE FUNCTION trivia_members_ranked();

-- Weekly totals: every row is on its week's board.
CREATE FUNCTION trivia_weekly_ranked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := TG_OP <> 'INSERT';
    now_is BOOLEAN := TG_OP <> 'DELETE';
BEGIN
    PERFORM trivia_rank_move('points', was, OLD.guild_id, OLD.week, OLD.points,
                             now_is, NEW.guild_id, NEW.week, NEW.points);
    PERFORM trivia_rank_move('streak', was, OLD.guild_id, OLD.week, OLD.best_streak,
                             now_is, NEW.guild_id, NEW.week, NEW.best_streak);
    PERFORM trivia_rank_move('accuracy', was, OLD.guild_id, OLD.week, OLD.accuracy,
                             now_is, NEW.guild_id, NEW.week, NEW.accuracy);
    RETURN NULL;
END $$;
CREATE TRIGGER trivia_weekly_ranked AFTER INSERT OR UPDATE OR DELETE ON trivia_weekly
FOR EACH ROW EXECUTE FUNCTION trivia_weekly_ranked();
