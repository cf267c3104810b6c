"""Planner timing: a full plan for each life event, catalog loaded once outside the timing (make bench)."""
from __future__ import annotations

import statistics
import time
from datetime import date

from bot.chains import load_catalog, make_plan, next_question, service_chain_payload

DATES = {
    "date_of_death": date(2026, 11, 28), "birth_date": date(2026, 3, 10), "due_date": date(2026, 3, 12),
    "last_working_day": date(2026, 3, 13), "arrival_date": date(2026, 8, 3), "founding_date": date(2026, 2, 2),
    "diagnosis_date": date(2026, 5, 4),
}


def _time(fn, repeat: int = 2000) -> tuple[float, float]:
    for _ in range(50):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    return statistics.median(samples) * 1e6, samples[int(len(samples) * 0.95)] * 1e6


def main() -> None:
    t0 = time.perf_counter()
    catalog = load_catalog()
    print(f"load_catalog (cold, once): {(time.perf_counter() - t0) * 1e3:.1f} ms")
    print(f"{'life event':26} {'steps':>5} {'plan p50 µs':>12} {'plan p95 µs':>12} {'+payload p50 µs':>16}")
    for eid, event in catalog.events.items():
        # a typical person: the first value of every fact known (all steps decided), all dates known
        facts = {f.id: f.value_ids()[0] for f in event.facts}
        plan_fn = lambda: make_plan(catalog, [eid], facts=facts, dates=DATES, done={event.steps[0].id}, today=date(2026, 12, 1))
        p50, p95 = _time(plan_fn)
        pay50, _ = _time(lambda: service_chain_payload(catalog, plan_fn(), eid), repeat=500)
        print(f"{eid:26} {len(plan_fn().steps):>5} {p50:>12.0f} {p95:>12.0f} {pay50:>16.0f}")
    both = lambda: make_plan(catalog, ["death-and-inheritance", "new-in-norway"], facts={}, dates=DATES)
    p50, p95 = _time(both, repeat=500)
    print(f"{'death + new-in-norway':26} {len(both().steps):>5} {p50:>12.0f} {p95:>12.0f}")
    q50, _ = _time(lambda: next_question(catalog, ["death-and-inheritance"], {}, []), repeat=500)
    print(f"next_question (death, no facts) p50: {q50:.0f} µs")


if __name__ == "__main__":
    main()
