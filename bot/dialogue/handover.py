"""Handing the person over to the agency that owns their current step, not to a switchboard."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from bot.dialogue.formatting import long_date, mid_sentence, status_label
from bot.dialogue.guide import build_plan, catalog, event_buttons
from bot.dialogue.reply import Reply
from bot.dialogue.state import ConversationState
from bot.dialogue.texts import t

SUMMARY_WORDS = {"nb": {"event": "Livshendelse", "done": "Gjort", "nothing": "ingenting ennå", "next": "Neste"},
                 "en": {"event": "Life event", "done": "Done", "nothing": "nothing yet", "next": "Next"}}
WEEKDAYS = {"nb": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}


def _when(moment: datetime, now: datetime, language: str) -> str:
    clock = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return f"i dag kl. {clock}" if language == "nb" else f"today at {clock}"
    day = WEEKDAYS[language][moment.weekday()]
    return (f"{day} {long_date(moment.date(), language)} kl. {clock}" if language == "nb"
            else f"{day} {long_date(moment.date(), language)} at {clock}")


def summary(state: ConversationState, plan, language: str) -> str:
    """A short, pasteable summary of where the person is. No personal data: only the chain and dates."""
    event = catalog().events[state.life_event]
    done = [s.title for s in plan.steps if s.status == "done"]
    open_steps = plan.next_steps(limit=2)
    date_value = state.event_dates.get(event.event_date)
    label = event.date_def(event.event_date).label.get(language)
    label = label[:1].upper() + label[1:]
    words = SUMMARY_WORDS[language]
    parts = [f"{words['event']}: {event.title.get(language)}."]
    if date_value:
        parts.append(f"{label}: {long_date(date.fromisoformat(date_value), language)}.")
    parts.append(f"{words['done']}: " + (", ".join(done) if done else words["nothing"]) + ".")
    if open_steps:
        parts.append(f"{words['next']}: " + ", ".join(f"{s.title} ({status_label(s.status, language)})"
                                                     for s in open_steps) + ".")
    return " ".join(parts)


def handover(state: ConversationState, today: date, now: datetime) -> Reply:
    language = state.language
    if not state.life_events:
        return Reply(state).say(t("handover_general", language), buttons=event_buttons(language),
                                custom={"type": "handover", "agency": None})
    plan = build_plan(state, today)
    current = next((s for s in plan.steps if s.id == state.current_step and s.status != "not_applicable"), None)
    if current is None or current.status in ("done",):
        open_steps = plan.next_steps(limit=1)
        current = open_steps[0] if open_steps else plan.steps[0]
    cat = catalog()
    agency = cat.agencies[current.agency_id]
    is_open = cat.agency_open_at(agency.id, now)
    opens: Optional[datetime] = None if is_open else cat.next_opening(agency.id, now)
    lines = [t("handover_intro", language, agency=mid_sentence(agency.name.get(language), language),
                   step=current.title)]
    if is_open:
        lines.append(t("handover_open", language))
    elif opens:
        lines.append(t("handover_closed", language, opens=_when(opens, now, language)))
    lines.append(t("handover_phone", language, phone=agency.phone) if agency.phone
                 else t("handover_web", language, url=agency.url))
    if agency.chat_url:
        lines.append(t("handover_chat", language, chat=agency.chat_url))
    text_summary = summary(state, plan, language)
    reply = Reply(state.with_(current_step=current.id))
    reply.say(" ".join(lines))
    reply.say(t("handover_summary", language) + "\n\n" + text_summary, custom={
        "type": "handover", "life_event": state.life_event, "step_id": current.id,
        "agency": {"id": agency.id, "name": agency.name.get(language), "phone": agency.phone,
                   "chat_url": agency.chat_url, "url": agency.url},
        "open_now": is_open, "opens_at": opens.isoformat() if opens else None, "summary": text_summary,
    })
    return reply
