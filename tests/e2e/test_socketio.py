"""The socket.io channel (credentials.yml) answers like the REST channel: a widget can use either."""
from __future__ import annotations

import threading
import uuid

import pytest
import socketio

pytestmark = pytest.mark.stack


def _converse(url: str, text: str, timeout: float = 30) -> list[dict]:
    # The synchronous client over long-polling: the asyncio client of python-engineio wants a newer aiohttp than
    # the one Rasa pins.
    client = socketio.Client()
    received: list[dict] = []
    done = threading.Event()

    @client.on("bot_uttered")
    def on_bot(message):
        received.append(message)
        if any((m.get("custom") or {}).get("type") == "personalise_offer" for m in received):
            done.set()  # the last message of the first answer

    client.connect(url, transports=["polling"], wait_timeout=10)
    try:
        session = uuid.uuid4().hex
        client.emit("session_request", {"session_id": session})
        client.emit("user_uttered", {"message": text, "session_id": session, "metadata": {"persona": "kari"}})
        done.wait(timeout)
    finally:
        client.disconnect()
    return received


def test_a_death_over_socketio_gives_the_service_chain(stack):
    received = _converse(stack.rasa_url, "faren min døde i går")
    chains = [m["custom"] for m in received if (m.get("custom") or {}).get("type") == "service_chain"]
    assert chains, f"no service_chain over socket.io: {received}"
    assert chains[0]["life_event"] == "death-and-inheritance"
    assert any(m.get("text") for m in received)
