"""Norwegian identity numbers: fødselsnummer / D-nummer (11 digits) and organisasjonsnummer (9 digits).

Both carry mod-11 check digits. Synthetic test identities (Skatteetaten's Tenor convention) add 80 to the
month, so they can never collide with a real person; D-numbers add 40 to the day.
"""
from __future__ import annotations

import datetime as _dt

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_ORG = (3, 2, 7, 6, 5, 4, 3, 2)


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    rest = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    check = 0 if rest == 0 else 11 - rest
    return None if check == 10 else check


def valid_personal_id(value: str) -> bool:
    """True for an 11-digit fødselsnummer or D-nummer (real or synthetic) with correct check digits."""
    if not isinstance(value, str) or len(value) != 11 or not value.isdigit():
        return False
    k1 = _mod11(value[:9], _K1)
    if k1 is None or k1 != int(value[9]):
        return False
    k2 = _mod11(value[:10], _K2)
    return k2 is not None and k2 == int(value[10])


def is_synthetic(value: str) -> bool:
    """Synthetic (test) identity: month field + 80."""
    return valid_personal_id(value) and 81 <= int(value[2:4]) <= 92


def is_d_number(value: str) -> bool:
    return valid_personal_id(value) and 41 <= int(value[:2]) <= 71


def birth_date(value: str) -> _dt.date | None:
    """The birth date encoded in an identity number (handles D-numbers and the synthetic +80 month)."""
    if not valid_personal_id(value):
        return None
    day, month, yy, individual = int(value[:2]), int(value[2:4]), int(value[4:6]), int(value[6:9])
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    elif month > 40:
        month -= 40
    if individual <= 499:
        year = 1900 + yy
    elif individual <= 749 and yy >= 54:
        year = 1800 + yy
    elif individual >= 900 and yy >= 40:
        year = 1900 + yy
    else:
        year = 2000 + yy
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def make_personal_id(born: _dt.date, *, serial: int = 0, synthetic: bool = True, d_number: bool = False) -> str:
    """A valid identity number for `born`; `serial` picks among the valid individual numbers."""
    day = born.day + (40 if d_number else 0)
    month = born.month + (80 if synthetic else 0)
    if 1900 <= born.year <= 1999:
        individuals = range(0, 500)
    elif 2000 <= born.year <= 2039:
        individuals = range(500, 1000)
    else:
        raise ValueError("birth year outside 1900-2039")
    found = -1
    for ind in individuals:
        stem = f"{day:02d}{month:02d}{born.year % 100:02d}{ind:03d}"
        k1 = _mod11(stem, _K1)
        if k1 is None:
            continue
        k2 = _mod11(stem + str(k1), _K2)
        if k2 is None:
            continue
        found += 1
        if found == serial:
            return f"{stem}{k1}{k2}"
    raise ValueError("no valid identity number for that serial")


def valid_orgnr(value: str) -> bool:
    if not isinstance(value, str) or len(value) != 9 or not value.isdigit():
        return False
    check = _mod11(value[:8], _ORG)
    return check is not None and check == int(value[8])


def orgnr_from_stem(stem: int) -> str | None:
    """The organisasjonsnummer for an 8-digit stem, or None when that stem has no valid check digit."""
    digits = f"{stem:08d}"
    check = _mod11(digits, _ORG)
    return None if check is None else digits + str(check)


def mask(value: str) -> str:
    """For messages meant for people: keep the birth date part, hide the rest (never use in logs)."""
    return value[:6] + "*****" if isinstance(value, str) and len(value) == 11 else "***"
