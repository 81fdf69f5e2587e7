import logging

from lantern.logs import RedactSecret

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


def test_the_token_is_redacted_from_messages_and_arguments() -> None:
    record = logging.LogRecord(
        "discord.http", logging.DEBUG, __file__, 1, "auth %s", (TOKEN,), None
    )
    assert RedactSecret(TOKEN).filter(record)
    assert TOKEN not in record.getMessage()
    assert "[token]" in record.getMessage()


def test_other_records_are_untouched() -> None:
    record = logging.LogRecord("lantern", logging.INFO, __file__, 1, "ready as %s", ("bot",), None)
    RedactSecret(TOKEN).filter(record)
    assert record.getMessage() == "ready as bot"
