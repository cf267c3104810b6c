"""Status look-ups that chain steps declare: {"agency": ..., "lookup": ..., ...} -> StatusResult.

Statuses: done (it has happened), waiting (an agency is on it, or it happens by itself), todo (the citizen has
to act, e.g. nothing applied for yet), unknown (this look-up is not supported). Details never hold identity
numbers. Raises AgencyUnavailable, NotFound (the citizen or unit is unknown to the agency) and InvalidRequest.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from bot.agencies.catalog import AGENCY_NAMES, APPLICATION_TYPES
from bot.agencies.errors import InvalidRequest, NotFound
from bot.agencies.models import Sak, StatusResult

if TYPE_CHECKING:
    from bot.agencies.clients import AgencyClients

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]

TYPE_NAMES: dict[str, tuple[str, str]] = {
    "foreldrepenger": ("foreldrepenger", "parental benefit"),
    "engangsstonad": ("engangsstønad", "the lump-sum grant"),
    "svangerskapspenger": ("svangerskapspenger", "pregnancy benefit"),
    "barnetrygd": ("barnetrygd", "child benefit"),
    "kontantstotte": ("kontantstøtte", "cash-for-care benefit"),
    "pleiepenger": ("pleiepenger", "care benefit for a sick child"),
    "omsorgsdager": ("ekstra omsorgsdager", "extra care days"),
    "opplaeringspenger": ("opplæringspenger", "training allowance"),
    "hjelpestonad": ("hjelpestønad", "attendance allowance"),
    "grunnstonad": ("grunnstønad", "basic benefit"),
    "dagpenger": ("dagpenger", "unemployment benefit"),
    "gravferdsstonad": ("gravferdsstønad", "the funeral grant"),
    "baaretransport": ("støtte til båretransport", "support for transporting the body"),
    "omstillingsstonad": ("omstillingsstønad", "the adjustment allowance for survivors"),
    "barnepensjon": ("barnepensjon", "children's pension"),
    "oppholdstillatelse": ("oppholdstillatelse", "a residence permit"),
    "eu_registrering": ("registrering som EU/EØS-borger", "registration as an EU/EEA national"),
    "permanent_opphold": ("permanent oppholdstillatelse", "a permanent residence permit"),
    "statsborgerskap": ("statsborgerskap", "citizenship"),
    "foreldrestipend": ("foreldrestipend", "the parental grant"),
    "barnehage": ("barnehageplass", "a kindergarten place"),
    "fastlege": ("fastlege", "a GP"),
}

LOOKUP_TYPES = {"residence_application": "oppholdstillatelse", "eu_registration": "eu_registrering",
                "permanent_residence": "permanent_opphold", "citizenship": "statsborgerskap"}

SETTLEMENT_NAMES = {"privat": ("privat skifte", "private settlement"), "uskifte": ("uskifte", "undivided estate"),
                    "offentlig": ("offentlig skifte", "public settlement")}

FAMILY = ("EKTEFELLE", "SAMBOER", "PARTNER", "FAR", "MOR", "BARN")


def _nb_date(d: dt.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def _en_date(d: dt.date | None) -> str:
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}" if d else ""


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _agency(agency: str) -> tuple[str, str]:
    names = AGENCY_NAMES.get(agency, {"nb": agency, "en": agency})
    return names["nb"], names["en"]


def _result(status: str, nb: str, en: str, detail: dict | None = None, case_id: str | None = None) -> StatusResult:
    return StatusResult(status=status, summary={"nb": nb, "en": en}, detail=detail or {}, case_id=case_id)


def check(clients: "AgencyClients", status_check: dict, fnr: str) -> StatusResult:
    if not isinstance(status_check, dict):
        raise InvalidRequest("status_check must be a mapping")
    agency = status_check.get("agency")
    lookup = status_check.get("lookup")
    if agency == "folkeregisteret" and lookup == "death_registered":
        return death_registered(clients, fnr, status_check)
    if agency == "folkeregisteret" and lookup == "birth_registered":
        return birth_registered(clients, fnr)
    if agency == "tingretten" and lookup in ("probate_case", "settlement_chosen"):
        return probate(clients, fnr, lookup)
    if agency == "brreg" and lookup == "unit_registered":
        return unit_registered(clients, fnr, status_check)
    if agency == "brreg" and lookup == "volunteer_registered":
        return volunteer_registered(clients, fnr, status_check)
    if lookup in LOOKUP_TYPES and agency == "udi":
        return application(clients, agency, LOOKUP_TYPES[lookup], fnr)
    if lookup == "application" and agency in APPLICATION_TYPES:
        kind = status_check.get("benefit") or status_check.get("type")
        if kind not in APPLICATION_TYPES[agency]:
            raise InvalidRequest(f"{agency} has no application type {kind!r}",
                                 errors=[{"loc": ["benefit"], "msg": "unknown application type", "type": "value_error"}])
        return application(clients, agency, kind, fnr)
    return _result("unknown", "Jeg kan ikke sjekke dette automatisk ennå.", "I cannot check this automatically yet.",
                   {"agency": agency, "lookup": lookup})


# ---------------------------------------------------------------- Folkeregisteret

def death_registered(clients: "AgencyClients", fnr: str, status_check: dict) -> StatusResult:
    freg = clients.folkeregisteret
    if status_check.get("subject_fnr"):
        candidates = [(None, status_check["subject_fnr"])]
    else:
        me = freg.person(fnr)
        candidates = [(r.relatertPersonsRolle, r.relatertPersonsIdentifikator) for r in me.familierelasjoner
                      if r.relatertPersonsRolle in FAMILY]
    deaths = []
    for role, ident in candidates:
        try:
            other = freg.person(ident)
        except NotFound:
            continue
        if other.doedsfall:
            deaths.append((other.doedsfall.doedsdato, role, other))
    if not deaths:
        return _result("waiting",
                       "Folkeregisteret har ikke registrert noe dødsfall i familien din ennå. "
                       "Legen melder dødsfallet, vanligvis samme dag.",
                       "The National Population Register has not registered a death in your family yet. "
                       "The doctor reports the death, usually the same day.",
                       {"relatives_checked": len(candidates)})
    date, role, other = max(deaths, key=lambda t: t[0])
    name = f"{other.navn.fornavn} {other.navn.etternavn}"
    return _result("done",
                   f"Folkeregisteret har registrert at {name} døde {_nb_date(date)}.",
                   f"The National Population Register has registered that {name} died on {_en_date(date)}.",
                   {"relation": role, "name": name, "date_of_death": date.isoformat()})


def birth_registered(clients: "AgencyClients", fnr: str) -> StatusResult:
    freg = clients.folkeregisteret
    me = freg.person(fnr)
    children = []
    for rel in me.familierelasjoner:
        if rel.relatertPersonsRolle != "BARN":
            continue
        try:
            children.append(freg.person(rel.relatertPersonsIdentifikator))
        except NotFound:
            continue
    if not children:
        return _result("waiting",
                       "Folkeregisteret har ikke registrert en fødsel ennå. Sykehuset eller jordmoren melder fødselen.",
                       "The National Population Register has not registered a birth yet. "
                       "The hospital or midwife reports the birth.")
    child = max(children, key=lambda c: c.foedsel.foedselsdato)
    born = child.foedsel.foedselsdato
    has_fnr = child.identifikatortype == "foedselsnummer"
    detail = {"first_name": child.navn.fornavn, "birth_date": born.isoformat(), "has_fnr": has_fnr}
    if has_fnr:
        return _result("done",
                       f"Fødselen {_nb_date(born)} er registrert, og barnet har fått fødselsnummer.",
                       f"The birth on {_en_date(born)} is registered, and the child has a national ID number.", detail)
    return _result("waiting", f"Fødselen {_nb_date(born)} er registrert. Barnet får snart fødselsnummer.",
                   f"The birth on {_en_date(born)} is registered. The child will get a national ID number soon.",
                   detail)


# ---------------------------------------------------------------- tingretten

def probate(clients: "AgencyClients", fnr: str, lookup: str) -> StatusResult:
    cases = clients.tingretten.probate_cases(fnr)
    if not cases:
        return _result("waiting", "Tingretten har ikke åpnet noen skiftesak ennå.",
                       "The district court has not opened a probate case yet.")
    case = max(cases, key=lambda c: c.avdoed.doedsdato)
    detail = {"opened": True, "court": case.domstol, "deceased_name": case.avdoed.navn,
              "date_of_death": case.avdoed.doedsdato.isoformat(), "settlement": case.skifteform,
              "settlement_deadline": case.fristSkifteform.isoformat() if case.fristSkifteform else None}
    if case.skifteform:
        nb_s, en_s = SETTLEMENT_NAMES[case.skifteform]
        return _result("done", f"Tingretten har åpnet skiftesaken {case.saksnummer}, og dere har valgt {nb_s}.",
                       f"The district court has opened probate case {case.saksnummer}, and you have chosen {en_s}.",
                       detail, case.saksnummer)
    nb_deadline = f" Fristen er {_nb_date(case.fristSkifteform)}." if case.fristSkifteform else ""
    en_deadline = f" The deadline is {_en_date(case.fristSkifteform)}." if case.fristSkifteform else ""
    return _result("done" if lookup == "probate_case" else "todo",
                   f"Tingretten har åpnet skiftesaken {case.saksnummer}. Dere har ikke valgt skifteform ennå."
                   + nb_deadline,
                   f"The district court has opened probate case {case.saksnummer}. "
                   f"You have not chosen how to settle the estate yet." + en_deadline,
                   detail, case.saksnummer)


# ---------------------------------------------------------------- applications (NAV, UDI, ...)

def application(clients: "AgencyClients", agency: str, kind: str, fnr: str) -> StatusResult:
    cases = clients.client(agency).applications(fnr, kind)
    nb_agency, en_agency = _agency(agency)
    nb_kind, en_kind = TYPE_NAMES.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
    if not cases:
        return _result("todo", f"Du har ikke søkt om {nb_kind} ennå.",
                       f"You have not applied for {en_kind} yet.", {"type": kind, "agency": agency})
    case: Sak = max(cases, key=lambda c: (c.mottatt, c.saksnummer))
    detail = {"type": kind, "agency": agency, "status": case.status, "received": case.mottatt.isoformat(),
              "decided": case.vedtaksdato.isoformat() if case.vedtaksdato else None}
    if case.status == "INNVILGET":
        return _result("done", f"{_cap(nb_agency)} har innvilget søknaden din om {nb_kind}.",
                       f"{_cap(en_agency)} has granted your application for {en_kind}.", detail, case.saksnummer)
    if case.status == "AVSLAATT":
        return _result("done", f"{_cap(nb_agency)} har avslått søknaden din om {nb_kind}. Du kan klage på vedtaket.",
                       f"{_cap(en_agency)} has turned down your application for {en_kind}. You can appeal.",
                       detail, case.saksnummer)
    if case.status == "UNDER_BEHANDLING":
        return _result("waiting", f"{_cap(nb_agency)} behandler søknaden din om {nb_kind} (sak {case.saksnummer}).",
                       f"{_cap(en_agency)} is processing your application for {en_kind} (case {case.saksnummer}).",
                       detail, case.saksnummer)
    return _result("waiting",
                   f"{_cap(nb_agency)} har mottatt søknaden din om {nb_kind} {_nb_date(case.mottatt)} "
                   f"(sak {case.saksnummer}).",
                   f"{_cap(en_agency)} received your application for {en_kind} on {_en_date(case.mottatt)} "
                   f"(case {case.saksnummer}).", detail, case.saksnummer)


# ---------------------------------------------------------------- Brønnøysundregistrene

def _units_of(clients: "AgencyClients", fnr: str, status_check: dict) -> list[dict[str, Any]]:
    if status_check.get("orgnr"):
        unit = clients.brreg.unit(status_check["orgnr"])
        return [{"organisasjonsnummer": unit.organisasjonsnummer, "navn": unit.navn,
                 "organisasjonsform": unit.organisasjonsform.kode,
                 "registrertIFrivillighetsregisteret": unit.registrertIFrivillighetsregisteret}]
    forms = status_check.get("forms")
    seen: dict[str, dict] = {}
    for role in clients.brreg.roles(fnr).roller:
        if forms and role.organisasjonsform not in forms:
            continue
        seen.setdefault(role.organisasjonsnummer, role.dict())
    return list(seen.values())


def unit_registered(clients: "AgencyClients", fnr: str, status_check: dict) -> StatusResult:
    units = _units_of(clients, fnr, status_check)
    if not units:
        return _result("todo", "Du står ikke oppført med noen virksomhet i Enhetsregisteret ennå.",
                       "You are not listed with any business in the Central Coordinating Register yet.")
    unit = units[-1]
    return _result("done",
                   f"{unit['navn']} er registrert i Enhetsregisteret med organisasjonsnummer "
                   f"{unit['organisasjonsnummer']}.",
                   f"{unit['navn']} is registered in the Central Coordinating Register with organisation number "
                   f"{unit['organisasjonsnummer']}.",
                   {"orgnr": unit["organisasjonsnummer"], "name": unit["navn"], "form": unit["organisasjonsform"],
                    "units": len(units)}, unit["organisasjonsnummer"])


def volunteer_registered(clients: "AgencyClients", fnr: str, status_check: dict) -> StatusResult:
    units = _units_of(clients, fnr, status_check)
    for unit in units:
        if unit["registrertIFrivillighetsregisteret"]:
            org = clients.brreg.volunteer_organisation(unit["organisasjonsnummer"])
            return _result("done",
                           f"{unit['navn']} er registrert i Frivillighetsregisteret fra {_nb_date(org.innfoertDato)}.",
                           f"{unit['navn']} is registered in the Register of Non-Profit Organisations since "
                           f"{_en_date(org.innfoertDato)}.",
                           {"orgnr": unit["organisasjonsnummer"], "name": unit["navn"],
                            "grasrotandel": org.grasrotandel.get("deltarI", False)}, unit["organisasjonsnummer"])
    if units:
        unit = units[0]
        return _result("todo",
                       f"{unit['navn']} er registrert i Enhetsregisteret, men ikke i Frivillighetsregisteret.",
                       f"{unit['navn']} is in the Central Coordinating Register, but not in the Register of "
                       f"Non-Profit Organisations.", {"orgnr": unit["organisasjonsnummer"], "name": unit["navn"]})
    return _result("todo", "Organisasjonen er ikke registrert i Frivillighetsregisteret ennå.",
                   "The organisation is not registered in the Register of Non-Profit Organisations yet.")
