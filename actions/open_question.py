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


def answer_unless_a_step_is_named(tracker: Tracker, state: ConversationState) -> Optional[Reply]:
    """For a message NLU read as a step done or a status question: the answer to the open question when it is one
    and names no step ("i går" while we asked for a date is that date), None otherwise ("jeg søkte pleiepenger i
    går" is a step done, even while a date is asked)."""
    if guide.step_named(state, text_of(tracker)):
        return None
    return answer_if_open(tracker, state)


def not_understood(tracker: Tracker, state: ConversationState, use_ranking: bool = True) -> Reply:
    """What to say when a message was not understood: the open question again, with its buttons, when one is
    open; otherwise the two-band fallback (the classifier's guesses only when they are worth offering)."""
    text = text_of(tracker)
    if (state.awaiting or "").startswith(("fact:", "date:")) and text.strip():
        return guide.answer(state, text, "inform", {}, clock.today())
    ranking = ((tracker.latest_message or {}).get("intent_ranking") or []) if use_ranking else []
    return conversation.fallback(state, text, ranking)


def reply_about_a_step(state: ConversationState, text: str) -> Optional[Reply]:
    """Inside a life event, a why-question or a done-report that names a step of the person's chain ("hvorfor må
    jeg søke pleiepenger", "we have held the founding meeting") is about that step, whatever else NLU read."""
    why = guide.step_named_in_why_question(state, text)
    if why:
        return guide.explain_why(state, text, why, clock.today())
    done = guide.step_reported_done(state, text)
    if done:
        return guide.step_done(state, text, done, clock.today())
    return None
