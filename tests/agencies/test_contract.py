"""Contract tests: the typed clients against the real mock app on a free port."""
from __future__ import annotations

import datetime as dt
import logging
import time
import uuid

import pytest
import requests

from bot.agencies import (AgencyAuthError, AgencyClients, AgencyUnavailable, InvalidRequest, NotFound,
                          TELL_US_ONCE_AGENCIES)
from bot.agencies.catalog import APPLICATION_TYPES
from bot.agencies.ids import valid_orgnr
from bot.agencies.personas import fnr_for, load_seed

from .conftest import TOKEN, MockServer

CASE_AGENCIES = ["nav", "skatteetaten", "folkeregisteret", "tingretten", "kartverket", "udi", "politiet", "kommune",
                 "helfo", "lanekassen"]


# ---------------------------------------------------------------- service basics and auth

def test_health_needs_no_token(server):
    resp = requests.get(server.url + "/health", timeout=2)
    assert resp.status_code == 200 and resp.json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/nav/api/v1/soknader/NAV-2026-000101",
                                  "/folkeregisteret/api/v1/personer/14837800189",
                                  "/brreg/enhetsregisteret/api/enheter/310000027"])
def test_missing_token_is_401_and_wrong_token_is_403(server, path):
    missing = requests.get(server.url + path, timeout=2)
    assert missing.status_code == 401 and missing.json()["error"] == "unauthorized"
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = requests.get(server.url + path, headers={"Authorization": "Bearer nope"}, timeout=2)
    assert wrong.status_code == 403 and wrong.json()["error"] == "forbidden"


def test_client_with_wrong_token_raises_auth_error(server):
    bad = AgencyClients(server.url, "wrong-token")
    with pytest.raises(AgencyAuthError):
        bad.folkeregisteret.person(fnr_for("kari"))


def test_admin_needs_the_admin_token(server):
    agency_token = requests.get(server.url + "/admin/faults", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=2)
    assert agency_token.status_code == 403
    assert requests.get(server.url + "/admin/faults", timeout=2).status_code == 401
    assert server.admin("GET").json() == {"faults": {}}


def test_unknown_path_and_method_are_json(server):
    h = {"Authorization": f"Bearer {TOKEN}"}
    assert requests.get(server.url + "/nav/nothing", headers=h, timeout=2).json()["error"] == "not_found"
    resp = requests.delete(server.url + "/nav/api/v1/soknader", headers=h, timeout=2)
    assert resp.status_code == 405 and resp.json()["error"] == "method_not_allowed"


# ---------------------------------------------------------------- status look-ups for the personas

@pytest.mark.parametrize("persona, status_check, status, case_id, words", [
    ("kari", {"agency": "folkeregisteret", "lookup": "death_registered"}, "done", None, "Ola Nordmann"),
    ("nora", {"agency": "folkeregisteret", "lookup": "death_registered"}, "waiting", None, "ikke registrert"),
    ("kari", {"agency": "tingretten", "lookup": "probate_case"}, "done", "26-123456TVI-TOSL", "ikke valgt skifteform"),
    ("kari", {"agency": "tingretten", "lookup": "settlement_chosen"}, "todo", "26-123456TVI-TOSL", "19.01.2027"),
    ("nora", {"agency": "tingretten", "lookup": "probate_case"}, "waiting", None, "ikke åpnet"),
    ("kari", {"agency": "nav", "lookup": "application", "benefit": "gravferdsstonad"}, "waiting", "NAV-2026-000101",
     "behandler"),
    ("nora", {"agency": "nav", "lookup": "application", "benefit": "gravferdsstonad"}, "todo", None, "ikke søkt"),
    ("lise", {"agency": "folkeregisteret", "lookup": "birth_registered"}, "done", None, "fødselsnummer"),
    ("nora", {"agency": "folkeregisteret", "lookup": "birth_registered"}, "waiting", None, "ikke registrert"),
    ("lise", {"agency": "nav", "lookup": "application", "benefit": "foreldrepenger"}, "done", "NAV-2026-000102",
     "innvilget"),
    ("jon", {"agency": "nav", "lookup": "application", "benefit": "dagpenger"}, "waiting", "NAV-2026-000103",
     "mottatt"),
    ("ahmed", {"agency": "udi", "lookup": "residence_application"}, "waiting", "DUF-202611000417", "behandler"),
    ("ahmed", {"agency": "udi", "lookup": "eu_registration"}, "todo", None, "ikke søkt"),
    ("per", {"agency": "brreg", "lookup": "unit_registered"}, "done", "310000035", "Enhetsregisteret"),
    ("per", {"agency": "brreg", "lookup": "unit_registered", "forms": ["ENK"]}, "done", "310000027", "SNEKKERSERVICE"),
    ("nora", {"agency": "brreg", "lookup": "unit_registered"}, "todo", None, "ikke"),
    ("frida", {"agency": "brreg", "lookup": "volunteer_registered"}, "done", "310000043", "Frivillighetsregisteret"),
    ("per", {"agency": "brreg", "lookup": "volunteer_registered"}, "todo", None, "ikke i Frivillighetsregisteret"),
    ("kari", {"agency": "nav", "lookup": "something_new"}, "unknown", None, "kan ikke"),
])
def test_check(clients, persona, status_check, status, case_id, words):
    result = clients.check(status_check, fnr_for(persona))
    assert result.status == status
    assert result.case_id == case_id
    assert words in result.summary["nb"]
    assert result.summary["en"] and result.summary["en"] != result.summary["nb"]
    assert fnr_for(persona) not in repr(result.detail) + repr(result.summary)


def test_check_details_carry_no_identity_numbers(clients):
    all_fnrs = [p["fnr"] for p in load_seed()["persons"].values()]
    for persona, sc in [("kari", {"agency": "folkeregisteret", "lookup": "death_registered"}),
                        ("lise", {"agency": "folkeregisteret", "lookup": "birth_registered"}),
                        ("kari", {"agency": "tingretten", "lookup": "probate_case"})]:
        text = clients.check(sc, fnr_for(persona)).json()
        assert not any(f in text for f in all_fnrs)


def test_check_errors(clients, new_fnr):
    with pytest.raises(NotFound):   # the citizen is unknown to the register
        clients.check({"agency": "folkeregisteret", "lookup": "death_registered"}, new_fnr())
    with pytest.raises(InvalidRequest):
        clients.check({"agency": "nav", "lookup": "application", "benefit": "lottery"}, fnr_for("kari"))
    with pytest.raises(InvalidRequest) as err:
        clients.check({"agency": "folkeregisteret", "lookup": "death_registered"}, "12345678901")
    assert err.value.errors and err.value.errors[0]["loc"] == ["path", "personident"]


def test_check_reflects_a_new_application(clients, new_fnr):
    fnr = new_fnr()
    sc = {"agency": "nav", "lookup": "application", "benefit": "omstillingsstonad"}
    assert clients.check(sc, fnr).status == "todo"
    sak = clients.nav.apply(fnr, "omstillingsstonad", {"avdoed": "x"}, idempotency_key=uuid.uuid4().hex)
    after = clients.check(sc, fnr)
    assert after.status == "waiting" and after.case_id == sak.saksnummer


# ---------------------------------------------------------------- each agency: apply, list, notify, look up

@pytest.mark.parametrize("agency", CASE_AGENCIES)
def test_apply_and_look_up(clients, new_fnr, agency):
    client = clients.client(agency)
    fnr = new_fnr()
    kind = APPLICATION_TYPES[agency][0]
    sak = client.apply(fnr, kind, {"note": "test"})
    assert sak.etat == agency and sak.type == kind and sak.status == "MOTTATT"
    assert sak.mottatt == dt.datetime.now(dt.timezone.utc).date()
    assert client.application(sak.saksnummer) == sak
    assert [s.saksnummer for s in client.applications(fnr)] == [sak.saksnummer]
    assert client.applications(fnr, kind)[0].saksnummer == sak.saksnummer
    with pytest.raises(NotFound):
        client.application("NO-SUCH-CASE")


@pytest.mark.parametrize("agency", CASE_AGENCIES + ["brreg"])
def test_notify_and_look_up(clients, new_fnr, agency):
    client = clients.client(agency)
    melding = client.notify("move", new_fnr(), new_fnr(), {"til": "Oslo"})
    assert melding.etat == agency and melding.status == "MOTTATT" and melding.hendelse == "move"
    assert client.notification(melding.saksnummer).saksnummer == melding.saksnummer
    with pytest.raises(NotFound):
        client.notification("NO-SUCH-CASE")


def test_case_numbers_look_like_the_agencys(clients, new_fnr):
    assert clients.tingretten.apply(new_fnr(), "skifteform").saksnummer.endswith("TVI-TOSL")
    assert clients.udi.apply(new_fnr(), "oppholdstillatelse").saksnummer.startswith("DUF-")
    assert clients.nav.apply(new_fnr(), "dagpenger").saksnummer.startswith("NAV-")


def test_field_errors_are_422(clients, server):
    with pytest.raises(InvalidRequest) as err:
        clients.nav.apply("01010750161", "lottery")
    locs = {tuple(e["loc"]) for e in err.value.errors}
    assert ("body", "type") in locs and ("body", "personident") in locs
    assert err.value.status == 422
    resp = requests.post(server.url + "/nav/api/v1/soknader", data="{not json",
                         headers={"Authorization": f"Bearer {TOKEN}"}, timeout=2)
    assert resp.status_code == 422 and resp.json()["detail"][0]["loc"] == ["body"]
    resp = requests.get(server.url + "/nav/api/v1/soknader", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=2)
    assert resp.status_code == 422 and resp.json()["detail"][0]["loc"] == ["header", "Personident"]
    extra = requests.post(server.url + "/nav/api/v1/soknader", timeout=2, headers={"Authorization": f"Bearer {TOKEN}"},
                          json={"type": "dagpenger", "personident": fnr_for("jon"), "surprise": 1})
    assert extra.status_code == 422 and extra.json()["detail"][0]["loc"] == ["body", "surprise"]


# ---------------------------------------------------------------- Folkeregisteret

def test_person_shape(clients):
    kari = clients.folkeregisteret.person(fnr_for("kari"))
    assert kari.navn.fornavn == "Kari" and kari.personstatus == "bosatt" and kari.doedsfall is None
    assert {r.relatertPersonsRolle for r in kari.familierelasjoner} == {"FAR", "MOR", "EKTEFELLE"}
    ola = clients.folkeregisteret.person(next(r.relatertPersonsIdentifikator for r in kari.familierelasjoner
                                              if r.relatertPersonsRolle == "FAR"))
    assert ola.personstatus == "doed" and ola.doedsfall.doedsdato == dt.date(2026, 11, 20)
    ahmed = clients.folkeregisteret.person(fnr_for("ahmed"))
    assert ahmed.identifikatortype == "dNummer"


def test_report_move(clients, new_fnr):
    sak = clients.folkeregisteret.report_move(new_fnr(), dt.date(2026, 12, 1),
                                              {"adressenavn": "Ny vei 1", "postnummer": "0150", "poststed": "OSLO"})
    assert sak.type == "flyttemelding" and sak.status == "REGISTRERT"
    with pytest.raises(InvalidRequest) as err:
        clients.folkeregisteret.report_move(new_fnr(), dt.date(2026, 12, 1), {"adressenavn": "x", "postnummer": "12"})
    assert {tuple(e["loc"]) for e in err.value.errors} >= {("body", "nyAdresse", "postnummer"),
                                                            ("body", "nyAdresse", "poststed")}


# ---------------------------------------------------------------- Brønnøysundregistrene

def test_enhetsregisteret_shapes(clients):
    enk = clients.brreg.unit("310000027")
    assert enk.organisasjonsform.kode == "ENK" and enk.naeringskode1.kode == "43.320"
    assert enk.forretningsadresse.kommunenummer == "1103" and enk.links["self"]["href"].endswith("/310000027")
    search = clients.brreg.search(organisasjonsform="AS,ENK", size=1)
    assert search.page.totalElements == 2 and search.page.totalPages == 2
    assert len(search.embedded["enheter"]) == 1
    empty = clients.brreg.search(navn="finnes ikke")
    assert empty.embedded is None and empty.page.totalElements == 0
    with pytest.raises(NotFound):
        clients.brreg.unit("974760673")
    with pytest.raises(InvalidRequest):
        clients.brreg.unit("123456789")
    with pytest.raises(InvalidRequest):
        clients.brreg.search(size=5000, page=3)


def test_frivillighetsregisteret_shape(clients):
    org = clients.brreg.volunteer_organisation("310000043")
    assert org.frivilligOrganisasjonsstatus == "AKTIV" and org.grasrotandel == {"deltarI": True}
    assert org.icnpoKategorier[0].rekkefoelge == 1
    with pytest.raises(NotFound):
        clients.brreg.volunteer_organisation("310000027")   # an ENK is not in Frivillighetsregisteret


def test_frivillighetsregisteret_cursor_paging(fresh_server, new_fnr):
    c = fresh_server.clients()
    for i in range(3):
        c.brreg.register_unit(_registration(new_fnr(), navn=f"Korps {i}",
                                            frivillighetsregisteret={"icnpoKategorier": ["1.200"]}))
    seen, cursor = [], None
    while True:
        page = c.brreg.volunteer_organisations(size=2, search_after=cursor)
        seen += [o.organisasjonsnummer for o in page.embedded["frivilligeOrganisasjoner"]]
        if "next" not in page.links:
            break
        cursor = page.links["next"]["href"].rsplit("searchAfter=", 1)[1]
    assert len(seen) == 4 and len(set(seen)) == 4 and seen == sorted(seen) and "310000043" in seen
    search = c.brreg.search(size=1, page=1)
    assert {"first", "last", "prev", "next", "self"} <= set(search.links)


def _registration(fnr: str, **extra) -> dict:
    body = {"navn": "Test Korps", "organisasjonsform": "FLI", "naeringskode": "94.991", "innsender": fnr,
            "forretningsadresse": {"adresse": ["Skolegata 1"], "postnummer": "0150", "poststed": "Oslo",
                                   "kommunenummer": "0301"},
            "roller": [{"rolle": "LEDE", "personident": fnr}]}
    body.update(extra)
    return body


def test_register_unit_and_volunteer_organisation(clients, new_fnr):
    fnr = new_fnr()
    sc = {"agency": "brreg", "lookup": "volunteer_registered"}
    assert clients.check(sc, fnr).status == "todo"
    reg = clients.brreg.register_unit(_registration(fnr, frivillighetsregisteret={
        "icnpoKategorier": ["2.100"], "grasrotandel": True, "kontonummer": "12345678903"}),
        idempotency_key=uuid.uuid4().hex)
    assert valid_orgnr(reg.organisasjonsnummer) and reg.registrertIFrivillighetsregisteret
    unit = clients.brreg.unit(reg.organisasjonsnummer)
    assert unit.navn == "TEST KORPS" and unit.registrertIFrivillighetsregisteret
    assert clients.brreg.registration(reg.saksnummer).organisasjonsnummer == reg.organisasjonsnummer
    result = clients.check(sc, fnr)
    assert result.status == "done" and result.case_id == reg.organisasjonsnummer
    assert clients.check({"agency": "brreg", "lookup": "unit_registered"}, fnr).status == "done"


def test_register_unit_validation(clients, new_fnr):
    fnr = new_fnr()
    with pytest.raises(InvalidRequest) as err:
        clients.brreg.register_unit(_registration(fnr, frivillighetsregisteret={"icnpoKategorier": ["2.100"],
                                                                               "grasrotandel": True}))
    assert any("kontonummer" in e["msg"] for e in err.value.errors)
    with pytest.raises(InvalidRequest) as err:
        clients.brreg.register_unit(_registration(fnr, organisasjonsform="ENK",
                                                  frivillighetsregisteret={"icnpoKategorier": ["2.100"]}))
    assert err.value.errors[0]["loc"] == ["body", "frivillighetsregisteret"]
    with pytest.raises(InvalidRequest) as err:
        clients.brreg.register_unit(_registration(fnr, naeringskode="9499", roller=[]))
    assert {tuple(e["loc"]) for e in err.value.errors} == {("body", "naeringskode"), ("body", "roller")}


def test_new_orgnrs_are_valid_and_distinct(clients, new_fnr):
    orgnrs = {clients.brreg.register_unit(_registration(new_fnr(), organisasjonsform="ENK", navn=f"Test {i}"))
              .organisasjonsnummer for i in range(12)}
    assert len(orgnrs) == 12 and all(valid_orgnr(o) for o in orgnrs)


# ---------------------------------------------------------------- idempotency

def test_idempotent_post_is_applied_once(clients, new_fnr, server):
    fnr = new_fnr()
    key = uuid.uuid4().hex
    first = clients.nav.apply(fnr, "dagpenger", {"a": 1}, idempotency_key=key)
    again = clients.nav.apply(fnr, "dagpenger", {"a": 1}, idempotency_key=key)
    assert again == first
    assert len(clients.nav.applications(fnr)) == 1
    raw = requests.post(server.url + "/nav/api/v1/soknader", timeout=2,
                        headers={"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": key},
                        json={"type": "dagpenger", "personident": fnr, "opplysninger": {"a": 1}})
    assert raw.status_code == 201 and raw.headers.get("Idempotent-Replayed") == "true"
    assert raw.json()["saksnummer"] == first.saksnummer
    with pytest.raises(InvalidRequest) as err:      # same key, different request
        clients.nav.apply(fnr, "dagpenger", {"a": 2}, idempotency_key=key)
    assert err.value.status == 409
    bad_key = requests.post(server.url + "/nav/api/v1/soknader", timeout=2,
                            headers={"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": "not valid!"},
                            json={"type": "dagpenger", "personident": fnr})
    assert bad_key.status_code == 422 and bad_key.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    # the client turns any key into one the API accepts, the same way every time
    odd = "conversation 42 / death"
    assert clients.nav.apply(fnr, "pleiepenger", idempotency_key=odd) == \
        clients.nav.apply(fnr, "pleiepenger", idempotency_key=odd)


def test_retries_of_an_idempotent_post_do_not_duplicate(server, faults, new_fnr):
    """The first attempts fail with 503; the client retries with the same key; exactly one case results."""
    fnr = new_fnr()
    c = server.clients(retries=8, backoff=0.01)
    faults({"nav": {"error_rate": 0.5}})
    for _ in range(5):
        c.nav.apply(fnr, "barnetrygd", idempotency_key=f"k-{fnr}")
    faults({"nav": {}})
    assert len(c.nav.applications(fnr)) == 1


def test_posts_without_key_are_not_retried(server, faults, new_fnr):
    faults({"nav": {"down": True}})
    c = server.clients(retries=3, backoff=0.5)
    started = time.monotonic()
    with pytest.raises(AgencyUnavailable):
        c.nav.apply(new_fnr(), "dagpenger")
    assert time.monotonic() - started < 0.4     # no backoff sleeps: one attempt only


# ---------------------------------------------------------------- fault injection

def test_fault_latency_times_out(server, faults):
    faults({"folkeregisteret": {"latency_ms": 1500}})
    c = server.clients(read_timeout=0.3, retries=1)
    started = time.monotonic()
    with pytest.raises(AgencyUnavailable):
        c.folkeregisteret.person(fnr_for("kari"))
    assert time.monotonic() - started < 1.5
    # a patient client still gets its answer
    assert server.clients(read_timeout=3).folkeregisteret.person(fnr_for("kari")).navn.fornavn == "Kari"


@pytest.mark.parametrize("spec", [{"down": True}, {"down": True, "down_mode": "reset"}, {"error_rate": 1.0}])
def test_fault_modes_raise_unavailable(server, faults, spec):
    faults({"tingretten": spec})
    c = server.clients(retries=2, backoff=0.01)
    started = time.monotonic()
    with pytest.raises(AgencyUnavailable):
        c.check({"agency": "tingretten", "lookup": "probate_case"}, fnr_for("kari"))
    assert time.monotonic() - started < 2
    # other agencies are not affected
    assert c.check({"agency": "folkeregisteret", "lookup": "death_registered"}, fnr_for("kari")).status == "done"


def test_partial_error_rate_is_absorbed_by_retries(server, faults):
    faults({"nav": {"error_rate": 0.3}})
    c = server.clients(retries=6, backoff=0.01)
    for _ in range(10):
        assert c.check({"agency": "nav", "lookup": "application", "benefit": "dagpenger"}, fnr_for("jon")).status == "waiting"


def test_admin_faults_endpoint(server, faults):
    faults({"udi": {"latency_ms": 10}, "nav": {"down": True}})
    assert set(server.admin("GET").json()["faults"]) == {"udi", "nav"}
    assert server.admin("DELETE", "/admin/faults/nav").json()["faults"].keys() == {"udi"}
    bad = server.admin("PUT", json={"faults": {"nowhere": {"down": True}}})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "faults", "nowhere"]
    bad = server.admin("PUT", json={"faults": {"nav": {"error_rate": 2}}})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "error_rate"


def test_unreachable_agency(new_fnr):
    from .conftest import free_port
    c = AgencyClients(f"http://127.0.0.1:{free_port()}", TOKEN, retries=1, backoff=0.01)
    with pytest.raises(AgencyUnavailable):
        c.nav.applications(new_fnr())


# ---------------------------------------------------------------- Tell Us Once

def test_tell_us_once_fans_out_with_consent(clients, new_fnr):
    child, parent = new_fnr(), new_fnr()
    consents = {"nav": True, "kommune": True, "helfo": False}
    receipts = clients.tell_us_once("birth", child, parent, consents, uuid.uuid4().hex, {"name": "Test"})
    by_agency = {r.agency_id: r for r in receipts}
    assert set(by_agency) == {a["agency_id"] for a in TELL_US_ONCE_AGENCIES["birth"]}
    assert by_agency["nav"].status == "notified" and by_agency["kommune"].status == "notified"
    assert by_agency["helfo"].status == "not_notified_no_consent" and by_agency["helfo"].case_id is None
    assert by_agency["lanekassen"].status == "not_notified_no_consent"    # not mentioned = no consent
    melding = clients.nav.notification(by_agency["nav"].case_id)
    assert melding.hendelse == "birth"
    assert all(r.at.tzinfo is not None for r in receipts)


def test_tell_us_once_is_idempotent_and_reports_failures(server, clients, faults, new_fnr):
    key = uuid.uuid4().hex
    faults({"helfo": {"down": True}})
    args = ("move", new_fnr(), new_fnr(), {"folkeregisteret": True, "helfo": True}, key, {})
    first = clients.tell_us_once(*args)
    status = {r.agency_id: r.status for r in first}
    assert status["folkeregisteret"] == "notified" and status["helfo"] == "failed"
    assert clients.tell_us_once(*args) == first


def test_tell_us_once_death_opens_a_probate_case(fresh_server):
    c = fresh_server.clients()
    nora, randi = fnr_for("nora"), load_seed()["persons"]["randi"]["fnr"]
    assert c.check({"agency": "tingretten", "lookup": "probate_case"}, nora).status == "waiting"
    receipts = c.tell_us_once("death", randi, nora, {"tingretten": True}, uuid.uuid4().hex)
    assert [r.status for r in receipts if r.agency_id == "tingretten"] == ["notified"]
    assert c.check({"agency": "tingretten", "lookup": "probate_case"}, nora).status == "done"


def test_tell_us_once_rejects_unknown_consents(clients, new_fnr):
    with pytest.raises(InvalidRequest) as err:
        clients.tell_us_once("birth", new_fnr(), new_fnr(), {"kartverket": True}, uuid.uuid4().hex)
    assert err.value.errors[0]["loc"] == ["body", "samtykker", "kartverket"]
    with pytest.raises(InvalidRequest):
        clients.tell_us_once("wedding", new_fnr(), new_fnr(), {}, uuid.uuid4().hex)


# ---------------------------------------------------------------- tingretten: choosing a settlement

def test_choose_settlement(fresh_server):
    c = fresh_server.clients()
    kari = fnr_for("kari")
    case_id = "26-123456TVI-TOSL"
    with pytest.raises(InvalidRequest) as err:          # Jon is no heir
        c.tingretten.choose_settlement(case_id, "privat", fnr_for("jon"))
    assert err.value.errors[0]["loc"] == ["body", "personident"]
    case = c.tingretten.choose_settlement(case_id, "privat", kari, idempotency_key="settle-1")
    assert case.skifteform == "privat"
    assert c.tingretten.choose_settlement(case_id, "privat", kari, idempotency_key="settle-1") == case
    with pytest.raises(InvalidRequest) as err:
        c.tingretten.choose_settlement(case_id, "uskifte", kari)
    assert err.value.status == 409
    result = c.check({"agency": "tingretten", "lookup": "settlement_chosen"}, kari)
    assert result.status == "done" and "privat skifte" in result.summary["nb"]


# ---------------------------------------------------------------- persistence and configured faults

def test_writes_survive_a_restart(tmp_path, new_fnr):
    srv = MockServer(tmp_path / "agencies.db").start()
    try:
        fnr = new_fnr()
        sak = srv.clients().udi.apply(fnr, "eu_registrering")
        srv.clients().tingretten.choose_settlement("26-123456TVI-TOSL", "uskifte", fnr_for("kari"))
    finally:
        srv.stop()
    srv = MockServer(tmp_path / "agencies.db", faults={"nav": {"down": True}}).start()
    try:
        c = srv.clients(retries=0)
        assert c.udi.application(sak.saksnummer) == sak
        assert c.check({"agency": "udi", "lookup": "eu_registration"}, fnr).status == "waiting"
        case = c.tingretten.probate_case("26-123456TVI-TOSL")
        assert case.skifteform == "uskifte"                       # the seed did not overwrite it
        assert len(c.tingretten.probate_cases(fnr_for("kari"))) == 1
        assert c.udi.apply(new_fnr(), "eu_registrering").saksnummer != sak.saksnummer
        with pytest.raises(AgencyUnavailable):                    # faults from VEIVISER_AGENCY_FAULTS
            c.nav.applications(fnr_for("jon"))
    finally:
        srv.stop()


# ---------------------------------------------------------------- OpenAPI and logging

def test_openapi_describes_every_route(server):
    doc = requests.get(server.url + "/openapi.json", timeout=2).json()
    assert doc["openapi"].startswith("3.")
    ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    assert ("GET", "/brreg/enhetsregisteret/api/enheter/{organisasjonsnummer}") in ops
    assert ("GET", "/brreg/frivillighetsregisteret/api/frivillige-organisasjoner/{organisasjonsnummer}") in ops
    assert ("POST", "/tell-us-once/api/v1/meldinger") in ops
    for agency in CASE_AGENCIES:
        assert ("POST", f"/{agency}/api/v1/soknader") in ops
    # every documented operation answers (not 404/405) with the agency token
    h = {"Authorization": f"Bearer {TOKEN}"}
    for method, path in ops:
        if method == "GET" and "{" not in path:
            resp = requests.get(server.url + path, headers=dict(h, Personident=fnr_for("kari")), timeout=2)
            assert resp.status_code in (200, 403), (path, resp.status_code)
    assert "html" in requests.get(server.url + "/docs", timeout=2).headers["content-type"]


def test_logs_carry_no_identity_numbers(clients, caplog, faults):
    caplog.set_level(logging.DEBUG, logger="veiviser.agencies")
    kari = fnr_for("kari")
    clients.check({"agency": "folkeregisteret", "lookup": "death_registered"}, kari)
    clients.check({"agency": "tingretten", "lookup": "probate_case"}, kari)
    faults({"nav": {"down": True}})
    with pytest.raises(AgencyUnavailable) as err:
        clients.check({"agency": "nav", "lookup": "application", "benefit": "gravferdsstonad"}, kari)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "agency=folkeregisteret" in text and "/folkeregisteret/api/v1/personer/{personident}" in text
    assert "status=503" in text
    fnrs = [p["fnr"] for p in load_seed()["persons"].values()]
    assert not any(f in text for f in fnrs)
    assert not any(f in str(err.value) for f in fnrs)
