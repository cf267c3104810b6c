"""The check every understanding-dependent action makes first: is this message an answer to our open question?"""
from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker

from actions.adapter import text_of
from actions.tell_us_once import tell_us_once_flow
from bot import clock
from bot.dialogue import guide
from bot.dialogue.reply import Reply
from bot.dialogue.state import ConversationState


def answer_if_open(tracker: Tracker, state: ConversationState) -> Optional[Reply]:
    """The reply when the message answers the question the assistant asked last, although NLU read it as
    something else ("samboer" as a FAQ question, "nei, ..." as a new life event); None otherwise."""
    return guide.as_answer(state, text_of(tracker), clock.today(), tell_us_once_flow(tracker), tracker.sender_id)
