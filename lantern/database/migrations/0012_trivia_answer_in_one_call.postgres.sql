-- Scoring clicks in ONE round trip on PostgreSQL, however many arrive together. A click was
-- four (BEGIN with the guild's turn, the streak, the writes, COMMIT), three of them while
-- holding the guild's turn, so a burst of one guild's clicks queued behind each other's network
-- waits. Called on its own (autocommit), the function is one transaction: it waits for the
-- guild's turn (the same advisory lock as every other score write of the guild), then records
-- the answers in order, each as the bot used to: read the member's streak, write the answer
-- and, if it was new, both totals. Each statement in it takes a fresh snapshot, so it sees what
-- the writer before it committed, and each answer sees the ones before it in the batch (the
-- bot sends one guild's clicks that arrived together as one batch: lantern/database/batching.py).
--
-- The scoring rules stay in the bot: row i of `p_totals` is answer i's points for a streak
-- before it of 0, 1, 2, ..., its last entry for any longer streak
-- (lantern.trivia.scoring.StreakScores). The statements are those of
-- lantern/database/trivia.py (INSERT_ANSWER_SQL, ADD_TO_TOTALS_SQL, ADD_TO_WEEK_SQL), which
-- SQLite runs; the tests hold both backends to the same results.
CREATE FUNCTION trivia_record_answers(
    p_guild_id BIGINT, p_round_ids BIGINT[], p_member_ids BIGINT[], p_interaction_ids BIGINT[],
    p_choice_indexes BIGINT[], p_correct BOOLEAN[], p_elapsed_ms BIGINT[],
    p_answered_at TEXT[], p_via TEXT[], p_weeks TEXT[], p_totals BIGINT[][]
) RETURNS TABLE (o_position INT, o_inserted BOOLEAN, o_points BIGINT, o_streak BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    before BIGINT;
    hit BIGINT;
    member BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(p_guild_id);
    FOR i IN 1 .. cardinality(p_member_ids) LOOP
        o_position := i;
        member := p_member_ids[i];
        hit := CASE WHEN p_correct[i] THEN 1 ELSE 0 END;
        SELECT m.streak INTO before FROM trivia_members AS m
        WHERE m.guild_id = p_guild_id AND m.member_id = member;
        before := COALESCE(before, 0);
        o_points := p_totals[i][LEAST(before + 1, array_length(p_totals, 2))];
        o_streak := CASE WHEN p_correct[i] THEN before + 1 ELSE 0 END;
        INSERT INTO trivia_answers (round_id, member_id, guild_id, interaction_id, choice_index,
            correct, points, elapsed_ms, streak_after, answered_at, via)
        SELECT r.id, member, p_guild_id, p_interaction_ids[i], p_choice_indexes[i], hit,
            o_points, p_elapsed_ms[i], o_streak, p_answered_at[i], p_via[i]
        FROM trivia_rounds AS r WHERE r.id = p_round_ids[i] AND r.closed_at IS NULL
        ON CONFLICT DO NOTHING;
        o_inserted := FOUND;
        IF o_inserted THEN
            INSERT INTO trivia_members AS t (guild_id, member_id, points, answered, correct,
                accuracy, streak, best_streak, fastest_ms)
            VALUES (p_guild_id, member, o_points, 1, hit, hit * 1000, o_streak, o_streak,
                CASE WHEN p_correct[i] THEN p_elapsed_ms[i] END)
            ON CONFLICT (guild_id, member_id) DO UPDATE SET
                points = t.points + excluded.points, answered = t.answered + 1,
                correct = t.correct + excluded.correct,
                accuracy = (t.correct + excluded.correct) * 1000 / (t.answered + 1),
                streak = excluded.streak,
                best_streak = GREATEST(t.best_streak, excluded.streak),
                fastest_ms = CASE WHEN excluded.fastest_ms IS NULL THEN t.fastest_ms
                    WHEN t.fastest_ms IS NULL OR excluded.fastest_ms < t.fastest_ms
                    THEN excluded.fastest_ms ELSE t.fastest_ms END;
            INSERT INTO trivia_weekly AS w (guild_id, week, member_id, points, answered,
                correct, accuracy, best_streak)
            VALUES (p_guild_id, p_weeks[i], member, o_points, 1, hit, hit * 1000, o_streak)
            ON CONFLICT (guild_id, week, member_id) DO UPDATE SET
                points = w.points + excluded.points, answered = w.answered + 1,
                correct = w.correct + excluded.correct,
                accuracy = (w.correct + excluded.correct) * 1000 / (w.answered + 1),
                best_streak = GREATEST(w.best_streak, excluded.best_streak);
        END IF;
        RETURN NEXT;
    END LOOP;
END $$;
