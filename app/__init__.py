"""The application around the cogs: the discord.py bot (`app.bot`), the runner that starts and
stops it (`app.runner`) and the sandbox (`app.sandbox`). `bot.py` is only the entry point that
picks one of them; cogs may import `app.bot` for its types."""
