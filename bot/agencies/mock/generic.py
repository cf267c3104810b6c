"""Applications (søknader) and notifications (meldinger) for every agency, the same shape at each.

POST /<agency>/api/v1/soknader, GET /<agency>/api/v1/soknader, GET /<agency>/api/v1/soknader/{saksnummer},
POST /<agency>/api/v1/meldinger, GET /<agency>/api/v1/meldinger/{saksnummer}.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal, Optional

from pydantic import Field, create_model
from sanic import Blueprint
from sanic.response import json as json_response

from bot.agencies.catalog import APPLICATION_TYPES
from bot.agencies.ids import valid_personal_id
from bot.agencies.models import ErrorBody, Melding, MeldingInn, Sak, SakListe, SoknadInn, Strict
from bot.agencies.mock.api import Api, ApiError, dump, invalid, parse_body, parse_query
from bot.agencies.mock.store import Store

PERSONIDENT_HEADER = {"Personident": {
    "required": True, "schema": {"type": "string", "pattern": "^[0-9]{11}$"},
    "description": "the citizen's fødselsnummer or D-nummer (in a header, so it stays out of URLs and access logs)"}}
CASE_ID = {"type": "string", "minLength": 1, "maxLength": 64}


def require_person_header(request) -> str:
    value = request.headers.get("Personident")
    if value is None:
        raise invalid(["header", "Personident"], "field required", "value_error.missing")
    if not valid_personal_id(value):
        raise invalid(["header", "Personident"], "not a valid fødselsnummer or D-nummer")
    return value


def sak_view(case: dict[str, Any]) -> dict[str, Any]:
    opplysninger = {k: v for k, v in case["data"].items() if k not in ("personident", "innmelder")}
    return dump(Sak(saksnummer=case["saksnummer"], etat=case["agency"], type=case["type"], status=case["status"],
                    mottatt=case["mottatt"][:10], vedtaksdato=case.get("vedtaksdato"), opplysninger=opplysninger))


def melding_view(case: dict[str, Any]) -> dict[str, Any]:
    return dump(Melding(saksnummer=case["saksnummer"], etat=case["agency"], hendelse=case["type"],
                        status="MOTTATT", mottatt=case["created_at"]))


def record_notification(store: Store, agency: str, hendelse: str, personident: str, innmelder: str | None,
                        detaljer: dict[str, Any]) -> dict[str, Any]:
    """Store a notification at `agency`; tingretten also opens a probate case for a death it did not know."""
    case = store.add_case(agency=agency, kind="melding", type=hendelse, personident=personident, status="MOTTATT",
                          data={"detaljer": detaljer, "innmelder": innmelder})
    if agency == "tingretten" and hendelse == "death":
        open_probate_case(store, personident, innmelder, detaljer)
    return case


def open_probate_case(store: Store, deceased: str, reporter: str | None, detaljer: dict[str, Any]) -> None:
    person = store.person(deceased)
    if person is None:
        return
    key = person["key"]
    for row in store.db.execute("SELECT data FROM cases WHERE agency='tingretten' AND kind='skiftesak'"):
        if json.loads(row["data"]).get("avdoed") == key:
            return
    heirs = [r["person"] for r in person.get("relasjoner", []) if r["rolle"] in ("BARN", "EKTEFELLE", "SAMBOER")]
    reporter_key = store.person(reporter)["key"] if reporter and store.person(reporter) else None
    if reporter_key and reporter_key not in heirs:
        heirs.append(reporter_key)
    owner = store.fnr_of(heirs[0]) if heirs else deceased
    death = person.get("doedsdato") or _date_or_today(detaljer.get("doedsdato"))
    deadline = (dt.date.fromisoformat(str(death)) + dt.timedelta(days=60)).isoformat() if death else None
    store.add_case(agency="tingretten", kind="skiftesak", type="skiftesak", personident=owner, status="AAPNET",
                   data={"avdoed": key, "doedsdato": str(death) if death else None, "domstol": "Tingretten",
                         "skifteform": None, "frist_skifteform": deadline, "arvinger": heirs})


def _date_or_today(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        return dt.datetime.now(dt.timezone.utc).date().isoformat()


def add_case_routes(api: Api, bp: Blueprint, agency: str, *, applications: bool = True) -> None:
    prefix = f"/{agency}/api/v1"
    tag = agency
    types = APPLICATION_TYPES.get(agency, [])
    if applications and types:
        type_literal = Literal.__getitem__(tuple(types))
        body_model = create_model(f"SoknadInn_{agency.replace('-', '_')}", __base__=SoknadInn,
                                  type=(type_literal, Field(..., description=f"what is applied for at {agency}")))
        query_model = create_model(f"SoknadQuery_{agency.replace('-', '_')}", __base__=Strict,
                                   type=(Optional[type_literal], None))

        @api.op(bp, "POST", f"{prefix}/soknader", tag=tag, summary=f"Apply to {agency}", body=body_model,
                responses={201: (Sak, "The application was received.")}, idempotent=True)
        async def apply(request):
            body = parse_body(request, body_model)
            store: Store = request.app.ctx.store
            case = store.add_case(agency=agency, kind="soknad", type=body.type, personident=body.personident,
                                  status="MOTTATT", data=dict(body.opplysninger))
            return json_response(sak_view(case), status=201)

        @api.op(bp, "GET", f"{prefix}/soknader", tag=tag, summary=f"The citizen's applications at {agency}",
                query=query_model, headers=PERSONIDENT_HEADER, responses={200: (SakListe, "Applications, oldest first.")})
        async def list_applications(request):
            query = parse_query(request, query_model)
            personident = require_person_header(request)
            cases = request.app.ctx.store.cases_for(agency, personident, kind="soknad", type=query.type)
            return json_response({"saker": [sak_view(c) for c in cases]})

        @api.op(bp, "GET", f"{prefix}/soknader/{{saksnummer}}", tag=tag, summary=f"One application at {agency}",
                path_params={"saksnummer": CASE_ID},
                responses={200: (Sak, "The application."), 404: (ErrorBody, "No such case.")})
        async def get_application(request, saksnummer):
            case = request.app.ctx.store.case(saksnummer)
            if case is None or case["agency"] != agency or case["kind"] != "soknad":
                raise ApiError(404, "not_found", "No application with that case number.")
            return json_response(sak_view(case))

    @api.op(bp, "POST", f"{prefix}/meldinger", tag=tag, summary=f"Notify {agency} of a death, birth or move",
            body=MeldingInn, responses={201: (Melding, "The notification was received.")}, idempotent=True)
    async def notify(request):
        body = parse_body(request, MeldingInn)
        case = record_notification(request.app.ctx.store, agency, body.hendelse, body.personident, body.innmelder,
                                   body.detaljer)
        return json_response(melding_view(case), status=201)

    @api.op(bp, "GET", f"{prefix}/meldinger/{{saksnummer}}", tag=tag, summary=f"One notification at {agency}",
            path_params={"saksnummer": CASE_ID}, responses={200: (Melding, "The notification."),
                                                            404: (ErrorBody, "No such notification.")})
    async def get_notification(request, saksnummer):
        case = request.app.ctx.store.case(saksnummer)
        if case is None or case["agency"] != agency or case["kind"] != "melding":
            raise ApiError(404, "not_found", "No notification with that case number.")
        return json_response(melding_view(case))
