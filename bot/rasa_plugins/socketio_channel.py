"""Rasa's socket.io channel, with custom payloads delivered as {"custom": ...}.

Rasa 3.6's SocketIOOutput.send_custom_json passes the payload's keys as keyword arguments to socketio's emit(),
so a payload like our service_chain ({"type": ..., "steps": ...}) raises TypeError and the person gets nothing.
Here the payload is sent the way the REST channel sends it. credentials.yml names this class instead of
`socketio`; the channel keeps the name "socketio", so its URL (/socket.io) and events stay the same.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.core.channels import socketio as rasa_socketio


async def _send_custom_json(self: rasa_socketio.SocketIOOutput, recipient_id: Text, json_message: Dict[Text, Any],
                            **kwargs: Any) -> None:
    await self._send_message(recipient_id, {"custom": json_message})


# The input channel builds its SocketIOOutput inside Rasa's own code, so the fix goes on the output class.
rasa_socketio.SocketIOOutput.send_custom_json = _send_custom_json


class SocketIOInput(rasa_socketio.SocketIOInput):
    """socket.io input channel whose custom payloads reach the client."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"
