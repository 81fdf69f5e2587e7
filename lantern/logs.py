"""Logging, configured once at start-up: console plus a rotating file, token redacted."""

from __future__ import annotations

import logging
import logging.handlers

from lantern.settings import Settings

FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


class RedactSecret(logging.Filter):
    """Belt and braces: whatever a library logs, the token never reaches a handler."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret and self.secret in record.getMessage():
            record.msg = record.getMessage().replace(self.secret, "[token]")
            record.args = ()
        return True


def configure_logging(settings: Settings) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if settings.log_file is not None:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                settings.log_file, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
            )
        )
    redact = RedactSecret(settings.discord_token)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(redact)
    logging.basicConfig(level=settings.log_level, handlers=handlers, force=True)
    # discord.py's gateway chatter at DEBUG is noise unless asked for.
    logging.getLogger("discord").setLevel(
        max(logging.INFO, logging.getLevelName(settings.log_level))
    )
