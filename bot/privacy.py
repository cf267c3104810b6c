"""Removes personal data from text before it is stored or logged.

Identity numbers (fødselsnummer and D-nummer: 11 digits), Norwegian phone numbers and e-mail addresses are
replaced by a marker. We redact every 11-digit number, valid check digits or not: a mistyped identity number is
still personal data.
"""
from __future__ import annotations

import logging
import re
from typing import Any

ID_MARKER = "[fjernet-id]"
PHONE_MARKER = "[fjernet-telefon]"
EMAIL_MARKER = "[fjernet-epost]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 11 digits, optionally written 6+5 with a space, a dot or a dash.
_IDENTITY = re.compile(r"(?<!\d)\d{6}[ .-]?\d{5}(?!\d)")
# Norwegian phone numbers: 8 digits starting with 2-9, contiguous or grouped 2-2-2-2 / 3-2-3, optionally with +47
# or 0047. Dashes are not accepted as separators so ISO dates (2026-11-20) stay untouched.
_PHONE = re.compile(
    r"(?<![\w-])(?:(?:\+|00)\s?47[\s]?)?"
    r"(?:[2-9]\d{7}|[2-9]\d{2} \d{2} \d{3}|[2-9]\d (?:\d{2} ){2}\d{2})"
    r"(?![\w-])"
)
# Other international numbers: +CC followed by 7-14 digits.
_INTL_PHONE = re.compile(r"(?<![\w])\+\d{1,3}[\s]?\d(?:[\s]?\d){6,13}(?!\d)")


def redact(text: str) -> str:
    """The text with identity numbers, phone numbers and e-mail addresses replaced by markers."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MARKER, text)
    # International numbers first: "+46701234567" has 11 digits but is a phone number.
    text = _INTL_PHONE.sub(PHONE_MARKER, text)
    text = _IDENTITY.sub(ID_MARKER, text)
    return _PHONE.sub(PHONE_MARKER, text)


def redact_data(value: Any) -> Any:
    """Redacts every string inside nested dicts and lists (an event as Rasa serialises it)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_data(item) for item in value]
    return value


_installed = False


def install_log_redaction() -> None:
    """Makes every log record created from now on carry a redacted message, whichever logger writes it."""
    global _installed
    if _installed:
        return
    previous_factory = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous_factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's bug; leave the record as it is
            return record
        record.msg, record.args = redact(message), ()
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
