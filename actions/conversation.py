"""Small talk, language, fallback, FAQ, handover, start over and delete my data."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher

from actions.adapter import confidence_of, emit, entity, intent_of, state_of, text_of
from actions.open_question import answer_if_open, not_understood, reply_about_a_step
from bot import clock
from bot.dialogue import conversation
from bot.dialogue.handover import handover
from bot.dialogue.reply import Reply
from bot.dialogue.texts import t
from bot.language import requested_language


class ActionSmalltalk(Action):
    def name(self) -> str:
        return "action_smalltalk"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        text, intent = text_of(tracker), intent_of(tracker)
        reply = answer_if_open(tracker, before)
        if reply is None and intent == "out_of_scope" and conversation.beyond_matching(text):
            # "blørk snarf plimp" is not a question we cannot help with, it is one we did not understand
            reply = not_understood(tracker, before, use_ranking=False)
        # "I have got a GP" read as goodbye is still a step done
        reply = reply or reply_about_a_step(before, text)
        if reply is None and intent == "out_of_scope" and confidence_of(tracker) < conversation.REFUSAL_MIN_CONFIDENCE:
            # "jeg lurer på noe om penger" may well be ours: an unsure refusal would turn the person away
            reply = not_understood(tracker, before)
        reply = reply or conversation.smalltalk(before, intent)
        return emit(reply, tracker, dispatcher)


class ActionSwitchLanguage(Action):
    def name(self) -> str:
        return "action_switch_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        wanted = entity(tracker, "language") or requested_language(text_of(tracker))
        return emit(conversation.switch_language(before, wanted), tracker, dispatcher)


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        reply = (answer_if_open(tracker, before) or reply_about_a_step(before, text_of(tracker))
                 or not_understood(tracker, before))
        return emit(reply, tracker, dispatcher)


class ActionFaq(Action):
    def name(self) -> str:
        return "action_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        selector = ((tracker.latest_message or {}).get("response_selector") or {}).get("faq") or {}
        key = (selector.get("response") or {}).get("intent_response_key") or ""
        faq_id = key.split("/", 1)[1] if "/" in key else None
        # "samboer" while we asked about the relationship is an answer, not a question about cohabitants.
        reply = answer_if_open(tracker, before)
        text = text_of(tracker)
        if reply is None and conversation.beyond_matching(text):
            reply = not_understood(tracker, before, use_ranking=False)
        reply = reply or reply_about_a_step(before, text)
        if reply is None and faq_id and selector.get("response", {}).get("confidence", 1.0) < \
                conversation.FAQ_ANSWER_MIN_CONFIDENCE:
            reply = not_understood(tracker, before)
        reply = reply or conversation.faq(before, faq_id)
        return emit(reply, tracker, dispatcher)


class ActionHandover(Action):
    def name(self) -> str:
        return "action_handover"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        moment = clock.now()
        return emit(handover(before, moment.date(), moment), tracker, dispatcher)


class ActionRestart(Action):
    """Overrides Rasa's default action_restart so that the person is told what happened."""

    def name(self) -> str:
        return "action_restart"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        emit(Reply(before).say(t("restarted", before.language), custom={"type": "restarted"}), tracker, dispatcher)
        return [Restarted()]


class ActionDeleteData(Action):
    """Confirms deletion; the tracker store (bot/rasa_plugins/tracker_store.py) removes the conversation when it
    sees that this action ran, so nothing of it is stored afterwards."""

    def name(self) -> str:
        return "action_delete_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        emit(Reply(before).say(t("deleted", before.language), custom={"type": "deleted"}), tracker, dispatcher)
        return [Restarted()]
