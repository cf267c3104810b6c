"""Property-based tests over random facts, dates and done-sets."""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chains import LIFE_EVENT_IDS, load_catalog, make_plan
from bot.chains.calendar_no import is_working_day

CATALOG = load_catalog()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def situations(draw):
    events = draw(st.lists(st.sampled_from(LIFE_EVENT_IDS), min_size=1, max_size=3, unique=True))
    facts, dates, done = {}, {}, set()
    for eid in events:
        event = CATALOG.events[eid]
        for fact in event.facts:
            if draw(st.booleans()):  # leave about half the facts unknown
                facts[fact.id] = draw(st.sampled_from(fact.value_ids()))
        for d in event.dates:
            if draw(st.booleans()):
                dates[d.id] = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
        done |= set(draw(st.lists(st.sampled_from([s.id for s in event.steps]), max_size=4)))
    language = draw(st.sampled_from(["nb", "en"]))
    return events, facts, dates, done, language


@SETTINGS
@given(situations())
def test_order_respects_dependencies(situation):
    events, facts, dates, done, language = situation
    plan = make_plan(CATALOG, events, facts=facts, dates=dates, done=done, language=language, today=date(2026, 1, 1))
    position = {s.id: s.position for s in plan.steps}
    assert [s.position for s in plan.steps] == list(range(1, len(plan.steps) + 1))
    for s in plan.steps:
        for dep in s.depends_on:
            assert position[dep] < position[s.id], (dep, s.id)
    # the original dependencies too, where both steps are in the plan
    for eid in events:
        for step in CATALOG.events[eid].steps:
            sid = CATALOG.canonical[(eid, step.id)]
            for dep in step.depends_on:
                did = CATALOG.canonical[(eid, dep)]
                if sid in position and did in position:
                    assert position[did] < position[sid]


@SETTINGS
@given(situations())
def test_every_step_is_accounted_for_with_a_reason(situation):
    events, facts, dates, done, language = situation
    plan = make_plan(CATALOG, events, facts=facts, dates=dates, done=done, language=language)
    all_ids = {CATALOG.canonical[(eid, s.id)] for eid in events for s in CATALOG.events[eid].steps}
    included, left_out = set(plan.ids()), {x.id for x in plan.excluded}
    assert included | left_out == all_ids and not (included & left_out)
    for x in plan.excluded:
        assert x.reason.strip() and x.reason.strip() != "-"
    for s in plan.steps:
        assert s.why.strip()
        assert s.status in ("todo", "done", "automatic", "waiting", "not_applicable")
        if s.pending_facts:  # unknown facts never hide a step: they are named
            assert all(f not in facts for f in s.pending_facts)


@SETTINGS
@given(situations())
def test_working_day_deadlines_fall_on_working_days(situation):
    events, facts, dates, done, language = situation
    plan = make_plan(CATALOG, events, facts=facts, dates=dates, done=done, language=language)
    for s in plan.steps:
        if s.due is not None:
            # every deadline is moved off weekends and public holidays, working-day deadlines by construction
            assert is_working_day(s.due), (s.id, s.due)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)), st.integers(min_value=0, max_value=40))
def test_add_working_days(start, n):
    from bot.chains.calendar_no import add_working_days

    due = add_working_days(start, n)
    assert is_working_day(due)
    if n > 0:
        between = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
        assert sum(1 for d in between if is_working_day(d)) == n
