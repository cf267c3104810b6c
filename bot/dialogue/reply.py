"""What the assistant sends back: messages plus the new state."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from bot.dialogue.state import ConversationState


@dataclass
class Message:
    text: Optional[str] = None
    buttons: list[dict[str, str]] = field(default_factory=list)
    custom: Optional[dict[str, Any]] = None


@dataclass
class Reply:
    state: ConversationState
    messages: list[Message] = field(default_factory=list)

    def say(self, text: Optional[str] = None, buttons: Optional[list[dict[str, str]]] = None,
            custom: Optional[dict[str, Any]] = None) -> "Reply":
        self.messages.append(Message(text=text, buttons=list(buttons or []), custom=custom))
        return self


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}
