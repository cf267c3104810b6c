"""The public API: payload, next question, find_step, agency opening hours, diagrams up to date."""
from datetime import date, datetime

import pytest

from bot.chains import CatalogError, find_step, load_catalog, make_plan, next_question, service_chain_payload
from bot.chains.calendar_no import OSLO
from bot.chains.diagram import render_event
from bot.chains.loader import REPO


def test_payload_matches_guide_contract(catalog):
    plan = make_plan(catalog, ["death-and-inheritance"], facts={"relationship": "spouse"},
                     dates={"date_of_death": date(2026, 11, 20)}, done={"arrange-funeral"}, today=date(2026, 11, 29))
    payload = service_chain_payload(catalog, plan, life_event="death-and-inheritance", language="nb")
    assert payload["type"] == "service_chain" and payload["life_event"] == "death-and-inheritance"
    assert payload["language"] == "nb" and payload["title"] == "Når noen dør" and payload["event_date"] == "2026-11-20"
    steps = {s["id"]: s for s in payload["steps"]}
    choose = steps["choose-settlement"]
    assert choose["due"] == "2027-01-19" and choose["status"] == "todo" and choose["action"] == "citizen"
    assert choose["agency"] == {"id": "tingretten", "name": "Tingretten"}
    assert choose["url"].startswith("https://") and "60 dager" in choose["why"]
    assert steps["arrange-funeral"]["status"] == "done"
    assert [s["position"] for s in payload["steps"]] == list(range(1, len(payload["steps"]) + 1))
    for s in payload["steps"]:
        assert set(s) >= {"id", "position", "title", "agency", "action", "status", "due", "why", "url"}


def test_payload_english_and_amounts_from_g(catalog):
    plan = make_plan(catalog, "death-and-inheritance", facts={"relationship": "spouse"}, language="en")
    payload = service_chain_payload(catalog, plan)
    why = next(s["why"] for s in payload["steps"] if s["id"] == "adjustment-allowance")
    g = catalog.G
    assert f"{round(2.25 * g):,}".replace(",", "\u00a0") in why and "{g:" not in why
    assert payload["language"] == "en" and payload["event_date"] is None


def test_next_question_asks_only_what_changes_the_plan(catalog):
    q = next_question(catalog, ["death-and-inheritance"], {}, [])
    assert q.id == "relationship" and q.type == "choice" and q.question.nb and q.question.en
    q = next_question(catalog, ["death-and-inheritance"], {"relationship": "spouse"}, [])
    assert q.id == "children_under_20"  # shared_children no longer matters for a spouse
    q = next_question(catalog, ["death-and-inheritance"], {"relationship": "cohabitant"}, [])
    assert q.id == "shared_children"
    q = next_question(catalog, ["death-and-inheritance"], {"relationship": "cohabitant"}, ["shared_children"])
    assert q.id != "shared_children"
    facts = {}
    for _ in range(30):
        q = next_question(catalog, ["death-and-inheritance"], facts, [])
        if q is None:
            break
        facts[q.id] = q.value_ids()[0]
    assert q is None
    assert make_plan(catalog, "death-and-inheritance", facts=facts).steps and all(
        not s.pending_facts for s in make_plan(catalog, "death-and-inheritance", facts=facts).steps)


def test_bool_fact_has_yes_no_labels(catalog):
    fact = catalog.events["death-and-inheritance"].fact("has_will")
    assert fact.type == "bool" and [v.label.en for v in fact.values] == ["Yes", "No"]


@pytest.mark.parametrize("text,language,expected", [
    ("jeg har bestilt begravelsen", "nb", "arrange-funeral"),
    ("I've applied for the funeral grant", "en", "funeral-grant"),
    ("vi har søkt om gravferdsstønad", "nb", "funeral-grant"),
    ("we sent the notice of undivided estate", "en", "undivided-estate"),
    ("har levert hjemmelserklæring til kartverket", "nb", "transfer-property"),
])
def test_find_step(catalog, text, language, expected):
    assert find_step(catalog, ["death-and-inheritance"], text, language) == expected


def test_find_step_no_match(catalog):
    assert find_step(catalog, ["death-and-inheritance"], "hva er klokka", "nb") is None


def test_find_step_shared_across_events(catalog):
    sid = find_step(catalog, ["death-and-inheritance", "new-in-norway"], "søkt om utvidet barnetrygd", "nb")
    assert sid == "child-benefit"


def test_agency_opening_hours(catalog):
    assert catalog.agencies["tingretten"].api_base == "/tingretten"
    assert catalog.agency_open_at("nav", datetime(2026, 12, 1, 10, 0))       # Tuesday morning
    assert not catalog.agency_open_at("nav", datetime(2026, 12, 1, 16, 0))   # after closing
    assert not catalog.agency_open_at("nav", datetime(2026, 12, 25, 10, 0))  # Christmas Day
    nxt = catalog.next_opening("nav", datetime(2026, 12, 24, 16, 0))        # Christmas Eve afternoon
    assert nxt == datetime(2026, 12, 28, 9, 0, tzinfo=OSLO)
    utc = datetime(2026, 6, 1, 8, 30, tzinfo=OSLO).astimezone(__import__("zoneinfo").ZoneInfo("UTC"))
    assert catalog.agency_open_at("tingretten", utc)
    assert catalog.next_opening("begravelsesbyra", datetime(2026, 6, 1, 10)) is None


def test_invalid_catalog_raises(tmp_path):
    (tmp_path / "chains").mkdir()
    with pytest.raises(CatalogError) as err:
        load_catalog(tmp_path)
    assert err.value.issues


def test_diagrams_are_up_to_date(catalog):
    for eid, event in catalog.events.items():
        path = REPO / "docs" / "chains" / f"{eid}.md"
        assert path.exists(), "run make chains-diagram"
        assert path.read_text(encoding="utf-8") == render_event(catalog, event), f"{path} is stale: run make chains-diagram"


def test_no_rasa_import():
    for path in (REPO / "bot" / "chains").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import rasa" not in text and "from rasa" not in text, path
