"""Schema of the service-chain catalog (pydantic 1.10).

The YAML files in data/ are parsed into these models. Structural checks (types, required fields, unknown
fields, deadline shape) live here; checks that need the whole catalog (agencies, dependencies, cycles,
conditions on declared facts) live in bot.chains.loader.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Dict, List, Optional

from pydantic import BaseModel, Extra, Field, root_validator, validator

ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
LANGUAGES = ("nb", "en")


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class Text(_Strict):
    """A text in Bokmål (nb) and English (en). Both are required and may not be empty."""

    nb: str
    en: str

    @validator("nb", "en")
    def _not_empty(cls, value: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("text is empty")
        return value.strip()

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nb


class Keywords(_Strict):
    nb: List[str] = []
    en: List[str] = []


class FactValue(_Strict):
    id: str
    label: Text
    # Words a person may type for this value ("gift" for spouse), in either language; the label always counts.
    keywords: List[str] = []


class FactDef(_Strict):
    """A fact about the person that conditions use, with the question that asks for it."""

    id: str
    type: str = Field(..., regex=r"^(choice|bool|date)$")
    label: Text
    question: Text
    values: List[FactValue] = []
    help: Optional[Text] = None

    @root_validator(skip_on_failure=True)
    def _values(cls, data: Dict[str, Any]) -> Dict[str, Any]:
        kind, values = data["type"], data["values"]
        if kind == "choice" and len(values) < 2:
            raise ValueError("a choice fact needs at least two values")
        if kind == "bool" and not values:
            data["values"] = [
                FactValue(id="yes", label=Text(nb="Ja", en="Yes")),
                FactValue(id="no", label=Text(nb="Nei", en="No")),
            ]
        if kind == "date" and values:
            raise ValueError("a date fact has no values")
        return data

    def value_ids(self) -> List[Any]:
        if self.type == "bool":
            return [True, False]
        return [v.id for v in self.values]

    def value_label(self, value: Any, language: str) -> str:
        if self.type == "bool":
            value = "yes" if value is True else "no" if value is False else value
        for v in self.values:
            if v.id == value:
                return v.label.get(language)
        return str(value)


class DateDef(_Strict):
    """A named date of the life event (date_of_death, birth_date, ...)."""

    id: str
    label: Text
    question: Text
    fallback: Optional[str] = None  # another date used as an estimate while this one is unknown
    # Facts that follow once this date is known and not in the future (a birth date in the past: born = true),
    # so the assistant does not ask what the person has already told.
    past_implies: Dict[str, Any] = {}


class Deadline(_Strict):
    """When a step is due, relative to a named date of the life event.

    Exactly one of after/before names the date; exactly one of days, weeks, months, working_days gives the
    distance, or `on_date` gives a calendar day ("MM-DD": the first such day on or after the named date, or in
    the year after it with in_year_after: true).
    """

    after: Optional[str] = None
    before: Optional[str] = None
    days: Optional[int] = None
    weeks: Optional[int] = None
    months: Optional[int] = None
    working_days: Optional[int] = None
    on_date: Optional[str] = None
    in_year_after: bool = False  # with `on_date`: that day in the calendar year after the named date
    note: Optional[Text] = None

    @root_validator(skip_on_failure=True)
    def _shape(cls, data: Dict[str, Any]) -> Dict[str, Any]:
        anchors = [k for k in ("after", "before") if data.get(k)]
        if len(anchors) != 1:
            raise ValueError("name exactly one date with `after:` or `before:` (e.g. after: date_of_death)")
        units = [k for k in ("days", "weeks", "months", "working_days", "on_date") if data.get(k) is not None]
        if len(units) != 1:
            raise ValueError(
                "give exactly one of days, weeks, months, working_days or on_date (found %s)" % (", ".join(units) or "none")
            )
        unit = units[0]
        if unit == "on_date":
            if not re.match(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", str(data["on_date"])):
                raise ValueError("`on_date` must be a calendar day written MM-DD in quotes, e.g. on_date: \"09-01\"")
            if data.get("before"):
                raise ValueError("`on_date` works only with `after:`")
        elif data[unit] < 0:
            raise ValueError("%s must be zero or more; use `before:` for a deadline before the date" % unit)
        return data

    @property
    def anchor(self) -> str:
        return self.after or self.before  # type: ignore[return-value]

    @property
    def unit(self) -> str:
        for k in ("days", "weeks", "months", "working_days", "on_date"):
            if getattr(self, k) is not None:
                return k
        raise AssertionError("validated deadline without unit")


class StatusCheck(_Strict):
    agency: str
    lookup: str
    benefit: Optional[str] = None

    def as_dict(self) -> Dict[str, str]:
        return {k: v for k, v in self.dict().items() if v is not None}


class Step(_Strict):
    id: str
    title: Text
    what: Text
    why: Text
    agency: str
    action: str = Field(..., regex=r"^(citizen|automatic)$")
    entry: bool = False
    depends_on: List[str] = []
    when: Optional[Any] = None
    deadline: Optional[Deadline] = None
    documents: List[Text] = []
    url: str = Field(..., regex=r"^https?://")
    source: str
    checked: date
    verify: bool = False
    verify_note: Optional[str] = None
    status_check: Optional[StatusCheck] = None
    keywords: Keywords = Keywords()
    shared: bool = False
    same_as: Optional[str] = None
    note: Optional[str] = None

    @validator("when", pre=True)
    def _when(cls, value: Any) -> Any:
        if value is None:
            return None
        clauses = value if isinstance(value, list) else [value]
        for clause in clauses:
            if not isinstance(clause, dict) or not clause:
                raise ValueError("a condition maps facts to values, e.g. when: {relationship: [spouse]}; "
                                 "a list of such mappings means 'any of them'")
            for key, values in clause.items():
                if not isinstance(key, str):
                    raise ValueError("condition keys must be fact ids (got %r)" % (key,))
                for v in values if isinstance(values, list) else [values]:
                    if not isinstance(v, (str, bool)):
                        raise ValueError("condition values must be value ids or true/false (got %r)" % (v,))
        return value

    @validator("depends_on", pre=True)
    def _list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def clauses(self) -> List[Dict[str, List[Any]]]:
        """The condition as OR of ANDs: each clause maps a fact to its allowed values."""
        if self.when is None:
            return []
        raw = self.when if isinstance(self.when, list) else [self.when]
        out = []
        for clause in raw:
            out.append({k: (v if isinstance(v, list) else [v]) for k, v in clause.items()})
        return out


class LifeEvent(_Strict):
    id: str
    title: Text
    intro: Text
    event_date: str
    dates: List[DateDef]
    facts: List[FactDef] = []
    steps: List[Step] = []

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def fact(self, fact_id: str) -> FactDef:
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)

    def date_def(self, date_id: str) -> DateDef:
        for d in self.dates:
            if d.id == date_id:
                return d
        raise KeyError(date_id)


class Agency(_Strict):
    id: str
    name: Text
    url: str = Field(..., regex=r"^https?://")
    phone: Optional[str] = None
    opening_hours: List[str] = []
    chat_url: Optional[str] = None
    chat_hours: List[str] = []
    api_base: Optional[str] = None
    source: Optional[str] = None
    checked: Optional[date] = None
    verify: bool = False
    verify_note: Optional[str] = None

    @validator("api_base")
    def _api_base(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not re.match(r"^/[a-z0-9-]+$", value):
            raise ValueError("api_base is a path like /nav")
        return value


class Constant(_Strict):
    value: float
    unit: str
    valid_from: date
    source: str
    checked: date
    verify: bool = False
    label: Optional[Text] = None
