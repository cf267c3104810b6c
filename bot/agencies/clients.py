"""Typed clients for the agency APIs, and AgencyClients: what the actions use.

    clients = AgencyClients.from_settings()
    result = clients.check({"agency": "folkeregisteret", "lookup": "death_registered"}, fnr)
    receipts = clients.tell_us_once("death", subject_fnr, reporter_fnr, consents, idempotency_key, details)
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from bot.agencies.catalog import APPLICATION_TYPES, TELL_US_ONCE_AGENCIES
from bot.agencies.errors import InvalidRequest, NotFound
from bot.agencies.http import HttpTransport
from bot.agencies.models import (
    Enhet, EnhetSok, FrivilligOrganisasjon, FrivilligSok, Melding, Person, PersonRoller, Receipt, Registrering, Sak, SakListe,
    Skiftesak, SkiftesakListe, StatusResult, TellUsOnceSvar,
)


def _key(idempotency_key: str | None) -> str:
    return idempotency_key or uuid.uuid4().hex


class _Base:
    agency = ""

    def __init__(self, http: HttpTransport):
        self.http = http

    def _get(self, template: str, **kw) -> Any:
        return self.http.request(self.agency, "GET", template, **kw)

    def _post(self, template: str, body: dict, idempotency_key: str | None, **kw) -> Any:
        return self.http.request(self.agency, "POST", template, json=body, idempotency_key=idempotency_key, **kw)


class CasesClient(_Base):
    """Applications (søknader) and notifications (meldinger): the same at every agency."""

    def apply(self, fnr: str, type: str, details: dict | None = None, *, idempotency_key: str | None = None) -> Sak:
        body = {"type": type, "personident": fnr, "opplysninger": details or {}}
        return Sak.parse_obj(self._post(f"/{self.agency}/api/v1/soknader", body, idempotency_key))

    def applications(self, fnr: str, type: str | None = None) -> list[Sak]:
        data = self._get(f"/{self.agency}/api/v1/soknader", params={"type": type} if type else None,
                         headers={"Personident": fnr})
        return SakListe.parse_obj(data).saker

    def application(self, case_id: str) -> Sak:
        return Sak.parse_obj(self._get(f"/{self.agency}/api/v1/soknader/{{saksnummer}}", path={"saksnummer": case_id}))

    def notify(self, event: str, subject_fnr: str, reporter_fnr: str | None = None, details: dict | None = None,
               *, idempotency_key: str | None = None) -> Melding:
        body = {"hendelse": event, "personident": subject_fnr, "innmelder": reporter_fnr, "detaljer": details or {}}
        return Melding.parse_obj(self._post(f"/{self.agency}/api/v1/meldinger", body, idempotency_key))

    def notification(self, case_id: str) -> Melding:
        return Melding.parse_obj(self._get(f"/{self.agency}/api/v1/meldinger/{{saksnummer}}",
                                           path={"saksnummer": case_id}))


class FolkeregisteretClient(CasesClient):
    agency = "folkeregisteret"

    def person(self, fnr: str) -> Person:
        return Person.parse_obj(self._get("/folkeregisteret/api/v1/personer/{personident}", path={"personident": fnr}))

    def report_move(self, fnr: str, move_date: dt.date, address: dict, *, idempotency_key: str | None = None) -> Sak:
        body = {"personident": fnr, "flyttedato": move_date.isoformat(), "nyAdresse": address}
        return Sak.parse_obj(self._post("/folkeregisteret/api/v1/flyttemeldinger", body, idempotency_key))


class TingrettenClient(CasesClient):
    agency = "tingretten"

    def probate_cases(self, fnr: str) -> list[Skiftesak]:
        data = self._get("/tingretten/api/v1/skiftesaker", headers={"Personident": fnr})
        return SkiftesakListe.parse_obj(data).skiftesaker

    def probate_case(self, case_id: str) -> Skiftesak:
        return Skiftesak.parse_obj(self._get("/tingretten/api/v1/skiftesaker/{saksnummer}",
                                             path={"saksnummer": case_id}))

    def choose_settlement(self, case_id: str, settlement: str, fnr: str, *,
                          idempotency_key: str | None = None) -> Skiftesak:
        return Skiftesak.parse_obj(self._post("/tingretten/api/v1/skiftesaker/{saksnummer}/skifteform",
                                              {"skifteform": settlement, "personident": fnr}, idempotency_key,
                                              path={"saksnummer": case_id}))


class BrregClient(CasesClient):
    agency = "brreg"

    def unit(self, orgnr: str) -> Enhet:
        return Enhet.parse_obj(self._get("/brreg/enhetsregisteret/api/enheter/{orgnr}", path={"orgnr": orgnr}))

    def search(self, **params: Any) -> EnhetSok:
        return EnhetSok.parse_obj(self._get("/brreg/enhetsregisteret/api/enheter", params=params))

    def volunteer_organisation(self, orgnr: str) -> FrivilligOrganisasjon:
        return FrivilligOrganisasjon.parse_obj(self._get(
            "/brreg/frivillighetsregisteret/api/frivillige-organisasjoner/{orgnr}", path={"orgnr": orgnr}))

    def volunteer_organisations(self, size: int = 20, search_after: str | None = None) -> FrivilligSok:
        params: dict[str, Any] = {"size": size}
        if search_after:
            params["searchAfter"] = search_after
        return FrivilligSok.parse_obj(self._get("/brreg/frivillighetsregisteret/api/frivillige-organisasjoner",
                                                params=params))

    def roles(self, fnr: str) -> PersonRoller:
        return PersonRoller.parse_obj(self._get("/brreg/autorisert-api/roller", headers={"Personident": fnr}))

    def register_unit(self, registration: dict, *, idempotency_key: str | None = None) -> Registrering:
        return Registrering.parse_obj(self._post("/brreg/registreringer", registration, idempotency_key))

    def registration(self, case_id: str) -> Registrering:
        return Registrering.parse_obj(self._get("/brreg/registreringer/{saksnummer}", path={"saksnummer": case_id}))


def _cases_client(name: str) -> type[CasesClient]:
    return type(f"{name.capitalize()}Client", (CasesClient,), {"agency": name})


NavClient = _cases_client("nav")
SkatteetatenClient = _cases_client("skatteetaten")
KartverketClient = _cases_client("kartverket")
UdiClient = _cases_client("udi")
PolitietClient = _cases_client("politiet")
KommuneClient = _cases_client("kommune")
HelfoClient = _cases_client("helfo")
LanekassenClient = _cases_client("lanekassen")


class AgencyClients:
    def __init__(self, base_url: str, token: str, *, connect_timeout: float = 1.0, read_timeout: float = 3.0,
                 retries: int = 2, backoff: float = 0.2):
        self.http = HttpTransport(base_url, token, connect_timeout=connect_timeout, read_timeout=read_timeout,
                                  retries=retries, backoff=backoff)
        self.folkeregisteret = FolkeregisteretClient(self.http)
        self.nav = NavClient(self.http)
        self.skatteetaten = SkatteetatenClient(self.http)
        self.tingretten = TingrettenClient(self.http)
        self.kartverket = KartverketClient(self.http)
        self.brreg = BrregClient(self.http)
        self.udi = UdiClient(self.http)
        self.politiet = PolitietClient(self.http)
        self.kommune = KommuneClient(self.http)
        self.helfo = HelfoClient(self.http)
        self.lanekassen = LanekassenClient(self.http)

    @classmethod
    def from_settings(cls, **overrides: Any) -> "AgencyClients":
        """Base URL, token and timeouts from bot/settings.py (VEIVISER_AGENCY_CONNECT_TIMEOUT, ..._READ_TIMEOUT,
        ..._RETRIES may override the defaults 1 s, 3 s and 2)."""
        from bot import settings
        kwargs: dict[str, Any] = {
            "connect_timeout": float(settings.get("VEIVISER_AGENCY_CONNECT_TIMEOUT", "1.0")),
            "read_timeout": float(settings.get("VEIVISER_AGENCY_READ_TIMEOUT", "3.0")),
            "retries": int(settings.get("VEIVISER_AGENCY_RETRIES", "2")),
        }
        kwargs.update(overrides)
        return cls(settings.agency_base_url(), settings.agency_token(), **kwargs)

    def client(self, agency: str) -> CasesClient:
        found = getattr(self, agency, None)
        if not isinstance(found, CasesClient):
            raise KeyError(agency)
        return found

    # ------------------------------------------------------------------ status look-ups
    def check(self, status_check: dict, fnr: str) -> StatusResult:
        """Look up the status a chain step declares, for the citizen `fnr`."""
        from bot.agencies.status import check
        return check(self, status_check, fnr)

    # ------------------------------------------------------------------ Tell Us Once
    def tell_us_once(self, event: str, subject_fnr: str, reporter_fnr: str, consents: dict[str, bool],
                     idempotency_key: str, details: dict | None = None) -> list[Receipt]:
        if event not in TELL_US_ONCE_AGENCIES:
            raise InvalidRequest(f"unknown event {event!r}",
                                 errors=[{"loc": ["event"], "msg": "death, birth or move", "type": "value_error"}])
        body = {"hendelse": event, "personident": subject_fnr, "innmelder": reporter_fnr,
                "samtykker": dict(consents), "detaljer": details or {}}
        data = self.http.request("tell-us-once", "POST", "/tell-us-once/api/v1/meldinger", json=body,
                                 idempotency_key=idempotency_key)
        answer = TellUsOnceSvar.parse_obj(data)
        return [Receipt(agency_id=k.etat, status=k.status, case_id=k.saksnummer, at=k.tidspunkt, message=k.melding)
                for k in answer.kvitteringer]


__all__ = ["AgencyClients", "APPLICATION_TYPES", "NotFound"]
