"""The chain actions (actions/guide.py): start, answer, what next, step done, why, check status."""
from __future__ import annotations

from datetime import timedelta

import pytest
from rasa_sdk.events import SlotSet

from actions.guide import (ActionAnswer, ActionCheckStatus, ActionExplainWhy, ActionStartLifeEvent,
                           ActionStepDone, ActionWhatNext)
from bot import clock
from tests.actions.conftest import chain, customs, run, statuses, tracker

DEATH = {"life_events": ["death-and-inheritance"], "event_dates": {"date_of_death": "2026-11-20"}}
YES_NO = [{"title": "Ja", "payload": '/inform{"fact_value": "yes"}'},
          {"title": "Nei", "payload": '/inform{"fact_value": "no"}'},
          {"title": "Hopp over", "payload": "/skip"}]
RELATIONSHIP_BUTTONS = [
    {"title": "Ektefelle eller registrert partner", "payload": '/inform{"fact_value": "spouse"}'},
    {"title": "Samboer", "payload": '/inform{"fact_value": "cohabitant"}'},
    {"title": "Barn", "payload": '/inform{"fact_value": "child"}'},
    {"title": "Forelder", "payload": '/inform{"fact_value": "parent"}'},
    {"title": "Søsken", "payload": '/inform{"fact_value": "sibling"}'},
    {"title": "Annet", "payload": '/inform{"fact_value": "other"}'},
    {"title": "Hopp over", "payload": "/skip"},
]
PERSONALISE_OFFER_NB = ("Vil du at jeg gjør listen personlig? Da stiller jeg noen korte spørsmål. "
                        "Du kan hoppe over alle.")
# What the mock agencies report for kari (bot/agencies/mock/seed/people.yml): her father's death is registered
# (Folkeregisteret), the probate case is open (Tingretten), her funeral grant application is being processed and
# she has not applied for the adjustment allowance or child benefit (NAV).
KARI_OBSERVED = {"death-registered": "done", "funeral-grant": "waiting", "probate-letter": "done",
                 "adjustment-allowance": "todo", "child-benefit": "todo"}
DEATH_INTRO_NB = ("Vi er lei for tapet ditt. Det meste kan vente noen uker. Det som haster de første dagene, "
                  "er begravelsen eller bisettelsen.")


# --- start a life event -----------------------------------------------------------------------------------------

def test_start_death_in_bokmal_with_agencies_up(domain):
    events, messages = run(ActionStartLifeEvent(),
                           tracker("faren min døde i går", "event_death_and_inheritance", persona="kari"), domain)
    assert events == [SlotSet("life_events", ["death-and-inheritance"]),
                      SlotSet("event_dates", {"date_of_death": "2026-11-29"}),
                      SlotSet("awaiting", "personalise"),
                      SlotSet("observed", KARI_OBSERVED)]
    # one message carries the intro, the next steps (numbered as in the payload; booking the funeral first: the
    # burial request waits for it) and the chain payload; then the offer to personalise
    assert messages[0]["text"] == (
        DEATH_INTRO_NB + "\n\nDette er de neste stegene dine:\n"
        "2. Bestill begravelse eller bisettelse (Begravelsesbyrået) – frist 11. desember 2026\n"
        "10. Velg hvordan dødsboet skal gjøres opp (Tingretten) – frist 28. januar 2027\n"
        "8. Få oversikt over eiendeler og gjeld (Tingretten)")
    payload = chain(messages)
    assert messages[0]["custom"] is payload
    assert {k: payload[k] for k in ("type", "life_event", "language", "title", "event_date")} == {
        "type": "service_chain", "life_event": "death-and-inheritance", "language": "nb", "title": "Når noen dør",
        "event_date": "2026-11-29"}
    steps = statuses(payload)
    # kari's father is registered as dead, and the probate case is open (mock Folkeregisteret and Tingretten);
    # her funeral grant application is being processed at NAV.
    assert steps["death-registered"] == "done"
    assert steps["probate-letter"] == "done"
    assert steps["funeral-grant"] == "waiting"
    assert steps["arrange-funeral"] == "todo"
    assert [s["position"] for s in payload["steps"]] == list(range(1, len(payload["steps"]) + 1))
    assert not any("checked" in s for s in payload["steps"])
    by_id = {s["id"]: s for s in payload["steps"]}
    assert by_id["choose-settlement"]["due"] == "2027-01-28"
    assert by_id["choose-settlement"]["agency"] == {"id": "tingretten", "name": "Tingretten"}
    # the burial deadline (ten working days after 29 November) is on booking the funeral
    assert by_id["arrange-funeral"]["due"] == "2026-12-11"
    for number, title in (("2", "Bestill begravelse eller bisettelse"), ("10", "Velg hvordan dødsboet skal gjøres opp"),
                          ("8", "Få oversikt over eiendeler og gjeld")):
        assert payload["steps"][int(number) - 1]["title"] == title
    assert messages[-1] == {
        "text": PERSONALISE_OFFER_NB,
        "buttons": [{"title": "Ja, gjør den personlig", "payload": "/personalise"},
                    {"title": "Nei takk", "payload": "/deny"}],
        "elements": [], "custom": {"type": "personalise_offer", "life_event": "death-and-inheritance"},
        "template": None, "response": None, "image": None, "attachment": None}
    assert len(messages) == 2


def test_start_in_english_answers_in_english(domain):
    events, messages = run(ActionStartLifeEvent(),
                           tracker("my father died yesterday", "event_death_and_inheritance"), domain)
    assert SlotSet("life_events", ["death-and-inheritance"]) in events
    assert SlotSet("event_dates", {"date_of_death": "2026-11-29"}) in events
    payload = chain(messages)
    assert payload["language"] == "en" and payload["title"] == "When someone dies"
    assert messages[0]["text"].startswith("We are sorry for your loss.")
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Yes, make it personal", "No thanks"]


def test_start_in_english_stores_the_language(domain):
    events, _ = run(ActionStartLifeEvent(), tracker("my father died yesterday", "event_death_and_inheritance"), domain)
    assert events == [SlotSet("language", "en"),
                      SlotSet("life_events", ["death-and-inheritance"]),
                      SlotSet("event_dates", {"date_of_death": "2026-11-29"}),
                      SlotSet("awaiting", "personalise"),
                      SlotSet("observed", KARI_OBSERVED)]


def test_start_job_loss_in_english_is_answered_in_english(domain):
    events, messages = run(ActionStartLifeEvent(), tracker("I lost my job last week", "event_job_loss", persona="jon"),
                           domain)
    assert SlotSet("language", "en") in events
    assert chain(messages)["language"] == "en"


def test_a_button_payload_keeps_the_stored_language(domain):
    slots = dict(DEATH, language="en", awaiting="personalise")
    events, messages = run(ActionAnswer(), tracker("/personalise", "personalise", slots=slots), domain)
    assert events == [SlotSet("awaiting", "fact:relationship")]
    assert messages[0]["text"] == "What was your relation to the person who died?"


def test_start_with_folkeregisteret_down_still_shows_the_chain_and_names_the_agency(domain, faults):
    faults({"folkeregisteret": {"down": True}})
    events, messages = run(ActionStartLifeEvent(),
                           tracker("faren min døde i går", "event_death_and_inheritance", persona="kari"), domain)
    # what the other agencies answered is kept; nothing is stored for the step that could not be checked
    assert events == [SlotSet("life_events", ["death-and-inheritance"]),
                      SlotSet("event_dates", {"date_of_death": "2026-11-29"}),
                      SlotSet("awaiting", "personalise"),
                      SlotSet("observed", {k: v for k, v in KARI_OBSERVED.items() if k != "death-registered"})]
    payload = chain(messages)
    by_id = {s["id"]: s for s in payload["steps"]}
    assert by_id["death-registered"]["checked"] is False
    assert "Folkeregisteret" in by_id["death-registered"]["check_note"]
    assert by_id["death-registered"]["status"] != "done"
    # the other agencies still answered
    assert by_id["probate-letter"]["status"] == "done" and "checked" not in by_id["probate-letter"]
    [status] = customs(messages, "status")
    assert status == {"type": "status", "life_event": "death-and-inheritance", "checked": False,
                      "results": [{"step_id": "death-registered", "checked": False}]}
    status_text = next(m["text"] for m in messages if m["custom"].get("type") == "status")
    assert status_text.startswith("Jeg fikk ikke sjekket status hos Folkeregisteret (Skatteetaten) akkurat nå.")
    assert len(messages) == 3


def test_start_job_loss_for_jon_sees_his_unemployment_benefit_application(domain):
    events, messages = run(ActionStartLifeEvent(), tracker("jeg har mistet jobben", "event_job_loss", persona="jon"),
                           domain)
    assert events == [SlotSet("life_events", ["job-loss"]), SlotSet("awaiting", "personalise"),
                      SlotSet("observed", {"unemployment-benefit": "waiting"})]
    steps = statuses(chain(messages))
    assert steps["unemployment-benefit"] == "waiting"
    assert steps["register-jobseeker"] == "todo"


def test_start_a_second_life_event_keeps_the_first(domain):
    events, messages = run(ActionStartLifeEvent(),
                           tracker("jeg har mistet jobben", "event_job_loss", slots=dict(DEATH, awaiting=None)),
                           domain)
    # both chains are looked up again; kari has no unemployment benefit application at NAV
    assert events == [SlotSet("life_events", ["death-and-inheritance", "job-loss"]),
                      SlotSet("awaiting", "personalise"),
                      SlotSet("observed", {**KARI_OBSERVED, "unemployment-benefit": "todo"})]
    assert chain(messages)["life_event"] == "job-loss"
    assert all(c["life_event"] == "job-loss" for c in customs(messages))


def test_a_date_while_the_date_of_death_is_asked_is_an_answer_not_a_new_death(domain):
    slots = dict(DEATH, event_dates={}, awaiting="date:date_of_death")
    events, messages = run(ActionStartLifeEvent(), tracker("han døde 3. november", "event_death_and_inheritance",
                                                           slots=slots), domain)
    assert events == [SlotSet("event_dates", {"date_of_death": "2026-11-03"}),
                      SlotSet("awaiting", "fact:relationship")]
    assert customs(messages) == [{"type": "personalise_question", "life_event": "death-and-inheritance",
                                  "fact": "relationship", "kind": "fact"}]


# --- personalisation --------------------------------------------------------------------------------------------

def _answer(domain, text, intent, slots, entities=None):
    return run(ActionAnswer(), tracker(text, intent, slots=slots, entities=entities), domain)


def test_personalise_yes_asks_for_the_date_first_when_it_is_unknown(domain):
    events, messages = _answer(domain, "/personalise", "personalise", dict(DEATH, event_dates={}, awaiting="personalise"))
    assert events == [SlotSet("awaiting", "date:date_of_death")]
    assert [(m["text"], m["buttons"], m["custom"]) for m in messages] == [(
        "Hvilken dato døde personen?", [{"title": "Hopp over", "payload": "/skip"}],
        {"type": "personalise_question", "life_event": "death-and-inheritance", "fact": "date_of_death",
         "kind": "date"})]


def test_personalise_by_affirm_with_a_known_date_asks_the_first_fact(domain):
    events, messages = _answer(domain, "ja", "affirm", dict(DEATH, awaiting="personalise"))
    assert events == [SlotSet("awaiting", "fact:relationship")]
    assert [(m["text"], m["buttons"]) for m in messages] == [("Hva var du for den som døde?", RELATIONSHIP_BUTTONS)]


def test_personalise_no(domain):
    events, messages = _answer(domain, "nei takk", "deny", dict(DEATH, awaiting="personalise"))
    assert events == [SlotSet("awaiting", None)]
    assert [(m["text"], m["custom"]) for m in messages] == [(
        "Greit. Listen over viser alt som kan gjelde deg. Skriv «hva nå?» når du vil se neste steg, eller spør om "
        "det du lurer på.", {"type": "personalise_declined", "life_event": "death-and-inheritance"})]


def test_fact_by_button(domain):
    events, messages = _answer(domain, '/inform{"fact_value": "spouse"}', "inform",
                               dict(DEATH, awaiting="fact:relationship"), {"fact_value": "spouse"})
    assert events == [SlotSet("facts", {"relationship": "spouse"}), SlotSet("awaiting", "fact:children_under_20")]
    assert [(m["text"], m["buttons"], m["custom"]) for m in messages] == [(
        "Hadde den som døde barn under 20 år?", YES_NO,
        {"type": "personalise_question", "life_event": "death-and-inheritance", "fact": "children_under_20",
         "kind": "fact"})]


def test_fact_by_text(domain):
    events, messages = _answer(domain, "samboer", "inform", dict(DEATH, awaiting="fact:relationship"))
    assert events == [SlotSet("facts", {"relationship": "cohabitant"}), SlotSet("awaiting", "fact:shared_children")]
    assert [m["text"] for m in messages] == ["Hadde du og den som døde barn sammen?"]


def test_yes_no_fact_by_text(domain):
    slots = dict(DEATH, facts={"relationship": "cohabitant"}, awaiting="fact:shared_children")
    events, _ = _answer(domain, "nei", "deny", slots)
    assert events == [SlotSet("facts", {"relationship": "cohabitant", "shared_children": False}),
                      SlotSet("awaiting", "fact:children_under_20")]


def test_a_bad_answer_asks_again_with_the_choices(domain):
    events, messages = _answer(domain, "banan", "inform", dict(DEATH, awaiting="fact:relationship"))
    assert events == []
    assert [(m["text"], m["buttons"], m["custom"]) for m in messages] == [(
        "Jeg forsto ikke svaret. Velg en av knappene, eller trykk «Hopp over».", RELATIONSHIP_BUTTONS,
        {"type": "personalise_question", "life_event": "death-and-inheritance", "fact": "relationship",
         "kind": "fact", "understood": False})]


def test_skip_moves_on_to_the_next_question(domain):
    events, messages = _answer(domain, "hopp over", "skip", dict(DEATH, awaiting="fact:relationship"))
    assert events == [SlotSet("skipped_facts", ["relationship"]), SlotSet("awaiting", "fact:shared_children")]
    assert customs(messages)[0]["fact"] == "shared_children"


def test_skip_the_date(domain):
    events, _ = _answer(domain, "hopp over", "skip", dict(DEATH, event_dates={}, awaiting="date:date_of_death"))
    assert events == [SlotSet("skipped_facts", ["date:date_of_death"]), SlotSet("awaiting", "fact:relationship")]


def test_date_answer(domain):
    events, messages = _answer(domain, "3. november", "inform", dict(DEATH, event_dates={},
                                                                      awaiting="date:date_of_death"))
    assert events == [SlotSet("event_dates", {"date_of_death": "2026-11-03"}),
                      SlotSet("awaiting", "fact:relationship")]
    assert messages[0]["text"] == "Hva var du for den som døde?"


def test_a_date_that_is_not_understood(domain):
    events, messages = _answer(domain, "en gang i fjor høst kanskje", "inform",
                               dict(DEATH, event_dates={}, awaiting="date:date_of_death"))
    assert events == []
    assert [(m["text"], m["custom"]) for m in messages] == [(
        "Jeg forsto ikke datoen. Skriv den for eksempel som «3. november» eller «i går», eller trykk «Hopp over».",
        {"type": "personalise_question", "life_event": "death-and-inheritance", "fact": "date_of_death",
         "kind": "date", "understood": False})]


def test_the_last_answer_gives_the_personal_chain(domain):
    facts = {"relationship": "cohabitant", "shared_children": False, "children_under_20": False,
             "has_will": False, "minor_heirs": False, "owned_property": True, "deceased_had_business": False,
             "died_far_away": False}
    slots = dict(DEATH, facts=facts, awaiting="fact:small_estate")
    events, messages = _answer(domain, '/inform{"fact_value": "no"}', "inform", slots, {"fact_value": "no"})
    assert events == [SlotSet("facts", {**facts, "small_estate": False}), SlotSet("awaiting", "fact:settlement")]
    events, messages = _answer(domain, '/inform{"fact_value": "private"}', "inform",
                               dict(slots, facts={**facts, "small_estate": False}, awaiting="fact:settlement"),
                               {"fact_value": "private"})
    assert events == [SlotSet("facts", {**facts, "small_estate": False, "settlement": "private"}),
                      SlotSet("awaiting", None)]
    assert messages[0]["text"].startswith("Takk. Her er listen tilpasset deg.\n\nDette er de neste stegene dine:")
    ids = [s["id"] for s in chain(messages)["steps"]]
    assert "private-settlement" in ids and "transfer-property" in ids
    for absent in ("undivided-estate", "adjustment-allowance", "public-settlement", "deliver-will", "minor-heirs",
                   "close-business", "body-transport", "small-estate", "childrens-pension"):
        assert absent not in ids


def test_spouse_keeps_undivided_estate_possible(domain):
    slots = dict(DEATH, facts={"relationship": "spouse"}, skipped_facts=[
        "children_under_20", "has_will", "minor_heirs", "owned_property", "deceased_had_business",
        "died_far_away", "small_estate"], awaiting="fact:settlement")
    events, messages = _answer(domain, '/inform{"fact_value": "undivided"}', "inform", slots,
                               {"fact_value": "undivided"})
    assert events == [SlotSet("facts", {"relationship": "spouse", "settlement": "undivided"}),
                      SlotSet("awaiting", None)]
    ids = [s["id"] for s in chain(messages)["steps"]]
    assert "undivided-estate" in ids and "adjustment-allowance" in ids and "private-settlement" not in ids


def test_yes_without_a_question_is_what_now(domain):
    events, messages = _answer(domain, "ok", "affirm", DEATH)
    assert events == [SlotSet("current_step", "arrange-funeral")]
    assert customs(messages)[0]["type"] == "next_steps"


def test_an_answer_before_any_life_event(domain):
    events, messages = _answer(domain, "ja", "affirm", {})
    assert events == []
    assert messages[0]["text"] == ("Fortell meg først hva som har skjedd, så lager jeg en liste over hva du må "
                                   "gjøre.")
    assert len(messages[0]["buttons"]) == 7


# --- what next, step done, why, status ----------------------------------------------------------------------------

def test_what_next(domain):
    events, messages = run(ActionWhatNext(), tracker("hva nå?", "what_next", slots=DEATH), domain)
    assert events == [SlotSet("current_step", "arrange-funeral")]
    [message] = messages
    assert message["text"].splitlines()[0] == "Dette er de neste stegene dine:"
    assert message["custom"]["type"] == "next_steps"
    assert message["custom"]["life_event"] == "death-and-inheritance"
    # what can be done now first (the burial request waits for the funeral booking), then steps that surely apply
    # (not private-settlement, which waits on the settlement question), earliest due first
    assert [s["id"] for s in message["custom"]["steps"]] == ["arrange-funeral", "choose-settlement", "asset-overview"]
    assert message["custom"]["steps"][0] == {"id": "arrange-funeral", "title": "Bestill begravelse eller bisettelse",
                                             "due": "2026-12-04",
                                             "agency": {"id": "begravelsesbyra", "name": "Begravelsesbyrået"}}


def test_what_next_in_english(domain):
    events, messages = run(ActionWhatNext(), tracker("what now?", "what_next", slots=dict(DEATH, language="en")),
                           domain)
    assert events == [SlotSet("current_step", "arrange-funeral")]
    assert messages[0]["text"].splitlines()[0] == "These are your next steps:"


def test_what_next_without_a_life_event(domain):
    events, messages = run(ActionWhatNext(), tracker("hva nå?", "what_next"), domain)
    assert events == []
    assert messages[0]["custom"] == {"type": "which_event"} and len(messages[0]["buttons"]) == 7


def test_step_done_by_entity(domain):
    events, messages = run(ActionStepDone(), tracker('/step_done{"step_id": "arrange-funeral"}', "step_done",
                                                     entities={"step_id": "arrange-funeral"}, slots=DEATH), domain)
    assert events == [SlotSet("done_steps", ["arrange-funeral"]), SlotSet("current_step", "arrange-funeral")]
    assert messages[0]["text"].startswith("Flott, jeg har merket «Bestill begravelse eller bisettelse» som gjort.\n\n")
    assert statuses(chain(messages))["arrange-funeral"] == "done"


def test_step_done_by_text(domain):
    events, messages = run(ActionStepDone(), tracker("jeg har bestilt begravelsen", "step_done", slots=DEATH), domain)
    assert events == [SlotSet("done_steps", ["arrange-funeral"]), SlotSet("current_step", "arrange-funeral")]
    assert statuses(chain(messages))["arrange-funeral"] == "done"


def test_step_done_twice_is_stored_once(domain):
    slots = dict(DEATH, done_steps=["arrange-funeral"], current_step="arrange-funeral")
    events, messages = run(ActionStepDone(), tracker('/step_done{"step_id": "arrange-funeral"}', "step_done",
                                                     entities={"step_id": "arrange-funeral"}, slots=slots), domain)
    assert events == []
    assert statuses(chain(messages))["arrange-funeral"] == "done"


def test_step_done_unknown_asks_which(domain):
    events, messages = run(ActionStepDone(), tracker("jeg har gjort det", "step_done", slots=DEATH), domain)
    assert events == []
    [message] = messages
    assert message["text"] == "Hvilket steg har du gjort? Velg i listen."
    assert message["custom"] == {"type": "step_done_question", "life_event": "death-and-inheritance"}
    assert message["buttons"][0] == {"title": "Bestill begravelse eller bisettelse",
                                     "payload": '/step_done{"step_id": "arrange-funeral"}'}
    assert len(message["buttons"]) == 8


def test_step_done_with_an_id_from_another_chain_asks_which(domain):
    events, messages = run(ActionStepDone(), tracker('/step_done{"step_id": "register-jobseeker"}', "step_done",
                                                     entities={"step_id": "register-jobseeker"}, slots=DEATH), domain)
    assert events == []
    assert messages[0]["custom"]["type"] == "step_done_question"


def test_why_explains_the_current_step(domain):
    events, messages = run(ActionExplainWhy(), tracker("hvorfor?", "ask_why",
                                                       slots=dict(DEATH, current_step="choose-settlement")), domain)
    assert events == []
    [message] = messages
    assert message["text"].startswith("«Velg hvordan dødsboet skal gjøres opp»: Dere må velge skifteform innen 60 "
                                      "dager etter dødsfallet.")
    assert "Frist: 19. januar 2027." in message["text"]
    assert message["custom"] == {"type": "explanation", "life_event": "death-and-inheritance",
                                 "step_id": "choose-settlement",
                                 "url": "https://www.domstol.no/no/nar-noen-dor/skifteformer/"}


def test_why_without_a_current_step_explains_the_next_one(domain):
    events, messages = run(ActionExplainWhy(), tracker("hvorfor?", "ask_why", slots=DEATH), domain)
    assert events == [SlotSet("current_step", "arrange-funeral")]
    assert messages[0]["custom"]["step_id"] == "arrange-funeral"
    assert messages[0]["text"].startswith("«Bestill begravelse eller bisettelse»: ")
    assert "Frist: 4. desember 2026." in messages[0]["text"]


def test_check_status(domain):
    events, messages = run(ActionCheckStatus(), tracker("sjekk status", "check_status", slots=DEATH,
                                                        persona="kari"), domain)
    assert events == [SlotSet("observed", KARI_OBSERVED)]
    status = customs(messages, "status")[0]
    assert status == {"type": "status", "life_event": "death-and-inheritance", "results": [
        {"step_id": "death-registered", "checked": True, "status": "done", "case_id": None},
        {"step_id": "funeral-grant", "checked": True, "status": "waiting", "case_id": "NAV-2026-000101"},
        {"step_id": "probate-letter", "checked": True, "status": "done", "case_id": "26-123456TVI-TOSL"},
        {"step_id": "adjustment-allowance", "checked": True, "status": "todo", "case_id": None},
        {"step_id": "child-benefit", "checked": True, "status": "todo", "case_id": None}]}
    assert messages[0]["text"].splitlines()[:2] == [
        "Dette fant jeg hos etatene nå:", "- Folkeregisteret har registrert at Ola Nordmann døde 20.11.2026."]
    steps = statuses(chain(messages))
    assert steps["death-registered"] == "done" and steps["funeral-grant"] == "waiting"


def test_check_status_with_nav_down(domain, faults):
    faults({"nav": {"down": True}})
    events, messages = run(ActionCheckStatus(), tracker("sjekk status", "check_status", slots=DEATH,
                                                        persona="kari"), domain)
    # only what Folkeregisteret and Tingretten answered is stored
    assert events == [SlotSet("observed", {"death-registered": "done", "probate-letter": "done"})]
    results = {r["step_id"]: r for r in customs(messages, "status")[0]["results"]}
    assert results["funeral-grant"] == {"step_id": "funeral-grant", "checked": False}
    assert results["death-registered"]["checked"] is True
    assert "NAV" in messages[0]["text"]
    by_id = {s["id"]: s for s in chain(messages)["steps"]}
    assert by_id["funeral-grant"]["checked"] is False and "checked" not in by_id["death-registered"]


def test_check_status_without_a_life_event(domain):
    events, messages = run(ActionCheckStatus(), tracker("sjekk status", "check_status"), domain)
    assert events == [] and customs(messages) == [{"type": "which_event"}]
    assert messages[0]["text"].startswith("Fortell meg først")


@pytest.mark.parametrize("action", [ActionStartLifeEvent, ActionAnswer, ActionWhatNext, ActionStepDone,
                                    ActionExplainWhy, ActionCheckStatus])
def test_action_names_match_the_domain(action, domain):
    assert action().name() in domain["actions"]


# --- agency statuses kept for later replies (the `observed` slot) ---------------------------------------------------

def test_later_replies_keep_the_statuses_of_the_last_look_up(domain):
    # the last answer shows the personal chain without asking the agencies again: the stored statuses are used
    slots = dict(DEATH, facts={"relationship": "spouse"}, skipped_facts=[
        "children_under_20", "has_will", "minor_heirs", "owned_property", "deceased_had_business",
        "died_far_away", "small_estate"], awaiting="fact:settlement")
    answer = ('/inform{"fact_value": "undivided"}', "inform")
    events, messages = run(ActionAnswer(), tracker(*answer, slots=dict(slots, observed=KARI_OBSERVED),
                                                   entities={"fact_value": "undivided"}), domain)
    assert events == [SlotSet("facts", {"relationship": "spouse", "settlement": "undivided"}),
                      SlotSet("awaiting", None)]
    steps = statuses(chain(messages))
    assert {k: steps[k] for k in ("death-registered", "funeral-grant", "probate-letter")} == {
        "death-registered": "done", "funeral-grant": "waiting", "probate-letter": "done"}
    # without stored statuses the same answer knows nothing of kari's cases
    _, messages = run(ActionAnswer(), tracker(*answer, slots=slots, entities={"fact_value": "undivided"}), domain)
    steps = statuses(chain(messages))
    assert steps["funeral-grant"] == "todo" and steps["probate-letter"] != "done"


def test_what_next_skips_what_an_agency_reported_done(domain):
    observed = {"arrange-funeral": "done"}
    events, messages = run(ActionWhatNext(), tracker("hva nå?", "what_next", slots=dict(DEATH, observed=observed)),
                           domain)
    # with the funeral booked, the burial request can be done now and is due first
    assert events == [SlotSet("current_step", "burial-or-cremation")]
    assert messages[0]["custom"]["steps"][0]["id"] == "burial-or-cremation"


def test_a_status_look_up_with_an_agency_down_keeps_the_older_statuses(domain, faults):
    faults({"nav": {"down": True}})
    slots = dict(DEATH, observed={"funeral-grant": "waiting"})
    events, messages = run(ActionCheckStatus(), tracker("sjekk status", "check_status", slots=slots, persona="kari"),
                           domain)
    assert events == [SlotSet("observed", {"funeral-grant": "waiting", "death-registered": "done",
                                           "probate-letter": "done"})]
    by_id = {s["id"]: s for s in chain(messages)["steps"]}
    assert by_id["funeral-grant"]["checked"] is False


# --- answers NLU read as something else -------------------------------------------------------------------------

def test_a_leading_no_answers_a_yes_no_question(domain):
    slots = dict(DEATH, facts={"relationship": "child"}, awaiting="fact:has_will")
    events, messages = _answer(domain, "nei, han skrev ikke testament", "inform", slots)
    assert events == [SlotSet("facts", {"relationship": "child", "has_will": False}),
                      SlotSet("awaiting", "fact:children_under_20")]
    assert customs(messages)[0]["fact"] == "children_under_20"


def test_a_yes_that_nlu_read_as_a_life_event_answers_the_personalise_offer(domain):
    events, messages = run(ActionStartLifeEvent(), tracker("ja, gjerne", "event_death_and_inheritance",
                                                           slots=dict(DEATH, awaiting="personalise")), domain)
    assert events == [SlotSet("awaiting", "fact:relationship")]
    assert [(m["text"], m["buttons"]) for m in messages] == [("Hva var du for den som døde?", RELATIONSHIP_BUTTONS)]


def test_a_choice_that_nlu_read_as_another_life_event_is_an_answer(domain):
    slots = dict(DEATH, awaiting="fact:relationship")
    events, messages = run(ActionStartLifeEvent(), tracker("samboer", "event_having_a_child", slots=slots), domain)
    assert events == [SlotSet("facts", {"relationship": "cohabitant"}), SlotSet("awaiting", "fact:shared_children")]
    assert customs(messages)[0]["fact"] == "shared_children"


def test_an_answer_with_nothing_asked_starts_the_likeliest_life_event(domain):
    ranking = [("inform", 0.55), ("event_job_loss", 0.3), ("greet", 0.05)]
    events, messages = run(ActionAnswer(), tracker("I was laid off", "inform", ranking=ranking, slots={},
                                                   persona="jon"), domain)
    assert events == [SlotSet("language", "en"), SlotSet("life_events", ["job-loss"]),
                      SlotSet("awaiting", "personalise"), SlotSet("observed", {"unemployment-benefit": "waiting"})]
    assert chain(messages)["life_event"] == "job-loss"


def test_an_answer_with_nothing_asked_and_no_likely_life_event_asks_what_happened(domain):
    ranking = [("inform", 0.9), ("event_job_loss", 0.09)]
    events, messages = run(ActionAnswer(), tracker("ja", "inform", ranking=ranking, slots={}), domain)
    assert events == []
    assert messages[0]["text"].startswith("Fortell meg først hva som har skjedd")


def test_a_step_the_person_marks_done_beats_an_older_agency_status(domain):
    slots = dict(DEATH, observed=KARI_OBSERVED)          # NAV said: no adjustment allowance application
    events, messages = run(ActionStepDone(), tracker('/step_done{"step_id": "adjustment-allowance"}', "step_done",
                                                     entities={"step_id": "adjustment-allowance"}, slots=slots), domain)
    assert events == [SlotSet("done_steps", ["adjustment-allowance"]), SlotSet("current_step", "adjustment-allowance")]
    assert messages[0]["text"].startswith("Flott, jeg har merket «Søk om omstillingsstønad» som gjort.")
    assert statuses(chain(messages))["adjustment-allowance"] == "done"


def test_a_why_question_read_as_the_life_event_already_started_explains_the_step(domain):
    new = {"life_events": ["new-in-norway"]}
    events, messages = run(ActionStartLifeEvent(), tracker("hvorfor må jeg søke om oppholdstillatelse",
                                                           "event_new_in_norway", slots=new), domain)
    assert [m["custom"]["type"] for m in messages] == ["explanation"]
    assert messages[0]["custom"]["step_id"] == "residence-permit"
    assert SlotSet("current_step", "residence-permit") in events


# --- an answer that NLU read as a step done or a status question ---------------------------------------------------

def test_a_date_read_as_a_step_done_while_a_date_is_asked_is_the_answer(domain):
    slots = dict(DEATH, event_dates={}, awaiting="date:date_of_death")
    events, messages = run(ActionStepDone(), tracker("i går", "step_done", slots=slots), domain)
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    assert events == [SlotSet("event_dates", {"date_of_death": yesterday}),
                      SlotSet("awaiting", "fact:relationship")]
    assert customs(messages) == [{"type": "personalise_question", "life_event": "death-and-inheritance",
                                  "fact": "relationship", "kind": "fact"}]


def test_a_date_read_as_a_status_question_while_a_date_is_asked_is_the_answer(domain):
    slots = dict(DEATH, event_dates={}, awaiting="date:date_of_death")
    events, _ = run(ActionCheckStatus(), tracker("3. november", "check_status", slots=slots), domain)
    assert events == [SlotSet("event_dates", {"date_of_death": "2026-11-03"}),
                      SlotSet("awaiting", "fact:relationship")]


def test_a_step_done_with_a_date_while_a_date_is_asked_is_still_a_step_done(domain):
    slots = dict(DEATH, awaiting="date:date_of_death")
    events, messages = run(ActionStepDone(), tracker("jeg bestilte begravelsen i går", "step_done", slots=slots),
                           domain)
    assert events[:2] == [SlotSet("done_steps", ["arrange-funeral"]), SlotSet("current_step", "arrange-funeral")]
    assert statuses(chain(messages))["arrange-funeral"] == "done"
