"""The mock agency APIs: one Sanic app, one blueprint per agency, SQLite for what is written.

Start it with `python -m bot.agencies.mock` (see __main__.py). create_app() is what tests and the benchmark use.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import time
from pathlib import Path
from typing import Any

from sanic import Blueprint, Sanic
from sanic.exceptions import MethodNotSupported, NotFound as SanicNotFound, SanicException
from sanic.response import html, json as json_response

from bot.agencies.catalog import APPLICATION_TYPES, TELL_US_ONCE_AGENCIES
from bot.agencies.ids import valid_orgnr, valid_personal_id
from bot.agencies.models import (
    EnhetSok, EnhetSokQuery, Enhet, ErrorBody, FaultTable, FlyttemeldingInn, FrivilligOrganisasjon,
    FrivilligSok, FrivilligSokQuery, IcnpoKategoriListe,
    Health, Kvittering, PersonRoller, Person, Registrering, RegistreringInn, Sak, Skiftesak, SkiftesakListe,
    SkifteformInn, TellUsOnceInn, TellUsOnceSvar,
)
from bot.agencies.mock.api import Api, ApiError, dump, error_response, invalid, parse_body, parse_query
from bot.agencies.mock.faults import AGENCY_PREFIXES, Faults, reset_connection
from bot.agencies.mock.generic import (
    CASE_ID, PERSONIDENT_HEADER, add_case_routes, record_notification, require_person_header, sak_view,
)
from bot.agencies.mock.store import Store, now
from bot.agencies.personas import load_seed

log = logging.getLogger("veiviser.agencies.mock")

OPEN_PATHS = {"/health", "/openapi.json", "/docs"}
FNR_PATH = {"type": "string", "pattern": "^[0-9]{11}$"}
ORGNR_PATH = {"type": "string", "pattern": "^[0-9]{9}$"}
ORGFORM_NAMES = {"ENK": "Enkeltpersonforetak", "AS": "Aksjeselskap", "ANS": "Ansvarlig selskap",
                 "DA": "Selskap med delt ansvar", "SA": "Samvirkeforetak", "NUF": "Norskregistrert utenlandsk foretak",
                 "FLI": "Forening/lag/innretning", "STI": "Stiftelse"}
SECTOR = {"ENK": ("8200", "Personlig næringsdrivende"), "AS": ("2100", "Private aksjeselskaper mv."),
          "FLI": ("7000", "Ideelle organisasjoner"), "STI": ("7000", "Ideelle organisasjoner")}


ICNPO_MAIN = [("1", "Kultur og fritid"), ("2", "Utdanning og forskning"), ("3", "Helse"), ("4", "Sosiale tjenester"),
              ("5", "Miljøvern"), ("6", "Lokalsamfunnsutvikling og bolig"), ("7", "Politikk og interessefremmende arbeid"),
              ("8", "Stiftelser og frivillighetssentraler"), ("9", "Internasjonale organisasjoner"),
              ("10", "Religion og livssyn"), ("11", "Arbeidsgiver-, yrkes- og fagorganisasjoner"),
              ("12", "Andre"), ("13", "Sosialt entreprenørskap"), ("14", "Vennskapsforeninger")]


def create_app(*, db_path: Path, token: str, admin_token: str, faults: Faults | None = None,
               seed_path: str | None = None, name: str = "veiviser_agencies") -> Sanic:
    app = Sanic(name)
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.REQUEST_MAX_SIZE = 1_000_000
    app.config.KEEP_ALIVE_TIMEOUT = 30
    app.ctx.store = Store(db_path, load_seed(seed_path))
    app.ctx.faults = faults or Faults()
    app.ctx.token = token
    app.ctx.admin_token = admin_token
    api = Api()
    app.ctx.api = api

    # ------------------------------------------------------------------ middleware: faults, then auth
    @app.middleware("request")
    async def faults_and_auth(request):
        request.ctx.started = time.perf_counter()
        path = request.path
        first = path.strip("/").split("/", 1)[0]
        if first in AGENCY_PREFIXES:
            spec = app.ctx.faults.get(first)
            if spec is not None:
                if spec.down and spec.down_mode == "reset":
                    reset_connection(request)
                    return error_response(503, "unavailable", "connection reset")
                if spec.down:
                    return error_response(503, "unavailable", f"{first} is down (injected fault).",
                                          headers={"Retry-After": "1"})
                if spec.latency_ms:
                    await asyncio.sleep(spec.latency_ms / 1000)
                if spec.error_rate and app.ctx.faults.random.random() < spec.error_rate:
                    return error_response(503, "unavailable", f"{first} failed (injected fault).",
                                          headers={"Retry-After": "1"})
        if path in OPEN_PATHS:
            return None
        expected = app.ctx.admin_token if first == "admin" else app.ctx.token
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or not header[7:].strip():
            return error_response(401, "unauthorized", "A bearer token is required.",
                                  headers={"WWW-Authenticate": 'Bearer realm="veiviser-agencies"'})
        if not hmac.compare_digest(header[7:].strip().encode(), expected.encode()):
            return error_response(403, "forbidden", "The bearer token is not valid for this API.")
        return None

    @app.middleware("response")
    async def access_log(request, response):
        started = getattr(request.ctx, "started", None)
        if started is not None and log.isEnabledFor(logging.DEBUG):
            route = request.route.path if request.route else "?"
            log.debug("%s /%s %s %.1fms", request.method, route, response.status,
                      (time.perf_counter() - started) * 1000)

    # ------------------------------------------------------------------ errors as JSON
    @app.exception(SanicNotFound)
    async def not_found(request, exc):
        return error_response(404, "not_found", "No such resource.")

    @app.exception(MethodNotSupported)
    async def not_allowed(request, exc):
        return error_response(405, "method_not_allowed", "Method not allowed for this resource.")

    @app.exception(ApiError)
    async def api_error(request, exc):
        return error_response(exc.status, exc.error, exc.message, exc.detail, exc.headers)

    @app.exception(SanicException)
    async def sanic_error(request, exc):
        status = getattr(exc, "status_code", 400) or 400
        return error_response(status, "invalid_request" if status < 500 else "server_error", str(exc) or "error")

    @app.exception(Exception)
    async def crash(request, exc):
        log.exception("unhandled error on %s %s", request.method, request.route.path if request.route else "?")
        return error_response(500, "server_error", "Internal error in the mock agency.")

    # ------------------------------------------------------------------ service endpoints
    core = Blueprint("core")

    @api.op(core, "GET", "/health", tag="service", summary="Liveness (no token)", auth=None,
            responses={200: (Health, "The service is up.")})
    async def health(request):
        return json_response({"status": "ok"})

    @core.get("/openapi.json")
    async def openapi(request):
        return json_response(app.ctx.openapi)

    @core.get("/docs")
    async def docs(request):
        return html(DOCS_PAGE)

    blueprints = [core]
    store: Store = app.ctx.store

    # ------------------------------------------------------------------ Folkeregisteret
    freg = Blueprint("folkeregisteret")
    blueprints.append(freg)

    @api.op(freg, "GET", "/folkeregisteret/api/v1/personer/{personident}", tag="folkeregisteret",
            summary="A person in the National Population Register", path_params={"personident": FNR_PATH},
            responses={200: (Person, "The person."), 404: (ErrorBody, "No such person.")})
    async def person(request, personident):
        if not valid_personal_id(personident):
            raise invalid(["path", "personident"], "not a valid fødselsnummer or D-nummer")
        view = store.person_view(personident)
        if view is None:
            raise ApiError(404, "not_found", "No person with that identity number.")
        return json_response(dump(Person.parse_obj(view)))

    @api.op(freg, "POST", "/folkeregisteret/api/v1/flyttemeldinger", tag="folkeregisteret",
            summary="Report a move (flyttemelding)", body=FlyttemeldingInn,
            responses={201: (Sak, "The notice of move was registered.")}, idempotent=True)
    async def move(request):
        body = parse_body(request, FlyttemeldingInn)
        case = store.add_case(agency="folkeregisteret", kind="soknad", type="flyttemelding",
                              personident=body.personident, status="REGISTRERT",
                              data={"flyttedato": body.flyttedato.isoformat(), "nyAdresse": body.nyAdresse.dict()})
        return json_response(sak_view(case), status=201)

    add_case_routes(api, freg, "folkeregisteret")

    # ------------------------------------------------------------------ tingretten
    court = Blueprint("tingretten")
    blueprints.append(court)

    def skiftesak_view(case: dict[str, Any]) -> dict[str, Any]:
        data = case["data"]
        deceased = store.person(store.fnr_of(data.get("avdoed", "")) or "") or {}
        heirs = [store.person(store.fnr_of(k) or "") for k in data.get("arvinger", [])]
        return dump(Skiftesak(
            saksnummer=case["saksnummer"], domstol=data.get("domstol", "Tingretten"), status=case["status"],
            avdoed={"navn": f"{deceased.get('fornavn', '')} {deceased.get('etternavn', '')}".strip() or "ukjent",
                    "doedsdato": data.get("doedsdato")},
            skifteform=data.get("skifteform"), fristSkifteform=data.get("frist_skifteform"),
            arvinger=[{"fornavn": h["fornavn"], "etternavn": h["etternavn"]} for h in heirs if h]))

    @api.op(court, "GET", "/tingretten/api/v1/skiftesaker", tag="tingretten",
            summary="Probate cases where the citizen is an heir", headers=PERSONIDENT_HEADER,
            responses={200: (SkiftesakListe, "Probate cases (may be empty).")})
    async def probate_cases(request):
        personident = require_person_header(request)
        return json_response({"skiftesaker": [skiftesak_view(c) for c in store.cases_where_heir(personident)]})

    @api.op(court, "GET", "/tingretten/api/v1/skiftesaker/{saksnummer}", tag="tingretten",
            summary="One probate case", path_params={"saksnummer": CASE_ID},
            responses={200: (Skiftesak, "The probate case."), 404: (ErrorBody, "No such case.")})
    async def probate_case(request, saksnummer):
        case = store.case(saksnummer)
        if case is None or case["kind"] != "skiftesak":
            raise ApiError(404, "not_found", "No probate case with that number.")
        return json_response(skiftesak_view(case))

    @api.op(court, "POST", "/tingretten/api/v1/skiftesaker/{saksnummer}/skifteform", tag="tingretten",
            summary="Choose how the estate is settled (privat skifte, uskifte, offentlig skifte)",
            path_params={"saksnummer": CASE_ID}, body=SkifteformInn,
            responses={200: (Skiftesak, "The choice is registered."), 404: (ErrorBody, "No such case."),
                       409: (ErrorBody, "A settlement was already chosen.")}, idempotent=True)
    async def choose_settlement(request, saksnummer):
        body = parse_body(request, SkifteformInn)
        case = store.case(saksnummer)
        if case is None or case["kind"] != "skiftesak":
            raise ApiError(404, "not_found", "No probate case with that number.")
        if case not in store.cases_where_heir(body.personident):
            raise invalid(["body", "personident"], "this person is not an heir in the case")
        if case["data"].get("skifteform"):
            raise ApiError(409, "conflict", "A settlement has already been chosen in this case.")
        store.update_case(saksnummer, status="SKIFTEFORM_VALGT", data={"skifteform": body.skifteform})
        return json_response(skiftesak_view(store.case(saksnummer)))

    add_case_routes(api, court, "tingretten")

    # ------------------------------------------------------------------ Brønnøysundregistrene
    brreg = Blueprint("brreg")
    blueprints.append(brreg)
    def enhet_view(unit: dict[str, Any], host: str) -> dict[str, Any]:
        form = unit["organisasjonsform"]
        sector = SECTOR.get(form)
        frivillig = unit.get("frivillighetsregisteret")
        addr = dict(unit["adresse"], land="Norge", landkode="NO")
        return dump(Enhet(
            organisasjonsnummer=unit["organisasjonsnummer"], navn=unit["navn"],
            organisasjonsform={"kode": form, "beskrivelse": ORGFORM_NAMES.get(form, form)},
            forretningsadresse=addr, postadresse=addr,
            registreringsdatoEnhetsregisteret=unit["registreringsdato"], stiftelsesdato=unit.get("stiftelsesdato"),
            registrertIMvaregisteret=unit.get("registrertIMvaregisteret", False),
            registrertIForetaksregisteret=unit.get("registrertIForetaksregisteret", False),
            registrertIFrivillighetsregisteret=bool(frivillig),
            naeringskode1=unit.get("naeringskode"), vedtektsfestetFormaal=unit.get("vedtektsfestetFormaal", []),
            antallAnsatte=unit.get("antallAnsatte", 0), harRegistrertAntallAnsatte=unit.get("antallAnsatte", 0) > 0,
            institusjonellSektorkode={"kode": sector[0], "beskrivelse": sector[1]} if sector else None,
            _links={"self": {"href": f"http://{host}/brreg/enhetsregisteret/api/enheter/{unit['organisasjonsnummer']}"}},
        ))

    @api.op(brreg, "GET", "/brreg/enhetsregisteret/api/enheter/{organisasjonsnummer}", tag="brreg",
            summary="Enhetsregisteret: one unit", path_params={"organisasjonsnummer": ORGNR_PATH},
            responses={200: (Enhet, "The unit."), 404: (ErrorBody, "No such unit.")})
    async def unit(request, organisasjonsnummer):
        if not valid_orgnr(organisasjonsnummer):
            raise invalid(["path", "organisasjonsnummer"], "not a valid organisasjonsnummer")
        found = store.unit(organisasjonsnummer)
        if found is None:
            raise ApiError(404, "not_found", "No unit with that organisasjonsnummer.")
        return json_response(enhet_view(found, request.host))

    @api.op(brreg, "GET", "/brreg/enhetsregisteret/api/enheter", tag="brreg", summary="Enhetsregisteret: search",
            query=EnhetSokQuery, responses={200: (EnhetSok, "Matching units (no _embedded when there are none).")})
    async def search(request):
        q = parse_query(request, EnhetSokQuery)
        forms = {f.strip().upper() for f in q.organisasjonsform.split(",")} if q.organisasjonsform else None
        hits = [u for u in store.units()
                if (not q.navn or q.navn.lower() in u["navn"].lower())
                and (forms is None or u["organisasjonsform"] in forms)
                and (q.registrertIFrivillighetsregisteret is None
                     or bool(u.get("frivillighetsregisteret")) == q.registrertIFrivillighetsregisteret)]
        total = len(hits)
        pages = (total + q.size - 1) // q.size if q.size else 0
        window = hits[q.page * q.size:(q.page + 1) * q.size] if q.size else []
        here = f"http://{request.host}/brreg/enhetsregisteret/api/enheter"
        links = {"self": {"href": f"{here}?page={q.page}&size={q.size}"}}
        if pages:
            links["first"] = {"href": f"{here}?page=0&size={q.size}"}
            links["last"] = {"href": f"{here}?page={pages - 1}&size={q.size}"}
            if q.page + 1 < pages:
                links["next"] = {"href": f"{here}?page={q.page + 1}&size={q.size}"}
            if q.page > 0:
                links["prev"] = {"href": f"{here}?page={q.page - 1}&size={q.size}"}
        body: dict[str, Any] = {
            "_links": links,
            "page": {"size": q.size, "totalElements": total, "totalPages": pages, "number": q.page},
        }
        if window:
            body["_embedded"] = {"enheter": [enhet_view(u, request.host) for u in window]}
        return json_response(dump(EnhetSok.parse_obj(body)))

    def frivillig_view(orgnr: str, reg: dict[str, Any], host: str) -> dict[str, Any]:
        return dump(FrivilligOrganisasjon(
            organisasjonsnummer=orgnr, frivilligOrganisasjonsstatus="AKTIV",
            innfoertDato=reg["innfoertDato"], foersteGangInnfoert=reg["innfoertDato"],
            kontonummer=reg.get("kontonummer"), icnpoKategorier=reg["icnpoKategorier"],
            grasrotandel={"deltarI": bool(reg.get("grasrotandel"))},
            regnskapsrapportering={"rapportererRegnskap": bool(reg.get("regnskapsrapportering"))},
            vedtekter={"registrert": bool(reg.get("vedtekter"))},
            _links={"self": {"href": f"http://{host}/brreg/frivillighetsregisteret/api/frivillige-organisasjoner/{orgnr}"}},
        ))

    @api.op(brreg, "GET", "/brreg/frivillighetsregisteret/api/frivillige-organisasjoner/{organisasjonsnummer}",
            tag="brreg", summary="Frivillighetsregisteret: one organisation",
            path_params={"organisasjonsnummer": ORGNR_PATH},
            responses={200: (FrivilligOrganisasjon, "The organisation."),
                       404: (ErrorBody, "Not registered in Frivillighetsregisteret.")})
    async def volunteer(request, organisasjonsnummer):
        if not valid_orgnr(organisasjonsnummer):
            raise invalid(["path", "organisasjonsnummer"], "not a valid organisasjonsnummer")
        found = store.unit(organisasjonsnummer)
        reg = (found or {}).get("frivillighetsregisteret")
        if not reg:
            raise ApiError(404, "not_found", "No organisation with that number in Frivillighetsregisteret.")
        return json_response(frivillig_view(organisasjonsnummer, reg, request.host))

    @api.op(brreg, "GET", "/brreg/frivillighetsregisteret/api/frivillige-organisasjoner", tag="brreg",
            summary="Frivillighetsregisteret: list, with searchAfter cursor paging", query=FrivilligSokQuery,
            responses={200: (FrivilligSok, "A page of organisations; _links.next carries the cursor.")})
    async def volunteers(request):
        q = parse_query(request, FrivilligSokQuery)
        regs = [u for u in store.units() if u.get("frivillighetsregisteret")
                and (q.searchAfter is None or u["organisasjonsnummer"] > q.searchAfter)]
        page = regs[:q.size]
        here = f"http://{request.host}/brreg/frivillighetsregisteret/api/frivillige-organisasjoner"
        links: dict[str, Any] = {"self": {"href": f"{here}?size={q.size}"
                                                  + (f"&searchAfter={q.searchAfter}" if q.searchAfter else "")}}
        if len(regs) > q.size:
            links["next"] = {"href": f"{here}?size={q.size}&searchAfter={page[-1]['organisasjonsnummer']}"}
        body: dict[str, Any] = {"_links": links}
        if page:
            body["_embedded"] = {"frivilligeOrganisasjoner": [
                frivillig_view(u["organisasjonsnummer"], u["frivillighetsregisteret"], request.host) for u in page]}
        return json_response(dump(FrivilligSok.parse_obj(body)))

    @api.op(brreg, "GET", "/brreg/frivillighetsregisteret/api/icnpo-kategorier", tag="brreg",
            summary="Frivillighetsregisteret: ICNPO categories (main groups)",
            responses={200: (IcnpoKategoriListe, "The categories.")})
    async def icnpo(request):
        return json_response({"_embedded": {"icnpoKategorier": [
            {"icnpoNummer": n, "navn": name, "spraakkode": "NOB"} for n, name in ICNPO_MAIN]}})

    @api.op(brreg, "GET", "/brreg/autorisert-api/roller", tag="brreg",
            summary="Units where the citizen has a role (authorised API)", headers=PERSONIDENT_HEADER,
            responses={200: (PersonRoller, "Roles (may be empty).")})
    async def roles(request):
        personident = require_person_header(request)
        out = []
        for orgnr, rolle in store.roles_for(personident):
            u = store.unit(orgnr)
            if u:
                out.append({"organisasjonsnummer": orgnr, "navn": u["navn"], "organisasjonsform": u["organisasjonsform"],
                            "rolle": rolle, "registrertIFrivillighetsregisteret": bool(u.get("frivillighetsregisteret"))})
        return json_response({"roller": out})

    def registrering_view(case: dict[str, Any]) -> dict[str, Any]:
        d = case["data"]
        return dump(Registrering(saksnummer=case["saksnummer"], status="REGISTRERT",
                                 organisasjonsnummer=d["organisasjonsnummer"],
                                 registrertIFrivillighetsregisteret=d["frivillig"], mottatt=case["created_at"]))

    @api.op(brreg, "POST", "/brreg/registreringer", tag="brreg",
            summary="Samordnet registermelding: register a new unit (and optionally in Frivillighetsregisteret)",
            body=RegistreringInn, responses={201: (Registrering, "The unit is registered; the new orgnr is given.")},
            idempotent=True)
    async def register(request):
        body = parse_body(request, RegistreringInn)
        orgnr = store.new_orgnr()
        today = now().date().isoformat()
        frivillig = None
        if body.frivillighetsregisteret:
            f = body.frivillighetsregisteret
            frivillig = {"innfoertDato": today, "kontonummer": f.kontonummer,
                         "icnpoKategorier": [{"icnpoNummer": n, "navn": f"ICNPO {n}", "rekkefoelge": i + 1}
                                             for i, n in enumerate(f.icnpoKategorier)],
                         "grasrotandel": f.grasrotandel, "regnskapsrapportering": f.regnskapsrapportering,
                         "vedtekter": f.vedtekter}
        a = body.forretningsadresse
        unit_data = {"organisasjonsnummer": orgnr, "navn": body.navn.upper(), "organisasjonsform": body.organisasjonsform,
                     "naeringskode": {"kode": body.naeringskode, "beskrivelse": f"Næringskode {body.naeringskode}"},
                     "registreringsdato": today,
                     "stiftelsesdato": body.stiftelsesdato.isoformat() if body.stiftelsesdato else None,
                     "adresse": {"adresse": a.adresse, "postnummer": a.postnummer, "poststed": a.poststed.upper(),
                                 "kommune": a.poststed.upper(), "kommunenummer": a.kommunenummer},
                     "antallAnsatte": 0, "registrertIMvaregisteret": False,
                     "registrertIForetaksregisteret": body.organisasjonsform in ("AS", "ANS", "DA", "SA", "NUF"),
                     "vedtektsfestetFormaal": body.vedtektsfestetFormaal}
        if frivillig:
            unit_data["frivillighetsregisteret"] = frivillig
        store.add_unit(unit_data, [(r.personident, r.rolle) for r in body.roller])
        case = store.add_case(agency="brreg", kind="registrering", type="samordnet_registermelding",
                              personident=body.innsender, status="REGISTRERT",
                              data={"organisasjonsnummer": orgnr, "frivillig": bool(frivillig)})
        return json_response(registrering_view(case), status=201)

    @api.op(brreg, "GET", "/brreg/registreringer/{saksnummer}", tag="brreg", summary="One registration",
            path_params={"saksnummer": CASE_ID},
            responses={200: (Registrering, "The registration."), 404: (ErrorBody, "No such registration.")})
    async def registration(request, saksnummer):
        case = store.case(saksnummer)
        if case is None or case["kind"] != "registrering":
            raise ApiError(404, "not_found", "No registration with that case number.")
        return json_response(registrering_view(case))

    add_case_routes(api, brreg, "brreg", applications=False)

    # ------------------------------------------------------------------ the other agencies: applications + notices
    for agency in ("nav", "skatteetaten", "kartverket", "udi", "politiet", "kommune", "helfo", "lanekassen"):
        bp = Blueprint(agency)
        blueprints.append(bp)
        add_case_routes(api, bp, agency, applications=agency in APPLICATION_TYPES)

    # ------------------------------------------------------------------ Tell Us Once
    tuo = Blueprint("tell_us_once")
    blueprints.append(tuo)

    @api.op(tuo, "POST", "/tell-us-once/api/v1/meldinger", tag="tell-us-once",
            summary="Tell Us Once: one notification fans out to every agency the citizen consented to",
            body=TellUsOnceInn, responses={201: (TellUsOnceSvar, "One receipt per agency.")}, idempotent=True)
    async def tell_us_once(request):
        body = parse_body(request, TellUsOnceInn)
        listed = [a["agency_id"] for a in TELL_US_ONCE_AGENCIES[body.hendelse]]
        unknown = [k for k in body.samtykker if k not in listed]
        if unknown:
            raise ApiError(422, "invalid_request", "The request is not valid.", [
                {"loc": ["body", "samtykker", k], "msg": f"{k} is not told of a {body.hendelse} by Tell Us Once",
                 "type": "value_error"} for k in unknown])
        receipts = []
        for agency in listed:
            at = now()
            if not body.samtykker.get(agency, False):
                receipts.append(Kvittering(etat=agency, status="not_notified_no_consent", tidspunkt=at,
                                           melding="No consent given: this agency was not told."))
            elif app.ctx.faults.fails_now(agency):
                receipts.append(Kvittering(etat=agency, status="failed", tidspunkt=at,
                                           melding="The agency did not answer; try again later."))
            else:
                case = record_notification(store, agency, body.hendelse, body.personident, body.innmelder,
                                           body.detaljer)
                receipts.append(Kvittering(etat=agency, status="notified", saksnummer=case["saksnummer"],
                                           tidspunkt=at))
        answer = TellUsOnceSvar(hendelse=body.hendelse, kvitteringer=receipts)
        store.add_case(agency="tell-us-once", kind="tuo", type=body.hendelse, personident=body.innmelder,
                       status="MOTTATT", data={"svar": dump(answer)})
        return json_response(dump(answer), status=201)

    # ------------------------------------------------------------------ admin: fault injection
    admin = Blueprint("admin")
    blueprints.append(admin)

    @api.op(admin, "GET", "/admin/faults", tag="admin", summary="Injected faults per agency", auth="admin",
            responses={200: (FaultTable, "The current faults.")})
    async def get_faults(request):
        return json_response({"faults": app.ctx.faults.as_dict()})

    fault_body = FaultTable

    @api.op(admin, "PUT", "/admin/faults", tag="admin", auth="admin",
            summary="Set faults for the agencies given (others are kept)", body=fault_body,
            responses={200: (FaultTable, "The faults now in force.")})
    async def put_faults(request):
        body = parse_body(request, FaultTable)
        bad = [a for a in body.faults if a not in AGENCY_PREFIXES]
        if bad:
            raise ApiError(422, "invalid_request", "The request is not valid.",
                           [{"loc": ["body", "faults", a], "msg": "unknown agency", "type": "value_error"} for a in bad])
        app.ctx.faults.update(body.faults)
        log.info("faults set for %s", ", ".join(sorted(body.faults)) or "nothing")
        return json_response({"faults": app.ctx.faults.as_dict()})

    @api.op(admin, "DELETE", "/admin/faults", tag="admin", auth="admin", summary="Clear every fault",
            responses={200: (FaultTable, "No faults.")})
    async def clear_faults(request):
        app.ctx.faults.clear()
        return json_response({"faults": {}})

    @api.op(admin, "DELETE", "/admin/faults/{agency}", tag="admin", auth="admin",
            summary="Clear the faults of one agency", path_params={"agency": {"type": "string", "enum": list(AGENCY_PREFIXES)}},
            responses={200: (FaultTable, "The faults still in force.")})
    async def clear_fault(request, agency):
        if agency not in AGENCY_PREFIXES:
            raise invalid(["path", "agency"], "unknown agency")
        app.ctx.faults.clear(agency)
        return json_response({"faults": app.ctx.faults.as_dict()})

    for bp in blueprints:
        app.blueprint(bp)
    app.ctx.openapi = api.openapi(
        "Veiviser mock agency APIs", "1.0.0",
        "Mock Norwegian public agencies for Veiviser. Every path except /health, /openapi.json and /docs needs "
        "`Authorization: Bearer <token>`; /admin needs the admin token. POSTs accept an Idempotency-Key header.")

    @app.listener("after_server_stop")
    async def close_store(app_, loop):
        app_.ctx.store.close()

    return app


DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Veiviser mock agency APIs</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#eee;padding:0 .2em}li{margin:.2em 0}.m{display:inline-block;width:4.5em;font-weight:bold}</style>
</head><body><h1>Veiviser mock agency APIs</h1>
<p>The full description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3). Every path except
<code>/health</code>, <code>/openapi.json</code> and <code>/docs</code> needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<ul id="ops"></ul>
<script>
fetch('/openapi.json').then(r => r.json()).then(doc => {
  const ul = document.getElementById('ops');
  for (const [path, ops] of Object.entries(doc.paths)) for (const [m, op] of Object.entries(ops)) {
    const li = document.createElement('li');
    li.innerHTML = '<span class="m"></span><code></code> ';
    li.children[0].textContent = m.toUpperCase(); li.children[1].textContent = path;
    li.append(op.summary || ''); ul.append(li);
  }
});
</script></body></html>"""
