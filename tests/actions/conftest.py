"""Tracker fixtures for the custom actions, in the style of RasaHQ/financial-demo.

Each test builds a rasa_sdk Tracker (sender, slots, latest_message with text/intent/entities/metadata/
intent_ranking/response_selector, events), runs `action.run(CollectingDispatcher(), tracker, domain)` and
compares the returned events and the dispatcher's messages.

Agency look-ups go to the real mock agency app (bot/agencies/mock) on a free port, started once per session;
the clients are pointed at it with VEIVISER_AGENCY_URL and today is pinned to 2026-11-30 (VEIVISER_TODAY).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import pytest
import requests
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.agencies.mock.launcher import MockServer
from bot.settings import REPO_ROOT

TODAY = "2026-11-30"
TOKEN = "test-agency-token"
ADMIN_TOKEN = "test-admin-token"
SLOTS = ("language", "life_events", "facts", "event_dates", "done_steps", "skipped_facts", "awaiting",
         "current_step", "consents", "observed")


@pytest.fixture(scope="session")
def agencies(tmp_path_factory) -> MockServer:
    server = MockServer(tmp_path_factory.mktemp("action-agencies") / "agencies.db", token=TOKEN,
                        admin_token=ADMIN_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((Path(REPO_ROOT) / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch, agencies):
    """Every action test talks to the session's mock agencies, on 2026-11-30, with fresh clients."""
    import actions.adapter

    monkeypatch.setenv("VEIVISER_AGENCY_URL", agencies.url)
    monkeypatch.setenv("VEIVISER_AGENCY_TOKEN", TOKEN)
    monkeypatch.setenv("VEIVISER_TODAY", TODAY)
    monkeypatch.setenv("VEIVISER_AGENCY_RETRIES", "0")
    monkeypatch.setenv("VEIVISER_AGENCY_READ_TIMEOUT", "2.0")
    monkeypatch.setenv("VEIVISER_DEMO_PERSONA", "kari")
    actions.adapter._clients.cache_clear()
    yield
    actions.adapter._clients.cache_clear()


@pytest.fixture
def faults(agencies):
    """faults({"nav": {"down": True}}) for the rest of the test; always cleared afterwards."""
    def admin(method: str, body: Optional[dict] = None) -> None:
        response = requests.request(method, agencies.url + "/admin/faults", json=body, timeout=5,
                                    headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        assert response.status_code == 200, response.text

    yield lambda spec: admin("PUT", {"faults": spec})
    admin("DELETE")


def tracker(text: str = "", intent: Optional[str] = None, *, confidence: float = 0.95,
            entities: Optional[dict[str, Any]] = None, slots: Optional[dict[str, Any]] = None,
            persona: Optional[str] = "kari", ranking: Optional[list[tuple[str, float]]] = None,
            faq: Optional[str] = None, faq_confidence: float = 0.9, sender: str = "action-test") -> Tracker:
    """A tracker as the action server receives it for one user message.

    `text` is what the person wrote (or a button payload like '/inform{"fact_value": "spouse"}');
    `entities` are {name: value}; `slots` the stored slot values; `ranking` the intent ranking;
    `faq` the response selector's answer id (e.g. "death_uskifte") and `faq_confidence` its confidence."""
    intent_name = intent or ""
    entity_list = [{"entity": name, "value": value, "start": 0, "end": 0, "extractor": "RegexEntityExtractor"}
                   for name, value in (entities or {}).items()]
    intent_ranking = [{"name": name, "confidence": conf} for name, conf in (ranking or [(intent_name, confidence)])]
    latest: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent_name, "confidence": confidence},
        "entities": entity_list,
        "intent_ranking": intent_ranking,
        "metadata": {"persona": persona} if persona else {},
    }
    if faq is not None:
        latest["response_selector"] = {
            "all_retrieval_intents": ["faq"],
            "faq": {"response": {"intent_response_key": f"faq/{faq}", "confidence": faq_confidence,
                                 "responses": [], "utter_action": f"utter_faq/{faq}"},
                    "ranking": []},
        }
    all_slots = {name: None for name in SLOTS}
    all_slots.update(slots or {})
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": text, "parse_data": latest, "metadata": latest["metadata"]}]
    return Tracker(sender_id=sender, slots=all_slots, latest_message=latest, events=events, paused=False,
                   followup_action=None, active_loop={}, latest_action_name="action_listen")


def run(action, tracker_: Tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(events, messages) of one run of the action."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, domain)
    return events, dispatcher.messages


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The SlotSet events as {slot: value} (and a check that nothing else came back)."""
    assert all(e["event"] == "slot" for e in events), events
    return {e["name"]: e["value"] for e in events}


def customs(messages: list[dict[str, Any]], kind: Optional[str] = None) -> list[dict[str, Any]]:
    found = [m["custom"] for m in messages if m.get("custom")]
    return [c for c in found if kind is None or c.get("type") == kind]


def chain(messages: list[dict[str, Any]]) -> dict[str, Any]:
    chains = customs(messages, "service_chain")
    assert len(chains) == 1, f"expected one service_chain payload, got {len(chains)}"
    return chains[0]


def statuses(chain_payload: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["status"] for s in chain_payload["steps"]}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
