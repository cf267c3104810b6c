"""Load data/agencies.yml, data/constants.yml and data/chains/*.yml into a Catalog, and check them.

Every problem becomes an Issue naming the file, the step (if any), the field, what is wrong and how to fix it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import yaml
from pydantic import ValidationError

from . import calendar_no
from .models import ID_RE, Agency, Constant, LifeEvent, Step

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO / "data"
LIFE_EVENT_IDS = (
    "having-a-child",
    "seriously-ill-child",
    "job-loss",
    "new-in-norway",
    "starting-a-business",
    "death-and-inheritance",
    "voluntary-organisation",
)
G_PLACEHOLDER = re.compile(r"\{g:([0-9]+(?:\.[0-9]+)?)\}")
KNOWN_LOOKUPS = {
    "folkeregisteret": {"death_registered", "birth_registered"},
    "tingretten": {"probate_case"},
    "nav": {"application"},
    "udi": {"residence_application", "eu_registration"},
    "brreg": {"unit_registered", "volunteer_registered"},
}
NAV_BENEFITS = {
    "foreldrepenger", "engangsstonad", "barnetrygd", "pleiepenger", "dagpenger", "gravferdsstonad", "omstillingsstonad",
}


@dataclass(frozen=True)
class Issue:
    file: str
    message: str
    fix: str = ""
    step: Optional[str] = None
    field: Optional[str] = None

    def __str__(self) -> str:
        where = self.file
        if self.step:
            where += ": step '%s'" % self.step
        if self.field:
            where += ", field '%s'" % self.field if self.step else ": field '%s'" % self.field
        text = "%s: %s" % (where, self.message)
        if self.fix:
            text += ". Fix: " + self.fix
        return text


class CatalogError(Exception):
    def __init__(self, issues: List[Issue]):
        self.issues = issues
        super().__init__("%d problem(s) in the service-chain catalog:\n%s" % (len(issues), "\n".join(map(str, issues))))


@dataclass
class Catalog:
    events: Dict[str, LifeEvent]
    agencies: Dict[str, Agency]
    constants: Dict[str, Constant]
    root: Path
    _hours: Dict[Tuple[str, str], Dict[int, list]] = field(default_factory=dict, repr=False)
    # canonical id of each step (same_as resolved), and where each canonical step is defined
    canonical: Dict[Tuple[str, str], str] = field(default_factory=dict, repr=False)

    @property
    def G(self) -> float:
        return self.constants["G"].value

    def _parsed_hours(self, agency_id: str, channel: str) -> Dict[int, list]:
        key = (agency_id, channel)
        if key not in self._hours:
            agency = self.agencies[agency_id]
            lines = agency.chat_hours if channel == "chat" else agency.opening_hours
            self._hours[key] = calendar_no.parse_hours(lines)
        return self._hours[key]

    def agency_open_at(self, agency_id: str, moment: datetime, channel: str = "phone") -> bool:
        """Whether the agency answers (phone, or chat with channel="chat") at moment (Oslo time; holidays closed)."""
        return calendar_no.open_at(self._parsed_hours(agency_id, channel), moment)

    def next_opening(self, agency_id: str, moment: datetime, channel: str = "phone") -> Optional[datetime]:
        """moment if open, else when the agency next opens (aware Europe/Oslo datetime); None if it never opens."""
        return calendar_no.next_opening(self._parsed_hours(agency_id, channel), moment)

    def render(self, text: str, language: str) -> str:
        """Replace {g:2.25} with the amount in kroner for the current G."""
        if "{g:" not in text:
            return text
        g = self.G

        def amount(m: "re.Match[str]") -> str:
            kr = int(round(float(m.group(1)) * g))
            digits = f"{kr:,}".replace(",", "\u00a0")
            return ("NOK " + digits) if language == "en" else ("kr " + digits)

        return G_PLACEHOLDER.sub(amount, text)


# ---------------------------------------------------------------------------------------------------------------
def _read_yaml(path: Path, rel: str, issues: List[Issue]) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        issues.append(Issue(rel, "is not valid YAML (%s)" % str(exc).replace("\n", " "), "fix the indentation or quoting"))
    except OSError as exc:
        issues.append(Issue(rel, "cannot be read (%s)" % exc, "check that the file exists"))
    return None


def _field_path(loc: Iterable[Any]) -> str:
    parts: List[str] = []
    for item in loc:
        if item == "__root__":
            continue
        if isinstance(item, int):
            parts.append("[%d]" % item)
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(whole entry)"


def _explain(err: Dict[str, Any], model_fields: Iterable[str] = ()) -> Tuple[str, str]:
    kind, loc, msg = err["type"], err["loc"], err["msg"]
    last = [x for x in loc if x != "__root__"][-1:] or [""]
    last = last[0]
    if kind == "value_error.missing":
        if last == "nb":
            return "the Bokmål text is missing", "add a line `nb: ...` with the text in Bokmål"
        if last == "en":
            return "the English text is missing", "add a line `en: ...` with the text in English"
        return "is required but missing", "add `%s:`" % last
    if kind == "value_error.extra":
        allowed = ", ".join(model_fields)
        return "is not a known field", ("check the spelling; allowed fields here: " + allowed) if allowed else "remove it"
    if kind == "value_error.str.regex" and last == "action":
        return "must be `citizen` or `automatic`", "write action: citizen (the person does it) or action: automatic"
    if kind == "value_error.str.regex" and last in ("url", "chat_url"):
        return "must be a web address", "write the full address starting with https://"
    if kind == "value_error.str.regex" and last == "type":
        return "must be choice, bool or date", "write type: choice, type: bool or type: date"
    if msg == "text is empty":
        lang = "Bokmål" if last == "nb" else "English"
        return "the %s text is empty" % lang, "write the %s text" % lang
    if kind.startswith("type_error.date") or kind.startswith("value_error.date"):
        return "is not a date", "write the date as YYYY-MM-DD"
    return msg, "see docs/chains/README.md for the format of this field"


def _model_errors(exc: ValidationError, rel: str, step: Optional[str], prefix: str, fields: Iterable[str]) -> List[Issue]:
    out = []
    for err in exc.errors():
        message, fix = _explain(err, fields)
        path = _field_path(err["loc"])
        out.append(Issue(rel, message, fix, step, (prefix + "." + path) if prefix and path else (prefix or path)))
    return out


# ---------------------------------------------------------------------------------------------------------------
def check(root: Path, require_all: bool = True) -> Tuple[Optional[Catalog], List[Issue]]:
    """Load and check the catalog under root (a data/ directory). Returns the catalog (None if unusable) and issues."""
    root = Path(root)
    issues: List[Issue] = []

    # constants ------------------------------------------------------------------------------------------------
    constants: Dict[str, Constant] = {}
    raw = _read_yaml(root / "constants.yml", "constants.yml", issues)
    if isinstance(raw, dict):
        for key, value in raw.items():
            try:
                constants[key] = Constant.parse_obj(value)
            except ValidationError as exc:
                issues += _model_errors(exc, "constants.yml", None, str(key), Constant.__fields__)
    if "G" not in constants and not any(i.file == "constants.yml" for i in issues):
        issues.append(Issue("constants.yml", "the base amount G is missing", "add G: {value: ..., unit: NOK, ...}"))

    # agencies -------------------------------------------------------------------------------------------------
    agencies: Dict[str, Agency] = {}
    raw = _read_yaml(root / "agencies.yml", "agencies.yml", issues)
    raw_agencies = raw.get("agencies") if isinstance(raw, dict) else None
    if not isinstance(raw_agencies, list):
        issues.append(Issue("agencies.yml", "has no list `agencies:`", "start the file with `agencies:` and a list"))
        raw_agencies = []
    for i, item in enumerate(raw_agencies):
        aid = item.get("id") if isinstance(item, dict) else None
        try:
            agency = Agency.parse_obj(item)
        except ValidationError as exc:
            issues += _model_errors(exc, "agencies.yml", None, "agencies[%s]" % (aid or i), Agency.__fields__)
            continue
        if agency.id in agencies:
            issues.append(Issue("agencies.yml", "agency id '%s' is used twice" % agency.id, "give each agency its own id",
                                field="agencies[%s].id" % agency.id))
        for attr in ("opening_hours", "chat_hours"):
            try:
                calendar_no.parse_hours(getattr(agency, attr))
            except ValueError as exc:
                issues.append(Issue("agencies.yml", str(exc), 'write each line like "mon-fri 08:00-15:30"',
                                    field="agencies[%s].%s" % (agency.id, attr)))
        agencies[agency.id] = agency

    # life events ----------------------------------------------------------------------------------------------
    events: Dict[str, LifeEvent] = {}
    files = sorted((root / "chains").glob("*.yml"))
    if not files:
        issues.append(Issue("chains/", "has no chain files", "add data/chains/<life-event-id>.yml"))
    for path in files:
        rel = "chains/" + path.name
        raw = _read_yaml(path, rel, issues)
        if not isinstance(raw, dict):
            if raw is not None:
                issues.append(Issue(rel, "is not a mapping", "see docs/chains/README.md for the layout"))
            continue
        event = _parse_event(raw, rel, issues)
        if event is None:
            continue
        if event.id != path.stem:
            issues.append(Issue(rel, "id '%s' differs from the file name" % event.id,
                                "rename the file to %s.yml or set id: %s" % (event.id, path.stem), field="id"))
        if event.id in events:
            issues.append(Issue(rel, "life event '%s' is defined twice" % event.id, "remove one of them", field="id"))
        events[event.id] = event
    for missing in sorted(set(LIFE_EVENT_IDS) - set(events)) if require_all else []:
        if not any(i.file == "chains/%s.yml" % missing for i in issues):
            issues.append(Issue("chains/%s.yml" % missing, "is missing", "add the chain for life event '%s'" % missing))

    catalog = Catalog(events=events, agencies=agencies, constants=constants, root=root)
    _cross_check(catalog, issues)
    return catalog, issues


_EVENT_FIELDS = ("id", "title", "intro", "event_date", "dates", "facts", "steps")


def _parse_event(raw: Dict[str, Any], rel: str, issues: List[Issue]) -> Optional[LifeEvent]:
    steps_raw = raw.get("steps") or []
    head = {k: v for k, v in raw.items() if k != "steps"}
    from .models import DateDef, FactDef, Text  # local import keeps the module top tidy

    ok = True
    for key in ("id", "title", "intro", "event_date", "dates"):
        if key not in head:
            issues.append(Issue(rel, "`%s` is missing" % key, "add `%s:` at the top of the file" % key, field=key))
            ok = False
    for key in head:
        if key not in _EVENT_FIELDS:
            issues.append(Issue(rel, "`%s` is not a known field" % key, "allowed: " + ", ".join(_EVENT_FIELDS), field=key))
            ok = False
    if not ok:
        return None
    parsed: Dict[str, Any] = {"id": head["id"], "event_date": head["event_date"], "dates": [], "facts": [], "steps": []}
    for key in ("title", "intro"):
        try:
            parsed[key] = Text.parse_obj(head[key])
        except ValidationError as exc:
            issues += _model_errors(exc, rel, None, key, Text.__fields__)
            return None
    for kind, model, target in (("dates", DateDef, "dates"), ("facts", FactDef, "facts")):
        for i, item in enumerate(head.get(kind) or []):
            name = item.get("id", i) if isinstance(item, dict) else i
            try:
                parsed[target].append(model.parse_obj(item))
            except ValidationError as exc:
                issues += _model_errors(exc, rel, None, "%s[%s]" % (kind, name), model.__fields__)
    if not isinstance(steps_raw, list):
        issues.append(Issue(rel, "`steps` must be a list", "write each step as `- id: ...`", field="steps"))
        steps_raw = []
    for i, item in enumerate(steps_raw):
        sid = item.get("id") if isinstance(item, dict) else None
        try:
            parsed["steps"].append(Step.parse_obj(item))
        except ValidationError as exc:
            issues += _model_errors(exc, rel, str(sid or "#%d" % (i + 1)), "", Step.__fields__)
    return LifeEvent.construct(**parsed)


def _cross_check(catalog: Catalog, issues: List[Issue]) -> None:
    events, agencies = catalog.events, catalog.agencies
    by_id: Dict[str, List[Tuple[str, Step]]] = {}
    for event in events.values():
        for step in event.steps:
            by_id.setdefault(step.id, []).append((event.id, step))

    for eid, event in events.items():
        rel = "chains/%s.yml" % eid
        if not ID_RE.match(str(event.id)):
            issues.append(Issue(rel, "id '%s' is not kebab-case" % event.id, "use lower-case words joined by -", field="id"))
        date_ids = [d.id for d in event.dates]
        for dup in sorted({d for d in date_ids if date_ids.count(d) > 1}):
            issues.append(Issue(rel, "date '%s' is declared twice" % dup, "remove one", field="dates"))
        if event.event_date not in date_ids:
            issues.append(Issue(rel, "event_date '%s' is not one of the declared dates (%s)" % (event.event_date, ", ".join(date_ids)),
                                "declare it under dates: or correct the name", field="event_date"))
        for d in event.dates:
            if d.fallback and d.fallback not in date_ids:
                issues.append(Issue(rel, "fallback '%s' is not a declared date" % d.fallback,
                                    "use one of: " + ", ".join(date_ids), field="dates[%s].fallback" % d.id))
        facts = {f.id: f for f in event.facts}
        fact_ids = [f.id for f in event.facts]
        for dup in sorted({f for f in fact_ids if fact_ids.count(f) > 1}):
            issues.append(Issue(rel, "fact '%s' is declared twice" % dup, "remove one", field="facts"))
        for f in event.facts:
            vids = [v.id for v in f.values]
            for dup in sorted({v for v in vids if vids.count(v) > 1}):
                issues.append(Issue(rel, "value '%s' is listed twice" % dup, "remove one", field="facts[%s].values" % f.id))

        step_ids = [s.id for s in event.steps]
        for dup in sorted({s for s in step_ids if step_ids.count(s) > 1}):
            issues.append(Issue(rel, "step id '%s' is used twice in this chain" % dup, "give each step its own id", step=dup, field="id"))
        own = set(step_ids)
        if event.steps and not any(s.entry for s in event.steps):
            issues.append(Issue(rel, "no step is marked `entry: true`", "mark the first step(s) of the chain with entry: true", field="steps"))
        for step in event.steps:
            sid = step.id
            if not ID_RE.match(sid):
                issues.append(Issue(rel, "id '%s' is not kebab-case" % sid, "use lower-case words joined by -", sid, "id"))
            if step.agency not in agencies:
                issues.append(Issue(rel, "unknown agency '%s'" % step.agency,
                                    "use an id from data/agencies.yml (%s) or add the agency there" % ", ".join(sorted(agencies)), sid, "agency"))
            for dep in step.depends_on:
                if dep not in own:
                    issues.append(Issue(rel, "depends on unknown step '%s'" % dep, "use the id of a step in this file", sid, "depends_on"))
                if dep == sid:
                    issues.append(Issue(rel, "depends on itself", "remove '%s' from depends_on" % sid, sid, "depends_on"))
            if step.entry and step.depends_on:
                issues.append(Issue(rel, "is an entry step but also depends on %s" % ", ".join(step.depends_on),
                                    "remove entry: true or the depends_on list", sid, "entry"))
            if not step.entry and not step.depends_on:
                issues.append(Issue(rel, "nothing leads to this step: it depends on no step and is not an entry step",
                                    "add depends_on: [<step that comes before>] or mark it entry: true if it starts the chain", sid, "depends_on"))
            _check_condition(rel, step, facts, issues)
            if step.deadline is not None:
                if step.deadline.anchor not in date_ids:
                    issues.append(Issue(rel, "deadline counts from '%s', which is not a declared date" % step.deadline.anchor,
                                        "use one of: " + ", ".join(date_ids), sid, "deadline"))
            if step.verify and not step.verify_note:
                issues.append(Issue(rel, "is flagged verify but says not what to verify", "add verify_note: <what to check>", sid, "verify_note"))
            if step.status_check is not None:
                sc = step.status_check
                if sc.agency not in agencies:
                    issues.append(Issue(rel, "status_check names unknown agency '%s'" % sc.agency, "use an id from data/agencies.yml", sid, "status_check.agency"))
                elif sc.agency in KNOWN_LOOKUPS and sc.lookup not in KNOWN_LOOKUPS[sc.agency]:
                    issues.append(Issue(rel, "lookup '%s' is not offered by %s" % (sc.lookup, sc.agency),
                                        "use one of: " + ", ".join(sorted(KNOWN_LOOKUPS[sc.agency])), sid, "status_check.lookup"))
                if sc.lookup == "application" and sc.benefit not in NAV_BENEFITS:
                    issues.append(Issue(rel, "benefit '%s' is not known to the NAV look-up" % sc.benefit,
                                        "use one of: " + ", ".join(sorted(NAV_BENEFITS)), sid, "status_check.benefit"))
            for fname in ("title", "what", "why"):
                text: Any = getattr(step, fname)
                for lang in ("nb", "en"):
                    for m in re.finditer(r"\{[^}]*\}", text.get(lang)):
                        if not G_PLACEHOLDER.fullmatch(m.group(0)):
                            issues.append(Issue(rel, "placeholder %s is not understood" % m.group(0),
                                                "amounts are written {g:1.5} (1.5 times G); other braces are not allowed", sid, "%s.%s" % (fname, lang)))
            if step.same_as:
                target_event, _, target_step = step.same_as.partition("/")
                target = events.get(target_event)
                if not target_step or target is None or target_step not in [s.id for s in target.steps]:
                    issues.append(Issue(rel, "same_as '%s' names no step" % step.same_as,
                                        "write same_as: <life-event-id>/<step-id> of an existing step", sid, "same_as"))
                elif target_event == eid:
                    issues.append(Issue(rel, "same_as points into the same chain", "use depends_on within a chain", sid, "same_as"))
                else:
                    other = target.step(target_step)
                    if other.same_as:
                        issues.append(Issue(rel, "same_as points to a step that itself has same_as", "point to the original step", sid, "same_as"))
                    elif other.agency != step.agency or other.action != step.action:
                        issues.append(Issue(rel, "same_as step must have the same agency and action as %s" % step.same_as,
                                            "align agency/action or remove same_as", sid, "same_as"))
        _check_cycles(rel, event, issues)

    # steps with the same id in several chains are one shared step: both must say shared: true and agree
    for sid, owners in by_id.items():
        chains = {e for e, _ in owners}
        if len(chains) > 1:
            for eid, step in owners:
                if not step.shared:
                    others = ", ".join(sorted(chains - {eid}))
                    issues.append(Issue("chains/%s.yml" % eid, "step id '%s' is also used in %s" % (sid, others),
                                        "rename the step, or mark it shared: true in every chain if it is the same step", sid, "id"))
            first = owners[0][1]
            for eid, step in owners[1:]:
                if step.shared and first.shared and (step.agency != first.agency or step.action != first.action):
                    issues.append(Issue("chains/%s.yml" % eid, "shared step differs in agency or action from %s" % owners[0][0],
                                        "a shared step is the same step: use the same agency and action", sid, "agency"))

    # canonical ids
    for eid, event in events.items():
        for step in event.steps:
            canon = step.id
            if step.same_as and "/" in step.same_as:
                canon = step.same_as.split("/", 1)[1]
            catalog.canonical[(eid, step.id)] = canon


def _check_condition(rel: str, step: Step, facts: Dict[str, Any], issues: List[Issue]) -> None:
    if step.when is None:
        return
    raw = step.when if isinstance(step.when, list) else [step.when]
    for clause in raw:
        if not isinstance(clause, dict) or not clause:
            issues.append(Issue(rel, "a condition must map facts to values", "write e.g. when: {relationship: [spouse]}", step.id, "when"))
            continue
        for fid, values in clause.items():
            fact = facts.get(fid)
            if fact is None:
                issues.append(Issue(rel, "condition uses fact '%s', which this life event does not declare" % fid,
                                    "declare it under facts: or use one of: %s" % ", ".join(sorted(facts)), step.id, "when.%s" % fid))
                continue
            if fact.type == "date":
                issues.append(Issue(rel, "conditions cannot use the date fact '%s'" % fid, "use a choice or bool fact", step.id, "when.%s" % fid))
                continue
            allowed = fact.value_ids()
            for value in values if isinstance(values, list) else [values]:
                if value not in allowed or (fact.type == "choice" and isinstance(value, bool)):
                    issues.append(Issue(rel, "value %r is not an allowed value of fact '%s'" % (value, fid),
                                        "use one of: %s" % ", ".join(map(lambda v: str(v).lower(), allowed)), step.id, "when.%s" % fid))


def _check_cycles(rel: str, event: LifeEvent, issues: List[Issue]) -> None:
    graph = {s.id: [d for d in s.depends_on if d != s.id] for s in event.steps}
    state: Dict[str, int] = {}
    reported = set()

    def visit(node: str, path: List[str]) -> None:
        state[node] = 1
        for dep in graph.get(node, []):
            if dep not in graph:
                continue
            if state.get(dep) == 1:
                cycle = path[path.index(dep):] + [dep] if dep in path else [node, dep]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    issues.append(Issue(rel, "dependency cycle: %s" % " -> ".join(cycle),
                                        "remove one of these depends_on links so the steps can be ordered", cycle[0], "depends_on"))
            elif state.get(dep) is None:
                visit(dep, path + [dep])
        state[node] = 2

    for sid in graph:
        if state.get(sid) is None:
            visit(sid, [sid])


# ---------------------------------------------------------------------------------------------------------------
_CACHE: Dict[Path, Catalog] = {}


def load_catalog(root: Optional[Path] = None, *, reload: bool = False) -> Catalog:
    """Load the catalog (default <repo>/data), cached per directory. Raises CatalogError listing every problem."""
    path = Path(root) if root is not None else DEFAULT_DATA
    path = path.resolve()
    if not reload and path in _CACHE:
        return _CACHE[path]
    catalog, issues = check(path, require_all=False)  # `make validate` insists on all seven chains
    if issues:
        raise CatalogError(issues)
    assert catalog is not None
    _CACHE[path] = catalog
    return catalog
