"""Personal data never reaches the tracker store or the logs."""
import logging

import pytest

from bot.privacy import EMAIL_MARKER, ID_MARKER, PHONE_MARKER, install_log_redaction, redact, redact_data


@pytest.mark.parametrize("text, secret, marker", [
    ("fnr 14837800189 takk", "14837800189", ID_MARKER),
    ("min D-nummer er 63899100184", "63899100184", ID_MARKER),
    ("skrevet med mellomrom 148378 00189", "148378 00189", ID_MARKER),
    ("ring meg på 91234567", "91234567", PHONE_MARKER),
    ("ring meg på 912 34 567", "912 34 567", PHONE_MARKER),
    ("ring 22 33 44 55 i dag", "22 33 44 55", PHONE_MARKER),
    ("call +47 912 34 567", "912 34 567", PHONE_MARKER),
    ("or +46701234567", "+46701234567", PHONE_MARKER),
    ("mail kari.nordmann+test@example.no now", "kari.nordmann+test@example.no", EMAIL_MARKER),
])
def test_personal_data_is_replaced(text, secret, marker):
    cleaned = redact(text)
    assert secret not in cleaned
    assert marker in cleaned


@pytest.mark.parametrize("text", [
    "faren min døde 2026-11-20",
    "saksnummer 26-123456TVI-TOSL",
    "orgnr 310000019",
    "engangsstønad er 92 648 kroner",
    "frist om 60 dager, 10 arbeidsdager",
    "",
])
def test_ordinary_text_is_left_alone(text):
    assert redact(text) == text


def test_nested_event_data_is_redacted_everywhere():
    event = {"event": "user", "text": "ring 91234567", "timestamp": 1.5,
             "parse_data": {"text": "ring 91234567", "entities": [{"value": "kari@example.no"}]},
             "metadata": {"persona": "kari"}}
    cleaned = redact_data(event)
    assert "91234567" not in str(cleaned) and "kari@example.no" not in str(cleaned)
    assert cleaned["timestamp"] == 1.5 and cleaned["metadata"] == {"persona": "kari"}


def test_log_lines_are_redacted(caplog):
    install_log_redaction()
    with caplog.at_level(logging.INFO):
        logging.getLogger("veiviser.test").info("person %s called from %s", "14837800189", "912 34 567")
    assert "14837800189" not in caplog.text and "912 34 567" not in caplog.text
    assert ID_MARKER in caplog.text
