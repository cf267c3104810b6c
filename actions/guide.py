"""Actions for a life event's chain: start, personalise, what now, done, why, status."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.adapter import checker_for, emit, entity, intent_of, state_of, text_of
from actions.open_question import answer_if_open, answer_unless_a_step_is_named, not_understood, reply_about_a_step
from actions.tell_us_once import tell_us_once_flow
from bot import clock
from bot.dialogue import conversation, guide
from bot.dialogue.reply import Reply
from bot.dialogue.guide import EVENT_FOR_INTENT
from bot.dialogue.vocabulary import knows_any_word


# How sure NLU must be of a life event before an answer-like message without an open question starts it, and
# how long such a message may be (a long text of nonsense is not a life event).
LIFE_EVENT_GUESS = 0.3
LIFE_EVENT_GUESS_MAX_LENGTH = 300


def likeliest_life_event(tracker: Tracker):
    if len(text_of(tracker)) > LIFE_EVENT_GUESS_MAX_LENGTH:
        return None
    for ranked in (tracker.latest_message or {}).get("intent_ranking") or []:
        if ranked.get("name") in EVENT_FOR_INTENT and ranked.get("confidence", 0) >= LIFE_EVENT_GUESS:
            return EVENT_FOR_INTENT[ranked["name"]]
    return None


class ActionStartLifeEvent(Action):
    def name(self) -> str:
        return "action_start_life_event"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        text, today = text_of(tracker), clock.today()
        life_event = EVENT_FOR_INTENT[intent_of(tracker)]
        # "3. november" while we asked for the date of death, or "arbeid" while we asked why the person came to
        # Norway, is an answer, not a new life event.
        reply = answer_if_open(tracker, before)
        if reply is None and not knows_any_word(text):
            # "blørk snarf plimp": not one word we know, whatever the classifier guessed.
            reply = not_understood(tracker, before, use_ranking=False)
        if reply is None and life_event in before.life_events:
            # "hvorfor må jeg søke om oppholdstillatelse" in the new-in-Norway chain is about a step of it
            reply = reply_about_a_step(before, text)
        if reply is None:
            reply = guide.start_life_event(before, life_event, text, today, checker_for(tracker))
        return emit(reply, tracker, dispatcher)


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        if not before.awaiting and not before.life_events:
            # "I was laid off" read as an answer while nothing was asked: take the likeliest life event instead.
            life_event = likeliest_life_event(tracker)
            if life_event:
                reply = guide.start_life_event(before, life_event, text_of(tracker), clock.today(),
                                               checker_for(tracker))
            elif guide.yes_or_no(text_of(tracker)) is None:
                # Not a plain yes or no, no question open, nothing happened yet (emoji, empty, a long text):
                # this was not understood.
                ranking = (tracker.latest_message or {}).get("intent_ranking") or []
                reply = conversation.fallback(before, text_of(tracker), ranking)
            else:
                reply = guide.answer(before, text_of(tracker), intent_of(tracker), {}, clock.today())
            return emit(reply, tracker, dispatcher)
        entities = {"fact_value": entity(tracker, "fact_value")}
        reply = guide.answer(before, text_of(tracker), intent_of(tracker), entities, clock.today(),
                             tracker.sender_id, tell_us_once_flow(tracker))
        return emit(reply, tracker, dispatcher)


def start_likeliest_if_none(tracker: Tracker, before) -> Optional[Reply]:
    """With no life event yet, a message like "I have set up the company in the register" (read as step done)
    starts the likeliest life event instead of asking what happened."""
    if before.life_events:
        return None
    life_event = likeliest_life_event(tracker)
    if life_event is None:
        return None
    return guide.start_life_event(before, life_event, text_of(tracker), clock.today(), checker_for(tracker))


class ActionWhatNext(Action):
    def name(self) -> str:
        return "action_what_next"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        reply = start_likeliest_if_none(tracker, before) or guide.what_next(before, clock.today())
        return emit(reply, tracker, dispatcher)


class ActionStepDone(Action):
    def name(self) -> str:
        return "action_step_done"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        reply = answer_unless_a_step_is_named(tracker, before) or start_likeliest_if_none(tracker, before) or \
            guide.step_done(before, text_of(tracker), entity(tracker, "step_id"), clock.today())
        return emit(reply, tracker, dispatcher)


class ActionExplainWhy(Action):
    def name(self) -> str:
        return "action_explain_why"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        reply = start_likeliest_if_none(tracker, before) or guide.explain_why(
            before, text_of(tracker), entity(tracker, "step_id"), clock.today())
        return emit(reply, tracker, dispatcher)


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        reply = answer_unless_a_step_is_named(tracker, before) or start_likeliest_if_none(tracker, before) or \
            guide.check_status(before, clock.today(), checker_for(tracker))
        return emit(reply, tracker, dispatcher)
