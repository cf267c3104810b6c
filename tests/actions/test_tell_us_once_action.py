"""Tell Us Once (actions/tell_us_once.py, and its answers through action_answer): consent per agency, confirm,
send to the mock Tell Us Once API, receipts, and a repeated send that notifies nobody twice."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.guide import ActionAnswer
from actions.tell_us_once import ActionTellUsOnce
from tests.actions.conftest import customs, run, tracker

DEATH = {"life_events": ["death-and-inheritance"], "event_dates": {"date_of_death": "2026-11-20"}}
DEATH_AGENCIES = ["nav", "skatteetaten", "tingretten", "kommune", "helfo", "lanekassen", "politiet"]


def test_the_yes_and_no_button_texts_exist(domain):
    # data/texts/dialogue.yml once had an unquoted `yes:` key, which YAML reads as the boolean true
    _, messages = run(ActionTellUsOnce(), tracker("meld fra til etatene", "tell_us_once", slots=DEATH), domain)
    assert messages[-1]["buttons"] == [{"title": "Ja", "payload": "/affirm"}, {"title": "Nei", "payload": "/deny"}]


def _answer(domain, text, intent, slots, sender="tuo-test"):
    return run(ActionAnswer(), tracker(text, intent, slots=slots, sender=sender, persona="kari"), domain)


def test_start_lists_what_each_agency_is_told_and_asks_the_first(domain):
    slots = dict(DEATH, consents={"nav": False})       # an earlier, abandoned round
    events, messages = run(ActionTellUsOnce(), tracker("meld fra til etatene", "tell_us_once", slots=slots), domain)
    assert events == [SlotSet("awaiting", "tuo:nav"), SlotSet("consents", {})]
    intro, ask = messages
    assert intro["text"].splitlines()[0] == ("Jeg kan si fra til flere etater på én gang. Jeg spør deg om hver etat "
                                             "først. Dette ville de fått vite:")
    assert [a["id"] for a in intro["custom"]["agencies"]] == DEATH_AGENCIES
    assert intro["custom"]["type"] == "tell_us_once" and intro["custom"]["available"] is True
    assert ask["custom"] == {"type": "tell_us_once_consent", "life_event": "death-and-inheritance", "agency": "nav"}
    assert ask["buttons"] == [{"title": "Ja", "payload": "/affirm"}, {"title": "Nei", "payload": "/deny"}]
    assert ask["text"].startswith("Gir du samtykke til at NAV får beskjed?")


def test_not_available_for_job_loss(domain):
    events, messages = run(ActionTellUsOnce(), tracker("meld fra til etatene", "tell_us_once",
                                                       slots={"life_events": ["job-loss"]}), domain)
    assert events == []
    assert [m["custom"] for m in messages] == [{"type": "tell_us_once", "life_event": "job-loss", "available": False}]
    assert messages[0]["text"].startswith("Meld fra én gang finnes for dødsfall, fødsel og flytting.")


def test_consent_yes_and_no_move_agency_by_agency(domain):
    slots = dict(DEATH, awaiting="tuo:nav", consents={})
    events, messages = _answer(domain, "/affirm", "affirm", slots)
    assert events == [SlotSet("awaiting", "tuo:skatteetaten"), SlotSet("consents", {"nav": True})]
    assert [m["custom"] for m in messages] == [
        {"type": "tell_us_once_consent", "life_event": "death-and-inheritance", "agency": "skatteetaten"}]
    events, _ = _answer(domain, "/deny", "deny", dict(DEATH, awaiting="tuo:skatteetaten", consents={"nav": True}))
    assert events == [SlotSet("awaiting", "tuo:tingretten"), SlotSet("consents", {"nav": True, "skatteetaten": False})]


def test_something_else_than_yes_or_no_asks_again(domain):
    events, messages = _answer(domain, "kanskje", "inform", dict(DEATH, awaiting="tuo:helfo", consents={"nav": True}))
    assert events == []
    assert [m["custom"]["agency"] for m in messages] == ["helfo"]


def test_no_consent_at_all_sends_nothing(domain):
    consents = {a: False for a in DEATH_AGENCIES[:-1]}
    events, messages = _answer(domain, "/deny", "deny", dict(DEATH, awaiting="tuo:politiet", consents=consents))
    assert events == [SlotSet("awaiting", None), SlotSet("consents", {**consents, "politiet": False})]
    assert [m["custom"] for m in messages] == [
        {"type": "tell_us_once_receipt", "life_event": "death-and-inheritance", "receipts": []}]
    assert messages[0]["text"] == "Du har ikke gitt samtykke til noen etat, så jeg sender ingenting."


def test_the_last_consent_asks_for_confirmation(domain):
    consents = {"nav": True, "skatteetaten": True, "tingretten": False, "kommune": False, "helfo": True,
                "lanekassen": False}
    events, messages = _answer(domain, "/affirm", "affirm", dict(DEATH, awaiting="tuo:politiet", consents=consents))
    assert events == [SlotSet("awaiting", "tuo_send"), SlotSet("consents", {**consents, "politiet": True})]
    [message] = messages
    assert message["text"] == "Jeg sender beskjed til: NAV, Skatteetaten, Helfo, Politiet. Skal jeg sende nå?"
    assert message["custom"] == {"type": "tell_us_once_confirm", "life_event": "death-and-inheritance",
                                 "agencies": ["nav", "skatteetaten", "helfo", "politiet"]}


def test_cancel_at_confirmation(domain):
    events, messages = _answer(domain, "/deny", "deny", dict(DEATH, awaiting="tuo_send", consents={"nav": True}))
    assert events == [SlotSet("awaiting", None)]
    assert messages[0]["text"] == "Greit, jeg sender ingenting."


CONSENTS = {"nav": True, "skatteetaten": True, "tingretten": True, "kommune": False, "helfo": True,
            "lanekassen": False, "politiet": True}


def test_send_gives_receipts_and_a_repeat_notifies_nobody_twice(domain):
    slots = dict(DEATH, awaiting="tuo_send", consents=CONSENTS)
    events, messages = _answer(domain, "/affirm", "affirm", slots, sender="tuo-send-once")
    assert events == [SlotSet("awaiting", None)]
    [message] = messages
    receipt = message["custom"]
    assert receipt["type"] == "tell_us_once_receipt" and receipt["sent"] is True
    assert receipt["life_event"] == "death-and-inheritance"
    by_agency = {r["agency"]: r for r in receipt["receipts"]}
    for agency, consent in CONSENTS.items():
        assert by_agency[agency]["status"] == ("notified" if consent else "not_notified_no_consent"), agency
    assert all(by_agency[a]["case_id"] for a, yes in CONSENTS.items() if yes)
    assert message["text"].splitlines()[0] == "Kvitteringer:"
    assert any(line.startswith("- NAV: har fått beskjed") for line in message["text"].splitlines())
    # the same conversation sends again (a retried click): same idempotency key, the same receipts
    _, again = _answer(domain, "/affirm", "affirm", slots, sender="tuo-send-once")
    assert [(r["agency"], r["status"], r["case_id"]) for r in again[0]["custom"]["receipts"]] == \
        [(r["agency"], r["status"], r["case_id"]) for r in receipt["receipts"]]


def test_send_when_tell_us_once_is_down_keeps_the_consents_for_a_retry(domain, faults):
    faults({"tell-us-once": {"down": True}})
    slots = dict(DEATH, awaiting="tuo_send", consents=CONSENTS)
    events, messages = _answer(domain, "/affirm", "affirm", slots, sender="tuo-down")
    assert events == []
    assert messages[0]["custom"] == {"type": "tell_us_once_receipt", "life_event": "death-and-inheritance",
                                     "receipts": [], "sent": False}
    assert messages[0]["text"].startswith("Jeg fikk ikke sendt beskjeden akkurat nå.")


def test_tell_us_once_for_a_birth_in_english(domain):
    slots = {"life_events": ["having-a-child"], "language": "en"}
    _, messages = run(ActionTellUsOnce(), tracker("/tell_us_once", "tell_us_once", slots=slots, persona="lise"),
                      domain)
    assert customs(messages)[0]["type"] == "tell_us_once"
    assert messages[-1]["buttons"] == [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    assert messages[-1]["text"].startswith("Do you consent to NAV (the Norwegian Labour and Welfare Administration) being told?")


def test_action_name_matches_the_domain(domain):
    assert ActionTellUsOnce().name() in domain["actions"]
