"""The planner: which steps a person needs, in which order, by when, and why. No Rasa in here."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Set, Tuple

from . import calendar_no
from .loader import Catalog
from .models import Deadline, FactDef, LifeEvent, Step

STATUSES = ("todo", "done", "automatic", "waiting", "not_applicable")


def _lang(language: Optional[str]) -> str:
    return "en" if (language or "").lower().startswith("en") else "nb"


@dataclass
class PlannedStep:
    id: str
    position: int
    life_events: List[str]
    title: str
    what: str
    why: str
    agency_id: str
    agency_name: str
    action: str
    status: str
    due: Optional[date]
    url: str
    depends_on: List[str]
    pending_facts: List[str]
    documents: List[str]
    status_check: Optional[Dict[str, str]]
    verify: bool
    due_estimated: bool = False
    deadline_text: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        d = dict(self.__dict__)
        d["due"] = self.due.isoformat() if self.due else None
        return d


class ExcludedStep(NamedTuple):
    id: str
    title: str
    reason: str


@dataclass
class Plan:
    life_events: List[str]
    language: str
    today: date
    event_dates: Dict[str, Optional[date]]
    steps: List[PlannedStep] = field(default_factory=list)
    excluded: List[ExcludedStep] = field(default_factory=list)

    def step(self, step_id: str) -> PlannedStep:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def ids(self) -> List[str]:
        return [s.id for s in self.steps]

    def next_steps(self, limit: int = 3) -> List[PlannedStep]:
        """The open (todo) steps a person can do now first (nothing open before them: booking the funeral comes
        before the burial request that depends on it), then those that surely apply, then earliest due first (steps without a due date after
        those with one), then plan order."""
        by_id = {s.id: s for s in self.steps}

        def blocked(step: PlannedStep) -> bool:
            return any(by_id[d].status == "todo" for d in step.depends_on if d in by_id)

        open_steps = [s for s in self.steps if s.status == "todo"]
        # Steps that surely apply come before those that wait on an unanswered question.
        open_steps.sort(key=lambda s: (blocked(s), bool(s.pending_facts), s.due is None, s.due or date.max,
                                       s.position))
        return open_steps[:limit]


# ---------- conditions ----------------------------------------------------------------------------------------
def _norm(fact: FactDef, value: Any) -> Any:
    if fact.type == "bool" and isinstance(value, str):
        low = value.strip().lower()
        if low in ("yes", "ja", "true", "1"):
            return True
        if low in ("no", "nei", "false", "0"):
            return False
    return value


def evaluate(step: Step, event: LifeEvent, facts: Mapping[str, Any]) -> Tuple[str, Set[str], Optional[Dict[str, Any]]]:
    """('yes'|'no'|'unknown', facts still unknown that decide it, the clause that decided it or a failing fact)."""
    clauses = step.clauses()
    if not clauses:
        return "yes", set(), None
    pending: Set[str] = set()
    failing: Dict[str, Any] = {}
    for clause in clauses:
        unknown: Set[str] = set()
        ok = True
        for fid, allowed in clause.items():
            if fid not in facts or facts[fid] is None:
                unknown.add(fid)
                continue
            value = _norm(event.fact(fid), facts[fid])
            if value not in allowed:
                ok = False
                failing.setdefault(fid, value)
                break
        if ok and not unknown:
            return "yes", set(), {k: _norm(event.fact(k), facts[k]) for k in clause}
        if ok:
            pending |= unknown
    if pending:
        return "unknown", pending, None
    return "no", set(), failing


# ---------- deadlines -----------------------------------------------------------------------------------------
def due_date(deadline: Deadline, dates: Mapping[str, date], event: LifeEvent) -> Tuple[Optional[date], bool]:
    """(due date, estimated?) or (None, False) when the named date is unknown."""
    anchor_id, estimated = deadline.anchor, False
    anchor = dates.get(anchor_id)
    if anchor is None:
        try:
            fallback = event.date_def(anchor_id).fallback
        except KeyError:
            fallback = None
        if fallback and dates.get(fallback) is not None:
            anchor, estimated = dates[fallback], True
        else:
            return None, False
    unit = deadline.unit
    sign = -1 if deadline.before else 1
    if unit == "working_days":
        n = deadline.working_days or 0
        due = calendar_no.add_working_days(anchor, n) if sign > 0 else calendar_no.subtract_working_days(anchor, n)
        return due, estimated
    if unit == "on_date":
        start = date(anchor.year + 1, 1, 1) if deadline.in_year_after else anchor
        return calendar_no.roll_forward(calendar_no.next_calendar_day(start, deadline.on_date or "")), estimated
    if unit == "months":
        due = calendar_no.add_months(anchor, sign * (deadline.months or 0))
    else:
        n = (deadline.days or 0) if unit == "days" else (deadline.weeks or 0) * 7
        due = anchor + timedelta(days=sign * n)
    # a deadline that ends on a day off moves to the next working day (or the one before, for "before" deadlines)
    return (calendar_no.roll_forward(due) if sign > 0 else calendar_no.roll_back(due)), estimated


# ---------- texts -------------------------------------------------------------------------------------------------
_T = {
    "nb": {
        "applies": "Gjelder deg fordi {facts}.",
        "excluded": "Gjelder ikke deg fordi {facts}.",
        "pending": "Om dette gjelder deg, avhenger av svaret på: {questions}",
        "done": "Du har sagt at dette er gjort.",
        "observed": "Ifølge {agency} er status: {status}.",
        "automatic": "Dette skjer automatisk, du trenger ikke gjøre noe.",
        "waiting": "Venter på at dette blir gjort først: {steps}.",
        "estimated": "Fristen er beregnet ut fra termindatoen.",
        "and": " og ",
        "is": "{label}: {value}",
    },
    "en": {
        "applies": "This applies to you because {facts}.",
        "excluded": "This does not apply to you because {facts}.",
        "pending": "Whether this applies to you depends on the answer to: {questions}",
        "done": "You have told us this is done.",
        "observed": "According to {agency}, the status is: {status}.",
        "automatic": "This happens automatically; you do not need to do anything.",
        "waiting": "Waiting for this to be done first: {steps}.",
        "estimated": "The deadline is estimated from the due date.",
        "and": " and ",
        "is": "{label}: {value}",
    },
}
_STATUS_WORDS = {
    "nb": {"todo": "ikke gjort", "done": "gjort", "automatic": "automatisk", "waiting": "under behandling", "not_applicable": "gjelder ikke"},
    "en": {"todo": "not done", "done": "done", "automatic": "automatic", "waiting": "in progress", "not_applicable": "does not apply"},
}


def _facts_phrase(event: LifeEvent, values: Mapping[str, Any], lang: str) -> str:
    parts = []
    for fid, value in values.items():
        fact = event.fact(fid)
        parts.append(_T[lang]["is"].format(label=fact.label.get(lang).lower(), value=fact.value_label(value, lang).lower()))
    return _T[lang]["and"].join(parts)


# ---------- the plan ----------------------------------------------------------------------------------------------
class _Node:
    __slots__ = ("key", "members", "order", "deps", "state", "pending", "decided")

    def __init__(self, key: str, order: Tuple[float, int, int]):
        self.key = key
        self.members: List[Tuple[LifeEvent, Step]] = []
        self.order = order
        self.deps: Set[str] = set()
        self.state = "no"
        self.pending: Set[str] = set()
        self.decided: Optional[Tuple[LifeEvent, Dict[str, Any]]] = None


def make_plan(
    catalog: Catalog,
    life_events: Sequence[str] | str,
    facts: Optional[Mapping[str, Any]] = None,
    dates: Optional[Mapping[str, date]] = None,
    done: Optional[Iterable[str]] = None,
    today: Optional[date] = None,
    language: str = "nb",
    observed: Optional[Mapping[str, str]] = None,
) -> Plan:
    """Personalise and order the chains of one or more life events.

    facts: the person's answers (fact id -> value); missing facts keep the steps they decide, marked pending.
    dates: named dates (date_of_death, birth_date, ...); done: ids of steps the person has done;
    observed: statuses reported by agency look-ups (step id -> status); they override everything else.
    """
    if isinstance(life_events, str):
        life_events = [life_events]
    lang = _lang(language)
    facts = dict(facts or {})
    dates = {k: v for k, v in (dates or {}).items() if v is not None}
    done_set = set(done or ())
    observed = dict(observed or {})
    today = today or date.today()
    events = []
    for eid in life_events:
        if eid not in catalog.events:
            raise KeyError("unknown life event %r (known: %s)" % (eid, ", ".join(sorted(catalog.events))))
        if eid not in [e.id for e in events]:
            events.append(catalog.events[eid])

    # 1. gather steps; a shared id or a same_as link makes several chain steps one node
    nodes: Dict[str, _Node] = {}
    local_to_key: Dict[Tuple[str, str], str] = {}
    for ei, event in enumerate(events):
        n = len(event.steps)
        for si, step in enumerate(event.steps):
            key = catalog.canonical.get((event.id, step.id), step.id)
            local_to_key[(event.id, step.id)] = key
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = _Node(key, (si / max(n, 1), ei, si))
            node.members.append((event, step))
    for node in nodes.values():
        for event, step in node.members:
            for dep in step.depends_on:
                node.deps.add(local_to_key.get((event.id, dep), dep))
        node.deps.discard(node.key)

    # 2. which apply
    for node in nodes.values():
        for event, step in node.members:
            state, pending, decided = evaluate(step, event, facts)
            if state == "yes":
                node.state, node.pending = "yes", set()
                if decided and node.decided is None:
                    node.decided = (event, decided)
                if not step.when:
                    node.decided = None
                break
            if state == "unknown":
                node.state = "unknown"
                node.pending |= pending
            elif node.state == "no" and node.decided is None:
                node.decided = (event, decided or {})

    included = {k for k, n in nodes.items() if n.state != "no"}

    # 3. effective dependencies: skip over left-out steps to what they depended on
    eff: Dict[str, Set[str]] = {}

    def effective(key: str, seen: Set[str]) -> Set[str]:
        out: Set[str] = set()
        for dep in nodes[key].deps:
            if dep not in nodes or dep in seen:
                continue
            if dep in included:
                out.add(dep)
            else:
                out |= effective(dep, seen | {dep})
        return out

    for key in included:
        eff[key] = effective(key, {key})

    # 4. order: topological, ties broken by the designers' order (relative position in the chain)
    indeg = {k: len(eff[k]) for k in included}
    children: Dict[str, List[str]] = {k: [] for k in included}
    for k in included:
        for d in eff[k]:
            children[d].append(k)
    heap = [(nodes[k].order, k) for k in included if indeg[k] == 0]
    heapq.heapify(heap)
    ordered: List[str] = []
    while heap:
        _, k = heapq.heappop(heap)
        ordered.append(k)
        for c in children[k]:
            indeg[c] -= 1
            if indeg[c] == 0:
                heapq.heappush(heap, (nodes[c].order, c))
    if len(ordered) != len(included):  # a cycle slipped past validation: keep the rest in file order
        ordered += sorted(included - set(ordered), key=lambda k: nodes[k].order)

    # 5. build the planned steps
    T = _T[lang]
    status_of: Dict[str, str] = {}
    plan = Plan(
        life_events=[e.id for e in events],
        language=lang,
        today=today,
        event_dates={e.id: dates.get(e.event_date) or _fallback_date(e, dates) for e in events},
    )
    titles: Dict[str, str] = {}
    for position, key in enumerate(ordered, start=1):
        node = nodes[key]
        event, step = node.members[0]
        titles[key] = catalog.render(step.title.get(lang), lang)
        agency = catalog.agencies.get(step.agency)
        reasons = [catalog.render(step.why.get(lang), lang)]
        if node.state == "yes" and node.decided:
            reasons.append(T["applies"].format(facts=_facts_phrase(node.decided[0], node.decided[1], lang)))
        pending = _ordered_pending(node, events)
        if pending:
            questions = []
            for fid in pending:
                for ev in events:
                    try:
                        questions.append(ev.fact(fid).question.get(lang))
                        break
                    except KeyError:
                        continue
            reasons.append(T["pending"].format(questions=" / ".join(questions)))

        # due date: the earliest among the members that have one
        due, estimated, deadline_text = None, False, None
        for ev, st in node.members:
            if st.deadline is None:
                continue
            d, est = due_date(st.deadline, dates, ev)
            if deadline_text is None and st.deadline.note is not None:
                deadline_text = st.deadline.note.get(lang)
            if d is not None and (due is None or d < due):
                due, estimated = d, est
        if estimated:
            reasons.append(T["estimated"])

        # status
        obs = observed.get(key) or next((observed[s.id] for _, s in node.members if s.id in observed), None)
        if obs in STATUSES:
            status = obs
            if agency is not None:
                reasons.append(T["observed"].format(agency=agency.name.get(lang), status=_STATUS_WORDS[lang][obs]))
        elif key in done_set or any(s.id in done_set for _, s in node.members):
            status = "done"
            reasons.append(T["done"])
        elif step.action == "automatic":
            status = "automatic"
            reasons.append(T["automatic"])
        else:
            # Waiting: an earlier step is still open (todo, or waiting on an agency) and this step has no
            # deadline of its own. A step with a deadline stays `todo`, so its deadline is never hidden behind an
            # unfinished earlier step; its position still shows what comes first.
            blocking = [] if due is not None else [d for d in eff[key] if status_of.get(d) in ("todo", "waiting")]
            if blocking:
                status = "waiting"
                reasons.append(T["waiting"].format(steps=", ".join(titles.get(d, d) for d in sorted(blocking, key=ordered.index))))
            else:
                status = "todo"
        status_of[key] = status

        plan.steps.append(
            PlannedStep(
                id=key,
                position=position,
                life_events=[ev.id for ev, _ in node.members],
                title=titles[key],
                what=catalog.render(step.what.get(lang), lang),
                why=" ".join(reasons),
                agency_id=step.agency,
                agency_name=agency.name.get(lang) if agency else step.agency,
                action=step.action,
                status=status,
                due=due,
                url=step.url,
                depends_on=sorted(eff[key], key=ordered.index),
                pending_facts=pending,
                documents=[d.get(lang) for d in step.documents],
                status_check=step.status_check.as_dict() if step.status_check else None,
                verify=any(s.verify for _, s in node.members),
                due_estimated=estimated,
                deadline_text=deadline_text,
            )
        )

    for key, node in nodes.items():
        if key in included:
            continue
        event, step = node.members[0]
        ev, failing = node.decided or (event, {})
        reason = T["excluded"].format(facts=_facts_phrase(ev, failing, lang)) if failing else T["excluded"].format(facts="-")
        plan.excluded.append(ExcludedStep(key, catalog.render(step.title.get(lang), lang), reason))
    plan.excluded.sort(key=lambda x: nodes[x.id].order)
    return plan


def _fallback_date(event: LifeEvent, dates: Mapping[str, date]) -> Optional[date]:
    try:
        fb = event.date_def(event.event_date).fallback
    except KeyError:
        return None
    return dates.get(fb) if fb else None


def _ordered_pending(node: _Node, events: List[LifeEvent]) -> List[str]:
    if not node.pending:
        return []
    order = []
    for ev in events:
        for f in ev.facts:
            if f.id in node.pending and f.id not in order:
                order.append(f.id)
    return order + sorted(node.pending - set(order))
