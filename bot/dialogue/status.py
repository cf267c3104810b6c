"""Asking the agencies about the steps that have a status check, within a time budget.

A slow or broken agency never blocks the chain: its step keeps the planner's status and gets a note that says
it could not be checked now, with the manual way (the agency's page and phone).
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Protocol

from bot.dialogue.formatting import mid_sentence
from bot.dialogue.texts import t

logger = logging.getLogger(__name__)

# Whole budget for one round of look-ups: the clients' own timeouts are about 1 s to connect and 3 s to read.
BUDGET_SECONDS = 4.5


class StatusChecker(Protocol):
    def check(self, status_check: dict[str, Any]) -> Any:
        """A StatusResult (status, summary{nb,en}, case_id) for the logged-in person; raises on failure."""


@dataclass
class Observation:
    observed: dict[str, str] = field(default_factory=dict)   # step id -> status reported by the agency
    notes: dict[str, str] = field(default_factory=dict)      # step id -> "could not check" note
    details: dict[str, dict[str, Any]] = field(default_factory=dict)


def _manual_way(step: Any, language: str) -> str:
    from bot.chains import load_catalog

    agency = load_catalog().agencies.get(step.agency_id)
    url = step.url or (agency.url if agency else "")
    text = t("status_unavailable", language, step=step.title, agency=mid_sentence(step.agency_name, language), url=url)
    if agency and agency.phone:
        text += " " + t("call_phone", language, phone=agency.phone)
    return text


def observe(steps: Iterable[Any], checker: Optional[StatusChecker], language: str) -> Observation:
    result = Observation()
    checkable = [s for s in steps if getattr(s, "status_check", None) and s.status not in ("done", "not_applicable")]
    if not checkable:
        return result
    if checker is None:  # nobody is logged in: nothing to look up, and nothing failed
        return result
    pool = ThreadPoolExecutor(max_workers=min(8, len(checkable)))
    futures = {pool.submit(checker.check, dict(step.status_check)): step for step in checkable}
    finished, _ = wait(futures, timeout=BUDGET_SECONDS)
    pool.shutdown(wait=False, cancel_futures=True)
    for future, step in futures.items():
        if future not in finished or future.exception() is not None:
            reason = "timeout" if future not in finished else type(future.exception()).__name__
            logger.warning("Status check for step %s at %s failed: %s", step.id, step.agency_id, reason)
            result.notes[step.id] = _manual_way(step, language)
            continue
        status = future.result()
        summary = status.summary.get(language) if isinstance(status.summary, dict) else str(status.summary)
        result.details[step.id] = {"status": status.status, "summary": summary, "case_id": status.case_id}
        if status.status in ("done", "waiting", "todo"):
            result.observed[step.id] = status.status
    return result
