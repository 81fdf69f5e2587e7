"""Ratings: one score (1-10) and an optional review per member per server, their summary and
its chart."""
