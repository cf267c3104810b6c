"""Guiding a person through their chain: present it, personalise it, what now, why, done, status.

Every function takes the person's state and returns a Reply (messages + new state). Nothing here knows Rasa.
Agency look-ups come in through a StatusChecker, so the same code runs against the mock agencies, a real
integration, or none.
"""
from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any, Optional

from bot.chains import load_catalog, make_plan, next_question, service_chain_payload
from bot.chains import find_step as find_step_in_catalog
from bot.dates import parse_event_date
from bot.dialogue.formatting import long_date, mid_sentence, step_line
from bot.dialogue.reply import Reply, button
from bot.dialogue.state import ConversationState
from bot.dialogue.status import StatusChecker, observe
from bot.dialogue.texts import t

INTENT_FOR_EVENT = {
    "having-a-child": "event_having_a_child",
    "seriously-ill-child": "event_seriously_ill_child",
    "job-loss": "event_job_loss",
    "new-in-norway": "event_new_in_norway",
    "starting-a-business": "event_starting_a_business",
    "death-and-inheritance": "event_death_and_inheritance",
    "voluntary-organisation": "event_voluntary_organisation",
}
EVENT_FOR_INTENT = {intent: event for event, intent in INTENT_FOR_EVENT.items()}
# A message longer than this is not read in full: NLU sees its beginning, and a guess at it is not offered.
LONG_MESSAGE = 2000
YES_WORDS = {"ja", "jo", "japp", "jepp", "gjerne", "yes", "yeah", "yep", "sure", "ok", "okay", "y", "j", "stemmer",
             "riktig", "correct", "true", "yes please"}
NO_WORDS = {"nei", "nope", "no", "n", "false", "no thanks", "nei takk"}


def catalog():
    return load_catalog()


def _event(life_event: str):
    return catalog().events[life_event]


def build_plan(state: ConversationState, today: date, observed: Optional[dict[str, str]] = None):
    """The person's plan; agency statuses from the last look-up are kept unless newer ones are given."""
    # The person's own "I have done it" is newer than what an agency said before.
    observed = {k: v for k, v in {**state.observed, **(observed or {})}.items() if k not in state.done_steps}
    return make_plan(
        catalog(),
        life_events=list(state.life_events),
        facts=dict(state.facts),
        dates=state.dates(),
        done=set(state.done_steps),
        today=today,
        language=state.language,
        observed=observed,
    )


def chain_payload(state: ConversationState, plan, notes: Optional[dict[str, str]] = None) -> dict[str, Any]:
    payload = service_chain_payload(catalog(), plan, life_event=state.life_event, language=state.language)
    if notes:
        for step in payload.get("steps", []):
            if step["id"] in notes:
                step["check_note"] = notes[step["id"]]
                step["checked"] = False
    return payload


def _chain_summary(plan, payload: dict[str, Any], language: str, limit: int = 3) -> str:
    """The readable text next to a service_chain payload: the next open steps of that life event, numbered as in
    the payload (for channels that cannot show the checklist)."""
    positions = {step["id"]: step["position"] for step in payload.get("steps", [])}
    open_steps = [s for s in plan.next_steps(limit=len(plan.steps)) if s.id in positions][:limit]
    lines = [t("next_steps_header", language)] + [step_line(s, language, positions[s.id]) for s in open_steps]
    return "\n".join(lines) if open_steps else t("nothing_left", language)


def _say_chain(reply: Reply, state: ConversationState, plan, notes: Optional[dict[str, str]] = None,
               lead: Optional[str] = None) -> None:
    payload = chain_payload(state, plan, notes)
    summary = _chain_summary(plan, payload, state.language)
    reply.say(f"{lead}\n\n{summary}" if lead else summary, custom=payload)


# --- starting a life event ------------------------------------------------------------------------------------

def start_life_event(state: ConversationState, life_event: str, text: str, today: date,
                     checker: Optional[StatusChecker]) -> Reply:
    """The first answer to a life event: a humane sentence, the chain at once, then the offer to personalise."""
    event = _event(life_event)
    life_events = tuple(e for e in state.life_events if e != life_event) + (life_event,)
    event_dates = dict(state.event_dates)
    if event.event_date not in event_dates:
        when = parse_event_date(text or "", today, state.language)
        if when is not None:
            event_dates[event.event_date] = when.isoformat()
    state = with_date_implications(
        state.with_(life_events=life_events, event_dates=event_dates, awaiting="personalise", consents={}), today)
    plan = build_plan(state, today)
    seen = observe(plan.steps, checker, state.language)
    observed, notes = seen.observed, seen.notes
    if observed:
        state = state.with_(observed={**state.observed, **observed})
        plan = build_plan(state, today)
    reply = Reply(state)
    lead = event.intro.get(state.language)
    if len(text or "") > LONG_MESSAGE:
        # NLU reads only the beginning of a long message (bot/rasa_plugins/tokenizer.py): say so.
        lead = f"{t('long_message_read', state.language)} {lead}"
    _say_chain(reply, state, plan, notes, lead=lead)
    if notes:
        agencies = sorted({s.agency_name for s in plan.steps if s.id in notes})
        names = ", ".join(mid_sentence(name, state.language) for name in agencies)
        reply.say(t("status_unavailable_some", state.language, agencies=names),
                  custom={"type": "status", "life_event": life_event, "checked": False,
                          "results": [{"step_id": step_id, "checked": False} for step_id in notes]})
    reply.say(
        t("personalise_offer", state.language),
        buttons=[button(t("personalise_yes", state.language), "/personalise"),
                 button(t("personalise_no", state.language), "/deny")],
        custom={"type": "personalise_offer", "life_event": life_event},
    )
    return reply


# --- personalisation ------------------------------------------------------------------------------------------

def with_date_implications(state: ConversationState, today: date) -> ConversationState:
    """Adds the facts that known past dates imply (data/chains: `past_implies`), unless the person said otherwise."""
    facts = dict(state.facts)
    for life_event in state.life_events:
        for date_def in _event(life_event).dates:
            when = state.dates().get(date_def.id)
            if when is not None and when <= today:
                for fact_id, value in date_def.past_implies.items():
                    facts.setdefault(fact_id, value)
    return state if facts == state.facts else state.with_(facts=facts)


def _next_open_question(state: ConversationState):
    """("date", DateDef) for the event's own date while unknown, then ("fact", FactDef) from the catalog."""
    if state.life_event:
        event = _event(state.life_event)
        if event.event_date not in state.event_dates and f"date:{event.event_date}" not in state.skipped_facts:
            return "date", event.date_def(event.event_date)
    fact = next_question(catalog(), list(state.life_events), dict(state.facts), set(state.skipped_facts))
    return ("fact", fact) if fact is not None else (None, None)


def ask_next(state: ConversationState, today: date, reply: Optional[Reply] = None) -> Reply:
    """Asks the next personalisation question, or, when none is left, shows the personal chain."""
    state = with_date_implications(state, today)
    kind, item = _next_open_question(state)
    language = state.language
    if kind is None:
        state = state.with_(awaiting=None)
        reply = reply or Reply(state)
        reply.state = state
        plan = build_plan(state, today)
        _say_chain(reply, state, plan, lead=t("personalise_done", language))
        return reply
    skip = button(t("skip_button", language), "/skip")
    if kind == "date":
        state = state.with_(awaiting=f"date:{item.id}")
        buttons = [skip]
    else:
        state = state.with_(awaiting=f"fact:{item.id}")
        buttons = [button(v.label.get(language), '/inform{"fact_value": "%s"}' % v.id) for v in item.values] + [skip]
    reply = reply or Reply(state)
    reply.state = state
    reply.say(item.question.get(language), buttons=buttons,
              custom={"type": "personalise_question", "life_event": state.life_event, "fact": item.id,
                      "kind": kind})
    return reply


def _interpret_fact(fact, text: str, intent: Optional[str], value: Optional[str]) -> Any:
    """The value the person gave for a fact, or None when it cannot be understood."""
    if fact.type == "bool":
        if value in ("yes", "true", True) or intent == "affirm":
            return True
        if value in ("no", "false", False) or intent == "deny":
            return False
        return yes_or_no(text)
    ids = [v.id for v in fact.values]
    if value in ids:
        return value
    lowered = " " + re.sub(r"[^\w]+", " ", (text or "").lower()).strip() + " "
    if not lowered.strip():
        return None
    # Longest match wins, so "mannen min" (spouse) beats "min"-less keywords of other values.
    best, best_length = None, 0
    single_words: list[tuple[str, str]] = []
    for v in fact.values:
        labels = [v.label.nb, v.label.en]
        # "Sole proprietorship (ENK)" is also matched without its parenthesis.
        labels += [re.sub(r"\(.*?\)", " ", label) for label in labels if "(" in label]
        phrases = [*labels, v.id.replace("_", " ").replace("-", " "), *v.keywords]
        for phrase in phrases:
            phrase = " " + re.sub(r"[^\w]+", " ", phrase.lower()).strip() + " "
            if phrase.strip() and (phrase in lowered or lowered == phrase) and len(phrase) > best_length:
                best, best_length = v.id, len(phrase)
            single_words += [(word, v.id) for word in phrase.split() if len(word) >= 5]
    if best is None:
        # A typo of one word ("ektefele", "samboar") still counts when it is close to exactly one value's word.
        close = {value for word in lowered.split() if len(word) >= 5 for known, value in single_words
                 if difflib.SequenceMatcher(None, word, known).ratio() >= 0.85}
        if len(close) == 1:
            best = close.pop()
    return best


def yes_or_no(text: str) -> Optional[bool]:
    """True/False when the text starts with a clear yes or no ("nei, hun skrev ikke testament"), else None."""
    words = re.sub(r"[^\w\s]", " ", (text or "").lower()).split()
    if not words:
        return None
    if words[0] in YES_WORDS or " ".join(words[:2]) in YES_WORDS:
        return True
    if words[0] in NO_WORDS or " ".join(words[:2]) in NO_WORDS:
        return False
    return None


def could_be_answer(state: ConversationState, text: str, today: date) -> bool:
    """Whether a message that NLU took for something else is a usable answer to the open question."""
    if not state.awaiting or not text or text.startswith("/"):
        return False
    if state.awaiting.startswith("date:"):
        return parse_event_date(text, today, state.language) is not None
    if state.awaiting.startswith("fact:") and state.life_events:
        fact = _find_fact(state, state.awaiting[5:])
        return fact is not None and _interpret_fact(fact, text, None, None) is not None
    if state.awaiting == "personalise" or state.awaiting.startswith("tuo"):
        return yes_or_no(text) is not None
    return False


def as_answer(state: ConversationState, text: str, today: date, tell_us_once=None,
              conversation_id: str = "") -> Optional[Reply]:
    """The reply to `text` as an answer to the open question, when NLU took it for something else but it is a
    usable answer ("3. november" while we asked for the date of death, "samboer" read as a question); None
    otherwise."""
    if not could_be_answer(state, text, today):
        return None
    verdict = yes_or_no(text)
    intent = "inform" if verdict is None else ("affirm" if verdict else "deny")
    return answer(state, text, intent, {}, today, tell_us_once=tell_us_once, conversation_id=conversation_id)


def _find_fact(state: ConversationState, fact_id: str):
    for life_event in state.life_events:
        try:
            return _event(life_event).fact(fact_id)
        except KeyError:
            continue
    return None


def answer(state: ConversationState, text: str, intent: str, entities: dict[str, Any], today: date,
           conversation_id: str = "", tell_us_once=None) -> Reply:
    """Handles yes / no / skip / an answer, according to what the assistant asked last."""
    awaiting = state.awaiting or ""
    language = state.language
    if awaiting.startswith("tuo") and tell_us_once is not None:
        return tell_us_once.answer(state, intent, text, conversation_id)
    if awaiting == "personalise" or (intent == "personalise" and state.life_events):
        if intent in ("affirm", "personalise"):
            return ask_next(state, today)
        state = state.with_(awaiting=None)
        return Reply(state).say(t("personalise_declined", language),
                                custom={"type": "personalise_declined", "life_event": state.life_event})
    if awaiting.startswith("date:"):
        date_id = awaiting[5:]
        if intent == "skip":
            return ask_next(state.with_(skipped_facts=state.skipped_facts + (f"date:{date_id}",)), today)
        when = parse_event_date(text or "", today, language)
        if when is None:
            return Reply(state).say(t("date_not_understood", language),
                                    buttons=[button(t("skip_button", language), "/skip")],
                                    custom={"type": "personalise_question", "life_event": state.life_event,
                                            "fact": date_id, "kind": "date", "understood": False})
        return ask_next(state.with_(event_dates={**state.event_dates, date_id: when.isoformat()}), today)
    if awaiting.startswith("fact:"):
        fact_id = awaiting[5:]
        fact = _find_fact(state, fact_id)
        if intent == "skip" or fact is None:
            return ask_next(state.with_(skipped_facts=state.skipped_facts + (fact_id,)), today)
        value = _interpret_fact(fact, text, intent, entities.get("fact_value"))
        if value is None:
            buttons = [button(v.label.get(language), '/inform{"fact_value": "%s"}' % v.id) for v in fact.values]
            return Reply(state).say(t("answer_not_understood", language),
                                    buttons=buttons + [button(t("skip_button", language), "/skip")],
                                    custom={"type": "personalise_question", "life_event": state.life_event,
                                            "fact": fact_id, "kind": "fact", "understood": False})
        return ask_next(state.with_(facts={**state.facts, fact_id: value}), today)
    # Nothing was asked: a bare yes/no/ok is taken as "what now?".
    if state.life_events:
        return what_next(state, today)
    return ask_for_life_event(state)


def ask_for_life_event(state: ConversationState) -> Reply:
    """Nothing to work on yet: ask what has happened, with a button per life event (no life_event payload)."""
    return Reply(state).say(t("no_event_yet", state.language), buttons=event_buttons(state.language),
                            custom={"type": "which_event"})


def event_buttons(language: str) -> list[dict[str, str]]:
    from bot.dialogue.texts import intent_label
    return [button(intent_label(intent, language), f"/{intent}") for intent in INTENT_FOR_EVENT.values()]


# --- progress -------------------------------------------------------------------------------------------------

def what_next(state: ConversationState, today: date) -> Reply:
    language = state.language
    if not state.life_events:
        return ask_for_life_event(state)
    plan = build_plan(state, today)
    open_steps = plan.next_steps(limit=3)
    state = state.with_(current_step=open_steps[0].id if open_steps else state.current_step)
    reply = Reply(state)
    if not open_steps:
        return reply.say(t("nothing_left", language), custom={"type": "next_steps", "life_event": state.life_event,
                                                              "steps": []})
    lines = [t("next_steps_header", language)]
    for step in open_steps:
        lines.append(step_line(step, language))
    reply.say("\n".join(lines), custom={
        "type": "next_steps", "life_event": state.life_event,
        "steps": [{"id": s.id, "title": s.title, "due": s.due.isoformat() if s.due else None,
                   "agency": {"id": s.agency_id, "name": s.agency_name}} for s in open_steps],
    })
    return reply


def _match_step(state: ConversationState, text: str, step_id: Optional[str]) -> Optional[str]:
    known = {s.id for e in state.life_events for s in _event(e).steps}
    if step_id and step_id in known:
        return step_id
    if text and not text.startswith("/"):
        return find_step_in_catalog(catalog(), list(state.life_events), text, state.language)
    return None


# "hvorfor må jeg søke pleiepenger" and "we have held the founding meeting" share their words with FAQ questions,
# and NLU may read them so. Inside a life event, a why-question or a report of something done that names a step
# of the person's own chain is about that step.
_WHY = re.compile(r"^\W*(hvorfor|kvifor|korfor|why)\b", re.IGNORECASE)
_DONE = re.compile(r"^\W*(?:(?:jeg|eg|vi|me)\s+(?:har|hev)|(?:i|we)(?:'ve|\s+have))\s+(?:nå\s+|no\s+|now\s+|just\s+|"
                   r"allerede\s+|already\s+)?(?:\w+(?:t|et|dd|d|tt|de|ed|en|ne|wn|ht|id|lt)|held|sent|got|made|"
                   r"paid|done|gjort|fått|gått|tatt|hatt)\b", re.IGNORECASE)
_QUESTION = re.compile(r"\?|\b(hva|hvordan|når|hvor|kva|korleis|kor|kan jeg|må jeg|får jeg|skal jeg|what|how|"
                       r"when|where|can i|do i|must i|will i|should i)\b", re.IGNORECASE)


def step_named_in_why_question(state: ConversationState, text: str) -> Optional[str]:
    if state.life_events and text and _WHY.search(text):
        return _match_step(state, text, None)
    return None


def step_named(state: ConversationState, text: str) -> Optional[str]:
    """The step of the person's chain that a message names in words ("jeg har søkt pleiepenger"), if any."""
    return _match_step(state, text, None) if state.life_events else None


def step_reported_done(state: ConversationState, text: str) -> Optional[str]:
    if state.life_events and text and _DONE.search(text) and not _QUESTION.search(text):
        return _match_step(state, text, None)
    return None


def step_done(state: ConversationState, text: str, step_id: Optional[str], today: date) -> Reply:
    language = state.language
    if not state.life_events:
        return ask_for_life_event(state)
    found = _match_step(state, text, step_id)
    plan = build_plan(state, today)
    if found is None:
        choices = [s for s in plan.steps if s.status == "todo"][:8]
        return Reply(state).say(
            t("step_done_which", language),
            buttons=[button(s.title, '/step_done{"step_id": "%s"}' % s.id) for s in choices],
            custom={"type": "step_done_question", "life_event": state.life_event},
        )
    done = state.done_steps if found in state.done_steps else state.done_steps + (found,)
    state = state.with_(done_steps=done, current_step=found)
    plan = build_plan(state, today)
    title = next((s.title for s in plan.steps if s.id == found), found)
    reply = Reply(state)
    _say_chain(reply, state, plan, lead=t("step_done_ok", language, step=title))
    return reply


def explain_why(state: ConversationState, text: str, step_id: Optional[str], today: date) -> Reply:
    language = state.language
    if not state.life_events:
        return ask_for_life_event(state)
    plan = build_plan(state, today)
    wanted = _match_step(state, text, step_id) or state.current_step
    step = next((s for s in plan.steps if s.id == wanted), None)
    if step is None:
        open_steps = plan.next_steps(limit=1)
        step = open_steps[0] if open_steps else (plan.steps[0] if plan.steps else None)
    if step is None:
        return Reply(state).say(t("nothing_left", language))
    lines = [t("why_step", language, step=step.title, why=step.why)]
    if step.due:
        lines.append(t("due_line", language, due=long_date(step.due, language)))
    if getattr(step, "what", None):
        lines.append(step.what)
    state = state.with_(current_step=step.id)
    return Reply(state).say(" ".join(lines), custom={
        "type": "explanation", "life_event": state.life_event, "step_id": step.id, "url": step.url})


def check_status(state: ConversationState, today: date, checker: Optional[StatusChecker]) -> Reply:
    language = state.language
    if not state.life_events:
        return ask_for_life_event(state)
    plan = build_plan(state, today)
    checkable = [s for s in plan.steps if s.status_check]
    if not checkable:
        return Reply(state).say(t("status_none", language),
                                custom={"type": "status", "life_event": state.life_event, "results": []})
    seen = observe(plan.steps, checker, language)
    observed, notes, details = seen.observed, seen.notes, seen.details
    lines = [t("status_header", language)]
    items = []
    for step in checkable:
        if step.id in notes:
            lines.append("- " + notes[step.id])
            items.append({"step_id": step.id, "checked": False})
        elif step.id in details:
            lines.append("- " + details[step.id]["summary"])
            items.append({"step_id": step.id, "checked": True, "status": details[step.id]["status"],
                          "case_id": details[step.id].get("case_id")})
    state = state.with_(observed={**state.observed, **observed})
    plan = build_plan(state, today)
    reply = Reply(state)
    reply.say("\n".join(lines), custom={"type": "status", "life_event": state.life_event, "results": items})
    _say_chain(reply, state, plan, notes)
    return reply
