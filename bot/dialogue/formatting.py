"""Dates and short step lines in the person's language."""
from __future__ import annotations

from datetime import date
from typing import Any, Optional

MONTHS = {
    "nb": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
STATUS = {
    "nb": {"todo": "å gjøre", "done": "gjort", "automatic": "skjer automatisk", "waiting": "venter",
           "not_applicable": "gjelder ikke"},
    "en": {"todo": "to do", "done": "done", "automatic": "happens automatically", "waiting": "waiting",
           "not_applicable": "does not apply"},
}


def long_date(day: Optional[date], language: str) -> str:
    if day is None:
        return ""
    month = MONTHS["en" if language == "en" else "nb"][day.month - 1]
    return f"{day.day} {month} {day.year}" if language == "en" else f"{day.day}. {month} {day.year}"


def status_label(status: str, language: str) -> str:
    return STATUS["en" if language == "en" else "nb"].get(status, status)


def step_line(step: Any, language: str, position: Optional[int] = None) -> str:
    """One line for a step: "3. Velg skifteform (Tingretten) – frist 19. januar 2027" (a dash without position)."""
    parts = [f"{position}. " if position else "- "]
    parts[0] += f"{step.title} ({step.agency_name})"
    if step.status in ("done", "automatic", "waiting", "not_applicable"):
        parts.append(f"– {status_label(step.status, language)}")
    if step.due and step.status not in ("done", "not_applicable"):
        parts.append(("– by " if language == "en" else "– frist ") + long_date(step.due, language))
    return " ".join(parts)


def mid_sentence(name: str, language: str) -> str:
    """An agency name as it reads inside an English sentence: "talk to the municipality", not "to The"."""
    return "the " + name[4:] if language == "en" and name.startswith("The ") else name
