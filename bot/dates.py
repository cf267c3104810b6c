"""When did it happen? Dates in a citizen's own words, Bokmål, Nynorsk or English.

    parse_event_date(text, today, language) -> date | None

Plain Python, no Rasa import; never raises (bad input gives None). Small rules cover what dateparser 1.1.8 does
not: weekdays ("forrige tirsdag", "last Tuesday"), "i natt", "last week"; dateparser handles the rest of short
date-only texts. Conventions (documented in docs/nlu.md):

- "i natt" / "last night" -> yesterday. A death "in the night" may be on either side of midnight; we take the
  earlier date so that deadlines counted from it are never later than the real ones.
- "forrige uke" / "last week" -> 7 days ago (the exact day is unknown; the person can correct it).
- "i helga" / "last weekend" -> the most recent Saturday before today.
- "tirsdag", "forrige tirsdag", "last Tuesday", "on Tuesday" -> the most recent Tuesday strictly before today.
  "neste tirsdag" / "next Tuesday" -> the first Tuesday after today.
- Numeric day/month is day first, as in Norway ("3/11" is 3 November), also in English; if the second number
  cannot be a month (e.g. "11/23"), month first.
- Without a year, a date is the most recent one on or before today, unless the text speaks of something ahead
  (a due date "termin 12. mars", "due", "expected", "neste", "skal"): then the next one on or after today.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MAX_CHARS = 500
_TAGS = re.compile(r"<[^>]{0,200}>")

MONTHS = {
    # Norwegian (Bokmål and Nynorsk) and English names and abbreviations
    "januar": 1, "jan": 1, "january": 1,
    "februar": 2, "feb": 2, "february": 2, "febr": 2,
    "mars": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "desember": 12, "des": 12, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "mandag": 0, "måndag": 0, "monday": 0,
    "tirsdag": 1, "tysdag": 1, "tuesday": 1,
    "onsdag": 2, "wednesday": 2,
    "torsdag": 3, "thursday": 3,
    "fredag": 4, "friday": 4,
    "lørdag": 5, "laurdag": 5, "lordag": 5, "saturday": 5,
    "søndag": 6, "sundag": 6, "sondag": 6, "sunday": 6,
}
NUMBER_WORDS = {
    "en": 1, "ett": 1, "ein": 1, "eitt": 1, "ei": 1, "one": 1, "a": 1, "an": 1,
    "to": 2, "two": 2, "tre": 3, "three": 3, "fire": 4, "four": 4, "fem": 5, "five": 5,
    "seks": 6, "six": 6, "sju": 7, "syv": 7, "seven": 7, "åtte": 8, "eight": 8, "ni": 9, "nine": 9,
    "ti": 10, "ten": 10, "elleve": 11, "tolv": 12, "fjorten": 14,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM_RE = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

_FUTURE = re.compile(
    r"\b(termin|terminen|terminfesta|termindato|due|expected|expecting|forventet|venter|ventar|planlagt|planned|"
    r"neste|next|kommende|coming|upcoming)\b"
)


def _clean(text: str) -> str:
    text = _TAGS.sub(" ", text[:MAX_CHARS]).lower()
    text = text.replace("\u00a0", " ")
    # times of day ("kl. 03.30", "at 14:00") are not dates
    text = re.sub(r"\b(kl\.?|klokka|klokken|klokka|at|ca\.?)\s*\d{1,2}[.:]\d{2}\b", " ", text)
    text = re.sub(r"\b\d{1,2}:\d{2}\b", " ", text)
    # "igår", "i gar", "i gaar" -> "i går"
    text = re.sub(r"\bi\s?(går|gar|gaar|går)\b", "i går", text)
    text = re.sub(r"\bigår\b", "i går", text)
    text = re.sub(r"\bi\s?(forgårs|forgars|forigårs|forrigårs|forgaars)\b", "i forgårs", text)
    return re.sub(r"\s+", " ", text).strip()


def _num(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _without_year(month: int, day: int, today: date, future: bool) -> date | None:
    candidate = _safe_date(today.year, month, day)
    if candidate is None:  # 29 February in a non-leap year
        for year in (today.year - 1, today.year + 1, today.year - 2, today.year + 2):
            candidate = _safe_date(year, month, day)
            if candidate:
                break
        return candidate
    if future and candidate < today:
        return _safe_date(today.year + 1, month, day)
    if not future and candidate > today:
        return _safe_date(today.year - 1, month, day)
    return candidate


def _year(value: str) -> int:
    year = int(value)
    return year + 2000 if year < 100 else year


def _relative(t: str, today: date, future: bool) -> date | None:
    if re.search(r"\b(i forgårs|day before yesterday|forgårs)\b", t):
        return today - timedelta(days=2)
    if re.search(r"\b(i går|yesterday|i går kveld|i gårkveld|last night|i natt|inatt|natt til i dag|"
                 r"tonight|overnight|i kveld)\b", t):
        if re.search(r"\b(i kveld|tonight)\b", t) and not re.search(r"\b(i går|yesterday)\b", t):
            return today
        return today - timedelta(days=1)
    if re.search(r"\b(i morgen|imorgen|tomorrow|i morgon)\b", t):
        return today + timedelta(days=1)
    if re.search(r"\b(i dag|idag|today|i morges|this morning|nettopp|just now|akkurat nå)\b", t):
        return today
    m = re.search(rf"\b(?:for\s+)?({_NUM_RE})\s+(dag|dager|dagar|days?|uke|uker|veke|veker|veka|weeks?|"
                  rf"måned|måneder|månad|månader|months?)\s+(siden|sidan|ago)\b", t)
    if m:
        n = _num(m.group(1))
        if n is not None:
            unit = m.group(2)
            days = n if unit.startswith(("dag", "day")) else (30 * n if unit.startswith(("mån", "month")) else 7 * n)
            return today - timedelta(days=days)
    m = re.search(rf"\b(?:om|in)\s+({_NUM_RE})\s+(dag|dager|dagar|days?|uke|uker|veke|veker|weeks?)\b", t)
    if m:
        n = _num(m.group(1))
        if n is not None:
            days = n if m.group(2).startswith(("dag", "day")) else 7 * n
            return today + timedelta(days=days)
    if re.search(r"\b((i\s+)?forrige\s+uke|(i\s+)?førre\s+veke|sist\s+uke|last\s+week|a\s+week\s+ago|"
                 r"for\s+en\s+uke\s+siden|for\s+ei\s+veke\s+sidan|previous\s+week)\b", t):
        return today - timedelta(days=7)
    if re.search(r"\b(neste\s+uke|neste\s+veke|next\s+week)\b", t):
        return today + timedelta(days=7)
    if re.search(r"\b(i\s+helga|i\s+helgen|forrige\s+helg|sist\s+helg|førre\s+helg|last\s+weekend|"
                 r"at\s+the\s+weekend|this\s+weekend|over\s+the\s+weekend)\b", t):
        back = (today.weekday() - 5) % 7 or 7
        return today - timedelta(days=back)
    m = re.search(rf"\b(?:(forrige|sist|siste|førre|last|past|previous|neste|next|this|denne|på|on)\s+)?({_WEEKDAY_RE})\b", t)
    if m:
        qualifier, weekday = m.group(1), WEEKDAYS[m.group(2)]
        if qualifier in ("neste", "next") or (future and qualifier not in ("forrige", "sist", "siste", "førre",
                                                                            "last", "past", "previous")):
            ahead = (weekday - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
        back = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=back)
    return None


def _absolute(t: str, today: date, future: bool) -> date | None:
    m = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", t)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    # 3. november 2026, 3 nov, 3rd of November, den 3. nov.
    m = re.search(rf"\b(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?({_MONTH_RE})\.?(?:\s*,?\s*(\d{{4}}))?\b", t)
    if m:
        day, month = int(m.group(1)), MONTHS[m.group(2)]
        if m.group(3):
            return _safe_date(int(m.group(3)), month, day)
        return _without_year(month, day, today, future)
    # November 3, Nov 3rd 2026
    m = re.search(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{{4}}))?", t)
    if m:
        day, month = int(m.group(2)), MONTHS[m.group(1)]
        if m.group(3):
            return _safe_date(int(m.group(3)), month, day)
        return _without_year(month, day, today, future)
    # 3/11, 3.11, 3.11.2026, 03/11/26
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\b", t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        day, month = (a, b) if b <= 12 else (b, a)
        if month > 12:
            return None
        if m.group(3):
            return _safe_date(_year(m.group(3)), month, day)
        return _without_year(month, day, today, future)
    return None


def _dateparser(t: str, today: date, future: bool) -> date | None:
    """dateparser for short texts that are (almost) only a date; it is too eager on whole sentences."""
    if len(t) > 40 or not re.search(rf"\d|{_MONTH_RE}", t):
        return None
    try:
        import dateparser

        parsed = dateparser.parse(
            t,
            languages=["nb", "en"],
            settings={
                "RELATIVE_BASE": datetime(today.year, today.month, today.day),
                "PREFER_DATES_FROM": "future" if future else "past",
                "DATE_ORDER": "DMY",
                "REQUIRE_PARTS": ["day", "month"],
            },
        )
    except Exception:  # dateparser raises many kinds of errors on odd input
        return None
    return parsed.date() if parsed else None


def parse_event_date(text: str, today: date, language: str = "nb") -> date | None:
    """The date a text refers to ("i går", "last Tuesday", "3. november", "termin 12. mars"), or None.

    ``language`` ("nb" or "en") is a hint only; both languages' words are understood either way.
    """
    try:
        if not isinstance(text, str) or not text.strip():
            return None
        t = _clean(text)
        future = bool(_FUTURE.search(t))
        result = _absolute(t, today, future) or _relative(t, today, future) or _dateparser(t, today, future)
        if result is None:
            return None
        # Plausibility: a life event within the last 120 years or the next 2 years.
        if not (today - timedelta(days=366 * 120) <= result <= today + timedelta(days=366 * 2)):
            return None
        return result
    except Exception:  # never let a citizen's text crash a conversation
        return None
