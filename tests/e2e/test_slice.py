"""End to end through every layer: REST channel -> Rasa -> action server -> planner -> mock agencies."""
from __future__ import annotations

import sqlite3

import pytest

from tests.stack import customs, texts

pytestmark = pytest.mark.stack


def chain_of(messages):
    chains = customs(messages, "service_chain")
    assert chains, f"no service_chain payload in {messages}"
    return chains[-1]


def test_death_in_bokmal_gives_the_chain_with_folkeregisteret_status(stack):
    messages = stack.send("e2e-nb", "faren min døde i går", persona="kari")
    chain = chain_of(messages)
    assert chain["life_event"] == "death-and-inheritance"
    assert chain["language"] == "nb"
    steps = {step["id"]: step for step in chain["steps"]}
    assert {"death-registered", "arrange-funeral", "choose-settlement"} <= set(steps)
    # kari's father is registered as dead in the mock Folkeregisteret
    assert steps["death-registered"]["status"] == "done"
    # "i går" on the pinned test date 2026-11-30 is 29 November; settlement is due 60 days later
    assert chain["event_date"] == "2026-11-29"
    assert steps["choose-settlement"]["due"] == "2027-01-28"
    assert [s["position"] for s in chain["steps"]] == sorted(s["position"] for s in chain["steps"])
    # every custom payload of this reply belongs to the life event
    assert all(c.get("life_event") == "death-and-inheritance" for c in customs(messages))


def test_death_in_english(stack):
    messages = stack.send("e2e-en", "my mother passed away last week", persona="kari")
    chain = chain_of(messages)
    assert chain["life_event"] == "death-and-inheritance"
    assert chain["language"] == "en"
    assert any("funeral" in step["title"].lower() for step in chain["steps"])


def test_a_person_with_no_registered_death_sees_the_step_as_not_done(stack):
    chain = chain_of(stack.send("e2e-nora", "mamma sovnet inn i natt", persona="nora"))
    steps = {step["id"]: step for step in chain["steps"]}
    assert steps["death-registered"]["status"] != "done"


def test_agency_down_still_shows_the_chain_and_says_what_could_not_be_checked(stack):
    stack.set_faults({"folkeregisteret": {"down": True}})
    try:
        messages = stack.send("e2e-down", "faren min døde i går", persona="kari")
    finally:
        stack.clear_faults()
    chain = chain_of(messages)
    steps = {step["id"]: step for step in chain["steps"]}
    assert steps["death-registered"]["checked"] is False
    assert "check_note" in steps["death-registered"]
    assert "Folkeregisteret" in texts(messages)


def test_conversation_survives_a_restart_of_rasa(stack):
    stack.send("e2e-persist", "faren min døde i går", persona="kari")
    before = [e for e in stack.tracker("e2e-persist")["events"] if e["event"] == "user"]
    stack.restart("rasa")
    after = stack.tracker("e2e-persist")
    assert [e["text"] for e in after["events"] if e["event"] == "user"] == [e["text"] for e in before]
    assert after["slots"]["life_events"] == ["death-and-inheritance"]


def _stored_rows(stack, sender):
    with sqlite3.connect(stack.workdir / "var" / "tracker.db") as db:
        return [row[0] for row in db.execute("select data from events where sender_id = ?", (sender,))]


def test_personal_data_is_redacted_before_it_is_stored(stack):
    secret = "fnr 14837800189, ring 912 34 567 eller kari@example.no"
    stack.send("e2e-pii", "faren min døde i går. " + secret, persona="kari")
    stored = "\n".join(_stored_rows(stack, "e2e-pii"))
    assert stored, "nothing stored for the conversation"
    for value in ("14837800189", "912 34 567", "kari@example.no"):
        assert value not in stored
    assert "[fjernet-id]" in stored and "[fjernet-epost]" in stored
    for name in ("rasa", "actions"):
        assert "14837800189" not in stack.log(name)


def test_delete_my_data_removes_the_conversation_from_the_store(stack):
    stack.send("e2e-delete", "faren min døde i går", persona="kari")
    assert _stored_rows(stack, "e2e-delete")
    reply = stack.send("e2e-delete", "/delete_data")
    assert customs(reply, "deleted")
    assert _stored_rows(stack, "e2e-delete") == []
