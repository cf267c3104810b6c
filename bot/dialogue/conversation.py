"""Small talk, language switching, fallback and FAQ answers."""
from __future__ import annotations

import re
from typing import Any, Optional

from bot.dialogue.guide import EVENT_FOR_INTENT, LONG_MESSAGE, event_buttons
from bot.dialogue.reply import Reply, button
from bot.dialogue.state import ConversationState
from bot.dialogue.texts import intent_label, offerable_intents, t
from bot.dialogue.vocabulary import knows_any_word

# Below this confidence of the likeliest intent we do not even guess (second band: rephrase or a person).
GUESS_THRESHOLD = 0.25
# Below this confidence of the FAQ selector (bot/rasa_plugins/faq_selector.py), no FAQ question matched: held out,
# 0.92 of FAQ questions are picked right with 0.2 or more, while vague messages ("jeg lurer på noe om penger") scored
# 0.00-0.09 (0.26 in the model trained on all examples: docs/nlu.md, "The FAQ selector"). Then we ask instead of
# answering a question nobody asked.
FAQ_ANSWER_MIN_CONFIDENCE = 0.2
# Below this confidence of out_of_scope we ask to rephrase rather than say "that is not something I help with":
# a refusal sends the person away, so it must be surer than a guess (which needs 0.4, config.yml).
REFUSAL_MIN_CONFIDENCE = 0.5
_LETTER = re.compile(r"[^\W\d_]")


def has_letters(text: str) -> bool:
    """False for emoji, punctuation or numbers only: there is no wording to read a meaning from."""
    return _LETTER.search(text or "") is not None


def beyond_matching(text: str) -> bool:
    """A very long message, one without a word we know, or one without a letter ("🙂🙂🙂"): no answer or refusal
    can be matched to it with confidence, whatever the classifier guessed."""
    return len(text) > LONG_MESSAGE or not knows_any_word(text) or not has_letters(text)


def smalltalk(state: ConversationState, intent: str) -> Reply:
    language = state.language
    reply = Reply(state)
    if intent == "out_of_scope":
        # Belongs to no life event: no life_event in the payload.
        return reply.say(t("out_of_scope", language), buttons=event_buttons(language),
                         custom={"type": "out_of_scope"})
    if intent == "greet":
        return reply.say(t("greet", language), buttons=event_buttons(language), custom={"type": "greeting"})
    key = {"thanks": "thanks", "goodbye": "goodbye", "bot_challenge": "bot_challenge"}[intent]
    return reply.say(t(key, language), custom={"type": key})


def switch_language(state: ConversationState, wanted: Optional[str]) -> Reply:
    language = wanted if wanted in ("nb", "en") else ("en" if state.language == "nb" else "nb")
    state = state.with_(language=language)
    custom: dict[str, Any] = {"type": "language", "language": language}
    if state.life_event:
        custom["life_event"] = state.life_event
    return Reply(state).say(t("language_switched", language), custom=custom)


def fallback(state: ConversationState, text: str, ranking: list[dict[str, Any]]) -> Reply:
    """Two bands: a medium guess offers the two likeliest meanings and "something else"; a poor one asks to
    rephrase and offers a person."""
    language = state.language
    stripped = (text or "").strip()
    custom: dict[str, Any] = {"type": "fallback"}
    if state.life_event:
        custom["life_event"] = state.life_event
    if not stripped:
        return Reply(state).say(t("empty_message", language), buttons=event_buttons(language),
                                custom={**custom, "band": "empty"})
    # Only meanings a person would recognise as a choice ("A death and the inheritance"), not "affirm" or "inform".
    candidates = [r for r in ranking if r.get("name") in offerable_intents()]
    # emoji or numbers only: nothing to guess from
    if (candidates and candidates[0].get("confidence", 0) >= GUESS_THRESHOLD and len(stripped) <= LONG_MESSAGE
            and has_letters(stripped)):
        top = candidates[:2]
        buttons = [button(intent_label(r["name"], language), f"/{r['name']}") for r in top]
        buttons.append(button(t("fallback_something_else", language), "/nlu_fallback"))
        return Reply(state).say(t("fallback_did_you_mean", language), buttons=buttons, custom={
            **custom, "band": "medium", "choices": [r["name"] for r in top]})
    prefix = t("long_message", language) + " " if len(stripped) > LONG_MESSAGE else ""
    return Reply(state).say(prefix + t("fallback_rephrase", language),
                            buttons=[button(t("talk_to_person", language), "/human_handover")],
                            custom={**custom, "band": "low"})


def faq(state: ConversationState, faq_id: Optional[str]) -> Reply:
    from bot.faq import answer as faq_answer

    language = state.language
    found = None
    if faq_id:
        try:
            found = faq_answer(faq_id, language)
        except KeyError:
            found = None
    if found is None:
        custom: dict[str, Any] = {"type": "faq_answer", "faq_id": None}
        if state.life_event:
            custom["life_event"] = state.life_event
        return Reply(state).say(t("faq_unknown", language), custom=custom)
    text = found.text + "\n\n" + t("faq_source", language, title=found.source_title, url=found.source_url)
    new_state = state.with_(current_step=found.step or state.current_step)
    return Reply(new_state).say(text, custom={
        "type": "faq_answer", "life_event": found.life_event, "faq_id": found.id, "step_id": found.step,
        "source": {"title": found.source_title, "url": found.source_url}})


def is_life_event_intent(intent: str) -> bool:
    return intent in EVENT_FOR_INTENT
