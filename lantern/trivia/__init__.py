"""Trivia about the film: question bank, answer matching, scoring, quiz state and the service
the trivia cog calls. Plain Python; nothing here imports discord."""
