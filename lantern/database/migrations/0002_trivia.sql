-- Trivia: quizzes, questions asked, answers, member totals and streaks.
SELECT 1;
