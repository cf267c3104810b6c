"""Turning a Rasa tracker into a ConversationState, and a Reply back into Rasa events and messages."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import settings
from bot.dialogue.reply import Reply
from bot.dialogue.state import ConversationState
from bot.language import detect

logger = logging.getLogger(__name__)


def text_of(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def intent_of(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def confidence_of(tracker: Tracker) -> float:
    """How sure NLU was of the latest message's intent (1.0 for a button, whose intent is given)."""
    return float(((tracker.latest_message or {}).get("intent") or {}).get("confidence", 1.0) or 0.0)


def entity(tracker: Tracker, name: str) -> Optional[Any]:
    for found in (tracker.latest_message or {}).get("entities") or []:
        if found.get("entity") == name:
            return found.get("value")
    return None


def stored_state(tracker: Tracker) -> ConversationState:
    return ConversationState.from_slots(tracker.get_slot)


def state_of(tracker: Tracker) -> ConversationState:
    """The stored state, with the language of this message (a button payload keeps the current one)."""
    state = stored_state(tracker)
    text = text_of(tracker)
    if text and not text.startswith("/"):
        state = state.with_(language=detect(text, tracker.get_slot("language")))
    return state


def persona_of(tracker: Tracker) -> str:
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return str(metadata.get("persona") or settings.demo_persona())


@lru_cache(maxsize=1)
def _clients():
    from bot.agencies import AgencyClients

    return AgencyClients.from_settings()


class PersonaStatusChecker:
    """Status look-ups for the logged-in person (here: a demo persona standing in for ID-porten)."""

    def __init__(self, persona: str):
        from bot.agencies.personas import fnr_for

        self.fnr = fnr_for(persona)

    def check(self, status_check: dict[str, Any]):
        return _clients().check(status_check, self.fnr)


def checker_for(tracker: Tracker) -> Optional[PersonaStatusChecker]:
    try:
        return PersonaStatusChecker(persona_of(tracker))
    except KeyError:
        logger.warning("Unknown demo persona; status look-ups are skipped.")
        return None


def emit(reply: Reply, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """Sends the reply's messages and returns SlotSet events for the slots that differ from what is stored
    (the language of this message included)."""
    before = stored_state(tracker)
    for message in reply.messages:
        kwargs: dict[str, Any] = {}
        if message.text:
            kwargs["text"] = message.text
        if message.buttons:
            kwargs["buttons"] = message.buttons
        if message.custom is not None:
            kwargs["json_message"] = message.custom
        dispatcher.utter_message(**kwargs)
    return [SlotSet(name, value) for name, value in reply.state.changed_slots(before).items()]
