import logging

from lantern.logs import RedactSecret
from tests.conftest import OFFLINE_TOKEN


def test_the_token_is_redacted_from_messages_and_arguments() -> None:
    record = logging.LogRecord(
        "discord.http", logging.DEBUG, __file__, 1, "auth %s", (OFFLINE_TOKEN,), None
    )
    assert RedactSecret(OFFLINE_TOKEN).filter(record)
    assert OFFLINE_TOKEN not in record.getMessage()
    assert "[token]" in record.getMessage()


def test_other_records_are_untouched() -> None:
    record = logging.LogRecord("lantern", logging.INFO, __file__, 1, "ready as %s", ("bot",), None)
    RedactSecret(OFFLINE_TOKEN).filter(record)
    assert record.getMessage() == "ready as bot"
