-- A scoring click in ONE round trip on PostgreSQL. The click was four (BEGIN with the guild's
-- turn, the streak, the writes, COMMIT), three of them while holding the guild's turn, so one
-- guild's burst of clicks queued behind each other's network waits. Called on its own
-- (autocommit), the function is one transaction: it waits for the guild's turn (the same
-- advisory lock as every other score write of the guild), reads the streak after it, and
-- writes the answer and both totals. Each statement in it takes a fresh snapshot, so it sees
-- what the writer before it committed.
--
-- The scoring rules stay in the bot: `p_totals` are the answer's points for a streak before it
-- of 0, 1, 2, ..., the last entry for any longer streak (lantern.trivia.scoring.StreakScores).
-- The statements are those of lantern/database/trivia.py (INSERT_ANSWER_SQL, ADD_TO_TOTALS_SQL,
-- ADD_TO_WEEK_SQL), which SQLite runs; the tests hold both backends to the same results.
CREATE FUNCTION trivia_record_answer(
    p_round_id BIGINT, p_guild_id BIGINT, p_member_id BIGINT, p_interaction_id BIGINT,
    p_choice_index BIGINT, p_correct BOOLEAN, p_elapsed_ms BIGINT, p_answered_at TEXT,
    p_via TEXT, p_week TEXT, p_totals BIGINT[]
) RETURNS TABLE (o_inserted BOOLEAN, o_points BIGINT, o_streak BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    before BIGINT;
    hit BIGINT := CASE WHEN p_correct THEN 1 ELSE 0 END;
BEGIN
    PERFORM pg_advisory_xact_lock(p_guild_id);
    SELECT m.streak INTO before FROM trivia_members AS m
    WHERE m.guild_id = p_guild_id AND m.member_id = p_member_id;
    before := COALESCE(before, 0);
    o_points := p_totals[LEAST(before + 1, cardinality(p_totals))];
    o_streak := CASE WHEN p_correct THEN before + 1 ELSE 0 END;
    INSERT INTO trivia_answers (round_id, member_id, guild_id, interaction_id, choice_index,
        correct, points, elapsed_ms, streak_after, answered_at, via)
    SELECT r.id, p_member_id, p_guild_id, p_interaction_id, p_choice_index, hit, o_points,
        p_elapsed_ms, o_streak, p_answered_at, p_via
    FROM trivia_rounds AS r WHERE r.id = p_round_id AND r.closed_at IS NULL
    ON CONFLICT DO NOTHING;
    o_inserted := FOUND;
    IF o_inserted THEN
        INSERT INTO trivia_members AS t (guild_id, member_id, points, answered, correct,
            accuracy, streak, best_streak, fastest_ms)
        VALUES (p_guild_id, p_member_id, o_points, 1, hit, hit * 1000, o_streak, o_streak,
            CASE WHEN p_correct THEN p_elapsed_ms END)
        ON CONFLICT (guild_id, member_id) DO UPDATE SET
            points = t.points + excluded.points, answered = t.answered + 1,
            correct = t.correct + excluded.correct,
            accuracy = (t.correct + excluded.correct) * 1000 / (t.answered + 1),
            streak = excluded.streak,
            best_streak = GREATEST(t.best_streak, excluded.streak),
            fastest_ms = CASE WHEN excluded.fastest_ms IS NULL THEN t.fastest_ms
                WHEN t.fastest_ms IS NULL OR excluded.fastest_ms < t.fastest_ms
                THEN excluded.fastest_ms ELSE t.fastest_ms END;
        INSERT INTO trivia_weekly AS w (guild_id, week, member_id, points, answered, correct,
            accuracy, best_streak)
        VALUES (p_guild_id, p_week, p_member_id, o_points, 1, hit, hit * 1000, o_streak)
        ON CONFLICT (guild_id, week, member_id) DO UPDATE SET
            points = w.points + excluded.points, answered = w.answered + 1,
            correct = w.correct + excluded.correct,
            accuracy = (w.correct + excluded.correct) * 1000 / (w.answered + 1),
            best_streak = GREATEST(w.best_streak, excluded.best_streak);
    END IF;
    RETURN NEXT;
END $$;
