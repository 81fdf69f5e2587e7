"""Lantern's benchmark suite: the bot against a bare discord.py bot, through the loopback Discord.

Run it with `python -m bench` (or `bash scripts/bench`); see the README's Performance section.
"""
