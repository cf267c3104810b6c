"""Today's date and the time in Norway. VEIVISER_TODAY (YYYY-MM-DD) pins the date for reproducible tests."""
from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def now() -> datetime:
    pinned = os.environ.get("VEIVISER_TODAY")
    if pinned:
        current = datetime.now(OSLO)
        return datetime.combine(date.fromisoformat(pinned), current.time().replace(microsecond=0), tzinfo=OSLO)
    return datetime.now(OSLO)


def today() -> date:
    return now().date()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)
