"""Norwegian calendar helpers: public holidays, working days, deadlines, opening hours (Europe/Oslo)."""
from __future__ import annotations

import re
import warnings
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Tuple
from zoneinfo import ZoneInfo

with warnings.catch_warnings():
    # holidays 0.57 announces its future 1.0 versioning on import; we pin the version, so it is noise.
    warnings.simplefilter("ignore")
    import holidays

OSLO = ZoneInfo("Europe/Oslo")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> FrozenSet[date]:
    return frozenset(holidays.Norway(years=year).keys())


def is_holiday(day: date) -> bool:
    return day in _holidays_of(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: date, count: int) -> date:
    """The count-th working day after start (Saturdays, Sundays and Norwegian public holidays do not count)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    if count == 0 and not is_working_day(day):  # count 0 on a day off: the next working day
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def subtract_working_days(start: date, count: int) -> date:
    day = start
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_months(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def roll_forward(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def roll_back(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def next_calendar_day(start: date, month_day: str) -> date:
    month, day = (int(x) for x in month_day.split("-"))
    for year in (start.year, start.year + 1, start.year + 2):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 02-29 in a non-leap year
            candidate = date(year, month, 28)
        if candidate >= start:
            return candidate
    raise AssertionError("unreachable")


# ---------- opening hours ----------
_HOURS_RE = re.compile(r"^\s*([a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})\s*$")

Window = Tuple[time, time]


def parse_hours(lines: List[str]) -> Dict[int, List[Window]]:
    """Parse lines like "mon-fri 08:00-15:30" or "sat,sun 10:00-14:00" into weekday -> windows.

    Raises ValueError with a readable message for a malformed line."""
    out: Dict[int, List[Window]] = {}
    for line in lines:
        m = _HOURS_RE.match(line.lower())
        if not m:
            raise ValueError('"%s" is not like "mon-fri 08:00-15:30"' % line)
        days_part, h1, m1, h2, m2 = m.groups()
        try:
            start, end = time(int(h1), int(m1)), time(int(h2), int(m2))
        except ValueError:
            raise ValueError('"%s" has an impossible time' % line) from None
        if end <= start:
            raise ValueError('"%s" closes before it opens' % line)
        for part in days_part.split(","):
            a, _, b = part.partition("-")
            if a not in DAYS or (b and b not in DAYS):
                raise ValueError('"%s" has an unknown day; use mon tue wed thu fri sat sun' % line)
            ia, ib = DAYS.index(a), DAYS.index(b or a)
            if ib < ia:
                raise ValueError('"%s": day range goes backwards' % line)
            for d in range(ia, ib + 1):
                out.setdefault(d, []).append((start, end))
    for windows in out.values():
        windows.sort()
    return out


def to_oslo(moment: datetime) -> datetime:
    """A naive datetime is read as Oslo wall-clock time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=OSLO)
    return moment.astimezone(OSLO)


def open_at(hours: Dict[int, List[Window]], moment: datetime) -> bool:
    local = to_oslo(moment)
    if is_holiday(local.date()):
        return False
    now = local.time()
    return any(start <= now < end for start, end in hours.get(local.weekday(), []))


def next_opening(hours: Dict[int, List[Window]], moment: datetime) -> Optional[datetime]:
    """moment itself if open, else the start of the next opening window (Oslo time); None if never open."""
    if not hours:
        return None
    local = to_oslo(moment)
    if open_at(hours, local):
        return local
    day = local.date()
    for offset in range(0, 30):
        current = day + timedelta(days=offset)
        if is_holiday(current):
            continue
        for start, _end in hours.get(current.weekday(), []):
            candidate = datetime.combine(current, start, tzinfo=OSLO)
            if candidate > local:
                return candidate
    return None
