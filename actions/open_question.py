"""The check every understanding-dependent action makes first: is this message an answer to our open question?"""
from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker

from actions.adapter import text_of
from actions.tell_us_once import tell_us_once_flow
from bot import clock
from bot.dialogue import conversation, guide
from bot.dialogue.reply import Reply
from bot.dialogue.state import ConversationState


def answer_if_open(tracker: Tracker, state: ConversationState) -> Optional[Reply]:
    """The reply when the message answers the question the assistant asked last, although NLU read it as
    something else ("samboer" as a FAQ question, "nei, ..." as a new life event); None otherwise."""
    return guide.as_answer(state, text_of(tracker), clock.today(), tell_us_once_flow(tracker), tracker.sender_id)


def not_understood(tracker: Tracker, state: ConversationState, use_ranking: bool = True) -> Reply:
    """What to say when a message was not understood: the open question again, with its buttons, when one is
    open; otherwise the two-band fallback (the classifier's guesses only when they are worth offering)."""
    text = text_of(tracker)
    if (state.awaiting or "").startswith(("fact:", "date:")) and text.strip():
        return guide.answer(state, text, "inform", {}, clock.today())
    ranking = ((tracker.latest_message or {}).get("intent_ranking") or []) if use_ranking else []
    return conversation.fallback(state, text, ranking)
