"""What the rest of Veiviser calls: the reply payload, the next personalisation question, matching a step."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from .loader import Catalog
from .models import DateDef, FactDef
from .planner import Plan, _lang, make_plan


def service_chain_payload(
    catalog: Catalog,
    plan: Plan,
    life_event: Optional[str] = None,
    language: Optional[str] = None,
) -> Dict[str, Any]:
    """The guide's `service_chain` custom payload for one life event of the plan (positions renumbered 1..n)."""
    life_event = life_event or plan.life_events[0]
    lang = _lang(language or plan.language)
    event = catalog.events[life_event]
    event_date = plan.event_dates.get(life_event)
    steps = []
    for s in plan.steps:
        if life_event not in s.life_events:
            continue
        steps.append(
            {
                "id": s.id,
                "position": len(steps) + 1,
                "title": s.title,
                "agency": {"id": s.agency_id, "name": s.agency_name},
                "action": s.action,
                "status": s.status,
                "due": s.due.isoformat() if s.due else None,
                "why": s.why,
                "url": s.url,
                "what": s.what,
                "pending_facts": list(s.pending_facts),
                "documents": list(s.documents),
                "depends_on": list(s.depends_on),
                "status_check": s.status_check,
                "verify": s.verify,
                "due_estimated": s.due_estimated,
                "also_in": [e for e in s.life_events if e != life_event],
            }
        )
    own_ids = {st.id for st in event.steps} | {catalog.canonical.get((life_event, st.id)) for st in event.steps}
    return {
        "type": "service_chain",
        "life_event": life_event,
        "language": lang,
        "title": event.title.get(lang),
        "intro": event.intro.get(lang),
        "event_date": event_date.isoformat() if event_date else None,
        "steps": steps,
        "excluded": [{"id": x.id, "title": x.title, "why": x.reason} for x in plan.excluded if x.id in own_ids],
    }


def next_question(
    catalog: Catalog,
    life_events: Sequence[str] | str,
    facts: Optional[Mapping[str, Any]] = None,
    skipped: Optional[Iterable[str]] = None,
) -> Optional[FactDef]:
    """The next fact worth asking: one that still decides whether some step applies, in the order the chain
    files declare their facts. None when no unknown fact changes the plan."""
    if isinstance(life_events, str):
        life_events = [life_events]
    facts = dict(facts or {})
    skipped = set(skipped or ())
    plan = make_plan(catalog, life_events, facts=facts, today=date(2000, 1, 1))
    pending = set()
    for s in plan.steps:
        pending.update(s.pending_facts)
    for eid in plan.life_events:
        for fact in catalog.events[eid].facts:
            if fact.id in pending and fact.id not in facts and fact.id not in skipped:
                return fact
    return None


def missing_dates(catalog: Catalog, life_events: Sequence[str] | str, dates: Optional[Mapping[str, date]] = None) -> List[DateDef]:
    """Named dates still unknown that some step's deadline counts from (and that no known fallback covers)."""
    if isinstance(life_events, str):
        life_events = [life_events]
    dates = dates or {}
    out: List[DateDef] = []
    for eid in life_events:
        event = catalog.events[eid]
        used = {s.deadline.anchor for s in event.steps if s.deadline} | {event.event_date}
        for d in event.dates:
            if d.id in used and d.id not in dates and not (d.fallback and d.fallback in dates) and d not in out:
                out.append(d)
    return out


_WORD = re.compile(r"[a-zæøå0-9]+")
_STOP = {
    "nb": set("jeg har vi en et det den de og i på til for av med om å er som meg min mitt mine oss vår nå "
              "skal kan vil må ha hatt gjort blitt fått sendt søkt bestilt allerede".split()),
    "en": set("i have we a an the and to for of on in with is are my our me has had done been already now "
              "just applied sent booked ordered got".split()),
}


def _tokens(text: str) -> List[str]:
    text = unicodedata.normalize("NFC", text.lower())
    return _WORD.findall(text)


def _stem(word: str) -> str:
    for suffix in ("ene", "ens", "en", "et", "er", "ing", "ed", "es", "s", "a", "e"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def find_step(catalog: Catalog, life_events: Sequence[str] | str, text: str, language: str = "nb") -> Optional[str]:
    """Match a person's words to a step id, using the `keywords:` lists of each step (both languages: people
    mix them) and the words of its title. Returns None when nothing matches well enough."""
    if isinstance(life_events, str):
        life_events = [life_events]
    lang = _lang(language)
    tokens = _tokens(text)
    stems = {_stem(t) for t in tokens if t not in _STOP[lang]}
    joined = " " + " ".join(tokens) + " "
    best, best_score = None, 0.0
    for eid in life_events:
        event = catalog.events.get(eid)
        if event is None:
            continue
        for step in event.steps:
            score = 0.0
            for kw_lang in (lang, "en" if lang == "nb" else "nb"):
                weight = 1.0 if kw_lang == lang else 0.8
                for kw in getattr(step.keywords, kw_lang):
                    kw_tokens = _tokens(kw)
                    if not kw_tokens:
                        continue
                    if " " + " ".join(kw_tokens) + " " in joined:
                        score = max(score, 3.0 * weight * len(kw_tokens) ** 0.5)
                    elif len(kw_tokens) == 1 and _stem(kw_tokens[0]) in stems:
                        score = max(score, 2.5 * weight)
            title_words = {_stem(w) for w in _tokens(step.title.get(lang)) if w not in _STOP[lang] and len(w) > 3}
            overlap = len(title_words & stems)
            score += 0.75 * overlap
            if score > best_score:
                best, best_score = catalog.canonical.get((eid, step.id), step.id), score
    return best if best_score >= 1.5 else None
