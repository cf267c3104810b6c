"""Small talk, language, fallback, FAQ, handover, start over and delete my data (actions/conversation.py)."""
from __future__ import annotations

from datetime import date

import pytest
from rasa_sdk.events import Restarted, SlotSet

import bot.clock
from actions.conversation import (ActionDeleteData, ActionFallback, ActionFaq, ActionHandover, ActionRestart,
                                  ActionSmalltalk, ActionSwitchLanguage)
from tests.actions.conftest import run, tracker

DEATH = {"life_events": ["death-and-inheritance"], "event_dates": {"date_of_death": "2026-11-20"}}
EVENT_PAYLOADS = ["/event_having_a_child", "/event_seriously_ill_child", "/event_job_loss", "/event_new_in_norway",
                  "/event_starting_a_business", "/event_death_and_inheritance", "/event_voluntary_organisation"]


def only(messages):
    assert len(messages) == 1, messages
    return messages[0]


# --- small talk -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("intent, text, kind, start, with_buttons", [
    ("greet", "hei", "greeting", "Hei! Jeg er Veiviser, en digital assistent.", True),
    ("thanks", "tusen takk", "thanks", "Bare hyggelig. Si fra hvis du lurer på noe mer.", False),
    ("goodbye", "ha det bra", "goodbye", "Ha det bra. Du kan komme tilbake når som helst", False),
    ("bot_challenge", "er du en robot?", "bot_challenge", "Ja, jeg er en digital assistent, ikke et menneske.", False),
    ("out_of_scope", "hvem vinner fotball-VM", "out_of_scope", "Det kan jeg dessverre ikke hjelpe med.", True),
])
def test_smalltalk_in_bokmal(domain, intent, text, kind, start, with_buttons):
    events, messages = run(ActionSmalltalk(), tracker(text, intent, slots=DEATH), domain)
    assert events == []
    message = only(messages)
    assert message["custom"] == {"type": kind}          # no life_event, even inside a life event
    assert message["text"].startswith(start)
    assert [b["payload"] for b in message["buttons"]] == (EVENT_PAYLOADS if with_buttons else [])


@pytest.mark.parametrize("intent, text, start", [
    ("greet", "hello there", "Hello! I am Veiviser, a digital assistant."),
    ("thanks", "thank you so much", "You are welcome."),
    ("goodbye", "goodbye and thanks for the help", "Goodbye."),
    ("bot_challenge", "are you a bot?", "Yes, I am a digital assistant, not a person."),
    ("out_of_scope", "what is the weather like in Bergen today", "Sorry, I cannot help with that."),
])
def test_smalltalk_in_english(domain, intent, text, start):
    events, messages = run(ActionSmalltalk(), tracker(text, intent, slots={"language": "en"}), domain)
    assert events == []
    assert only(messages)["text"].startswith(start)


def test_an_answer_that_nlu_took_for_smalltalk_answers_the_open_question(domain):
    # "samboer" while the relationship is asked: a usable answer, whatever the intent
    events, messages = run(ActionSmalltalk(), tracker("samboer", "greet", slots=dict(DEATH, awaiting="fact:relationship")),
                           domain)
    assert events == [SlotSet("facts", {"relationship": "cohabitant"}), SlotSet("awaiting", "fact:shared_children")]
    assert only(messages)["custom"]["fact"] == "shared_children"


# --- language -----------------------------------------------------------------------------------------------------

def test_switch_to_english_by_text(domain):
    events, messages = run(ActionSwitchLanguage(), tracker("svar på engelsk", "switch_language", slots=DEATH), domain)
    assert events == [SlotSet("language", "en")]
    message = only(messages)
    assert message["text"] == "All right, I will answer in English from now on."
    assert message["custom"] == {"type": "language", "language": "en", "life_event": "death-and-inheritance"}


def test_switch_to_bokmal_by_entity(domain):
    events, messages = run(ActionSwitchLanguage(), tracker('/switch_language{"language": "nb"}', "switch_language",
                                                           entities={"language": "nb"}, slots={"language": "en"}),
                           domain)
    assert events == [SlotSet("language", "nb")]
    assert only(messages) ["custom"] == {"type": "language", "language": "nb"}
    assert messages[0]["text"] == "Greit, jeg svarer på norsk (bokmål) fra nå."


def test_switch_without_saying_which_toggles(domain):
    events, _ = run(ActionSwitchLanguage(), tracker("/switch_language", "switch_language", slots={"language": "en"}),
                    domain)
    assert events == [SlotSet("language", "nb")]


# --- fallback -----------------------------------------------------------------------------------------------------

def test_fallback_medium_band_offers_the_two_likeliest_intents(domain):
    ranking = [("nlu_fallback", 0.4), ("event_job_loss", 0.35), ("what_next", 0.3), ("greet", 0.1)]
    events, messages = run(ActionFallback(), tracker("noe med jobb og sånn", "nlu_fallback", ranking=ranking), domain)
    assert events == []
    message = only(messages)
    assert message["text"] == "Jeg er ikke helt sikker på hva du mener. Mente du en av disse?"
    assert message["buttons"] == [{"title": "Miste jobben", "payload": "/event_job_loss"},
                                  {"title": "Hva skal jeg gjøre nå?", "payload": "/what_next"},
                                  {"title": "Noe annet", "payload": "/nlu_fallback"}]
    assert message["custom"] == {"type": "fallback", "band": "medium", "choices": ["event_job_loss", "what_next"]}


def test_fallback_low_band_asks_to_rephrase_and_offers_a_person(domain):
    ranking = [("nlu_fallback", 0.4), ("out_of_scope", 0.3), ("greet", 0.12)]
    events, messages = run(ActionFallback(), tracker("blæ blæ", "nlu_fallback", ranking=ranking, slots=DEATH), domain)
    assert events == []
    message = only(messages)
    assert message["text"] == ("Beklager, det forsto jeg ikke. Kan du si det med andre ord? Du kan også snakke med "
                               "et menneske.")
    assert message["buttons"] == [{"title": "Snakk med et menneske", "payload": "/human_handover"}]
    assert message["custom"] == {"type": "fallback", "life_event": "death-and-inheritance", "band": "low"}


def test_fallback_on_empty_text(domain):
    events, messages = run(ActionFallback(), tracker("   ", "nlu_fallback"), domain)
    assert events == []
    message = only(messages)
    assert message["text"] == "Jeg fikk ikke med meg noen tekst. Skriv gjerne med egne ord hva som har skjedd."
    assert message["custom"] == {"type": "fallback", "band": "empty"}
    assert [b["payload"] for b in message["buttons"]] == EVENT_PAYLOADS


def test_fallback_on_a_very_long_text_says_so_and_does_not_guess(domain):
    ranking = [("nlu_fallback", 0.4), ("event_job_loss", 0.39)]
    events, messages = run(ActionFallback(), tracker("ord " * 3000, "nlu_fallback", ranking=ranking), domain)
    assert events == []
    message = only(messages)
    assert message["text"].startswith("Det var en lang melding. Jeg har lest begynnelsen av den.")
    assert message["custom"] == {"type": "fallback", "band": "low"}


def test_fallback_in_english(domain):
    ranking = [("nlu_fallback", 0.4), ("ask_why", 0.3), ("what_next", 0.28)]
    _, messages = run(ActionFallback(), tracker("/nlu_fallback", "nlu_fallback", ranking=ranking,
                                                slots={"language": "en"}), domain)
    assert [b["title"] for b in only(messages)["buttons"]] == ["Why do I need to do this?", "What should I do now?",
                                                               "Something else"]


def test_a_date_that_nlu_did_not_understand_still_answers_the_date_question(domain):
    slots = dict(DEATH, event_dates={}, awaiting="date:date_of_death")
    events, messages = run(ActionFallback(), tracker("3. november", "nlu_fallback", slots=slots), domain)
    assert events == [SlotSet("event_dates", {"date_of_death": "2026-11-03"}),
                      SlotSet("awaiting", "fact:relationship")]
    assert only(messages)["custom"]["fact"] == "relationship"


# --- FAQ ----------------------------------------------------------------------------------------------------------

def test_faq_known_answer(domain):
    events, messages = run(ActionFaq(), tracker("hva er uskifte", "faq", faq="death_uskifte", slots=DEATH), domain)
    assert events == [SlotSet("current_step", "undivided-estate")]
    message = only(messages)
    assert message["text"].startswith("Uskifte betyr at den gjenlevende ektefellen overtar dødsboet")
    assert message["text"].endswith("Kilde: domstol.no – Uskifte (https://www.domstol.no/no/dodsfall-og-arv/uskifte/)")
    assert message["custom"] == {"type": "faq_answer", "life_event": "death-and-inheritance", "faq_id": "death_uskifte",
                                 "step_id": "undivided-estate",
                                 "source": {"title": "domstol.no – Uskifte",
                                            "url": "https://www.domstol.no/no/dodsfall-og-arv/uskifte/"}}


def test_faq_answer_in_english_names_its_life_event_even_outside_one(domain):
    events, messages = run(ActionFaq(), tracker("how long is parental leave", "faq", faq="child_leave_length",
                                                slots={"language": "en"}), domain)
    message = only(messages)
    assert message["custom"]["life_event"] == "having-a-child"
    assert message["custom"]["faq_id"] == "child_leave_length"
    assert "Source:" in message["text"]


def test_a_why_question_naming_a_step_explains_the_step_not_the_faq(domain):
    ill = {"life_events": ["seriously-ill-child"]}
    events, messages = run(ActionFaq(), tracker("hvorfor må jeg søke pleiepenger", "faq",
                                                faq="ill_care_allowance_who", slots=ill), domain)
    assert events == [SlotSet("current_step", "care-benefit")]
    message = only(messages)
    assert message["custom"]["type"] == "explanation"
    assert message["custom"]["step_id"] == "care-benefit"
    assert message["custom"]["life_event"] == "seriously-ill-child"


def test_a_step_reported_done_in_words_marks_it_done_not_the_faq(domain):
    vol = {"life_events": ["voluntary-organisation"], "language": "en"}
    events, messages = run(ActionFaq(), tracker("we have held the founding meeting", "faq", faq="vol_statutes",
                                                slots=vol), domain)
    assert SlotSet("done_steps", ["founding-meeting"]) in events
    assert messages[0]["custom"]["type"] == "service_chain"


def test_a_question_that_starts_like_a_report_still_gets_the_faq(domain):
    job = {"life_events": ["job-loss"]}
    events, messages = run(ActionFaq(), tracker("jeg har sagt opp selv, får jeg dagpenger", "faq",
                                                faq="job_quit_myself", slots=job), domain)
    assert messages[-1]["custom"]["type"] == "faq_answer"
    assert messages[-1]["custom"]["faq_id"] == "job_quit_myself"


def test_out_of_scope_of_words_we_do_not_know_is_not_understood_rather_than_refused(domain):
    events, messages = run(ActionSmalltalk(), tracker("blørk snarf plimp", "out_of_scope", confidence=0.9,
                                                      slots=DEATH), domain)
    message = only(messages)
    assert message["custom"] == {"type": "fallback", "life_event": "death-and-inheritance", "band": "low"}
    assert [b["payload"] for b in message["buttons"]] == ["/human_handover"]


@pytest.mark.parametrize("text", ["🙂🙂🙂", "....", "???!!!", "123123"])
def test_a_message_without_letters_read_as_out_of_scope_asks_to_rephrase(domain, text):
    # "what Veiviser helps with" would answer a question nobody asked: there is no wording to read
    events, messages = run(ActionSmalltalk(), tracker(text, "out_of_scope", confidence=0.9), domain)
    message = only(messages)
    assert message["custom"] == {"type": "fallback", "band": "low"}
    assert [b["payload"] for b in message["buttons"]] == ["/human_handover"]


def test_an_emoji_read_as_thanks_is_still_thanks(domain):
    events, messages = run(ActionSmalltalk(), tracker("🙏", "thanks", confidence=0.9), domain)
    assert only(messages)["custom"] == {"type": "thanks"}


def test_a_sure_out_of_scope_question_gets_what_veiviser_helps_with(domain):
    events, messages = run(ActionSmalltalk(), tracker("what is the weather tomorrow", "out_of_scope",
                                                      confidence=0.9), domain)
    assert only(messages)["custom"] == {"type": "out_of_scope"}


def test_an_unsure_out_of_scope_asks_instead_of_refusing(domain):
    # 0.45 is above the fallback threshold (0.4) but below REFUSAL_MIN_CONFIDENCE: maybe it is ours after all
    ranking = [("out_of_scope", 0.45), ("event_job_loss", 0.3), ("faq", 0.1)]
    events, messages = run(ActionSmalltalk(), tracker("jeg lurer på noe om penger og jobb", "out_of_scope",
                                                      confidence=0.45, ranking=ranking), domain)
    message = only(messages)
    assert message["custom"] == {"type": "fallback", "band": "medium", "choices": ["event_job_loss"]}


def test_a_step_reported_done_read_as_unsure_out_of_scope_is_still_marked_done(domain):
    vol = {"life_events": ["voluntary-organisation"], "language": "en"}
    events, messages = run(ActionSmalltalk(), tracker("we have held the founding meeting", "out_of_scope",
                                                      confidence=0.45, slots=vol), domain)
    assert SlotSet("done_steps", ["founding-meeting"]) in events


def test_a_long_text_read_as_out_of_scope_gets_the_long_message_note(domain):
    events, messages = run(ActionSmalltalk(), tracker("hei og " * 600, "out_of_scope", confidence=0.9), domain)
    message = only(messages)
    assert message["custom"]["band"] == "low"
    assert message["text"].startswith("Det var en lang melding.")


def test_a_step_reported_done_that_nlu_did_not_understand_is_marked_done(domain):
    vol = {"life_events": ["voluntary-organisation"], "language": "en"}
    events, messages = run(ActionFallback(), tracker("we have held the founding meeting", "nlu_fallback",
                                                     confidence=0.3, slots=vol), domain)
    assert SlotSet("done_steps", ["founding-meeting"]) in events
    assert messages[0]["custom"]["type"] == "service_chain"


def test_an_faq_match_the_response_selector_is_unsure_of_is_not_answered(domain):
    events, messages = run(ActionFaq(), tracker("jeg lurer på noe om penger", "faq", confidence=0.45,
                                                ranking=[("faq", 0.45), ("event_job_loss", 0.3)],
                                                faq="job_quit_myself", faq_confidence=0.15), domain)
    message = only(messages)
    assert message["custom"]["type"] == "fallback"
    assert "life_event" not in message["custom"]
    assert "faq_id" not in message["custom"]


def test_faq_unknown_id(domain):
    events, messages = run(ActionFaq(), tracker("hva er greia", "faq", faq="no_such_question", slots=DEATH), domain)
    assert events == []
    message = only(messages)
    assert message["text"] == "Det spørsmålet har jeg dessverre ikke noe godt svar på ennå."
    assert message["custom"] == {"type": "faq_answer", "faq_id": None, "life_event": "death-and-inheritance"}


def test_faq_without_response_selector(domain):
    events, messages = run(ActionFaq(), tracker("/faq", "faq"), domain)
    assert events == []
    assert only(messages)["custom"] == {"type": "faq_answer", "faq_id": None}


# --- handover -----------------------------------------------------------------------------------------------------

def _pin(monkeypatch, day: date, hour: int, minute: int = 0):
    monkeypatch.setattr(bot.clock, "now", lambda: bot.clock.at(day, hour, minute))


SUMMARY_NB = ("Livshendelse: Når noen dør. Dødsdato: 20. november 2026. Gjort: ingenting ennå. Neste: Bestill "
              "begravelse eller bisettelse (å gjøre), Velg hvordan dødsboet skal gjøres opp (å gjøre).")


def test_handover_in_opening_hours_goes_to_the_agency_of_the_current_step(domain, monkeypatch):
    _pin(monkeypatch, date(2026, 11, 30), 10)          # a Monday morning
    events, messages = run(ActionHandover(), tracker("jeg vil snakke med et menneske", "human_handover",
                                                     slots=dict(DEATH, current_step="choose-settlement")), domain)
    assert events == []
    assert [m["text"] for m in messages] == [
        "Du kan snakke med Tingretten om «Velg hvordan dødsboet skal gjøres opp». De har åpent nå. Nettside: "
        "https://www.domstol.no/no/nar-noen-dor/",
        "Kopier gjerne dette, så slipper du å forklare alt på nytt:\n\n" + SUMMARY_NB]
    assert messages[1]["custom"] == {
        "type": "handover", "life_event": "death-and-inheritance", "step_id": "choose-settlement",
        "agency": {"id": "tingretten", "name": "Tingretten", "phone": None, "chat_url": None,
                   "url": "https://www.domstol.no/no/nar-noen-dor/"},
        "open_now": True, "opens_at": None, "summary": SUMMARY_NB}


def test_handover_when_closed_says_when_they_open(domain, monkeypatch):
    _pin(monkeypatch, date(2026, 11, 28), 22)          # Saturday evening
    events, messages = run(ActionHandover(), tracker("jeg vil snakke med et menneske", "human_handover",
                                                     slots=dict(DEATH, current_step="choose-settlement")), domain)
    assert events == []
    assert "De har stengt nå og åpner igjen mandag 30. november 2026 kl. 08:00." in messages[0]["text"]
    custom = messages[1]["custom"]
    assert (custom["open_now"], custom["opens_at"]) == (False, "2026-11-30T08:00:00+01:00")


def test_handover_without_a_current_step_uses_the_next_open_one(domain, monkeypatch):
    _pin(monkeypatch, date(2026, 11, 30), 10)
    events, messages = run(ActionHandover(), tracker("I want to talk to a person", "human_handover",
                                                     slots=dict(DEATH, language="en")), domain)
    # the next open step is booking the funeral, which a funeral agency does
    assert events == [SlotSet("current_step", "arrange-funeral")]
    custom = messages[1]["custom"]
    assert custom["step_id"] == "arrange-funeral" and custom["agency"]["id"] == "begravelsesbyra"
    # (lower-cased: the agency name is "The funeral agency" mid-sentence, reported to the chains engineer)
    assert messages[0]["text"].lower() == ('you can talk to the funeral agency about "arrange the funeral". web page: '
                                           'https://www.norge.no/nb/livssituasjon/dodsfall-og-arv')


def test_handover_for_nav_gives_phone_and_chat(domain, monkeypatch):
    _pin(monkeypatch, date(2026, 11, 30), 10)
    slots = {"life_events": ["job-loss"], "current_step": "register-jobseeker"}
    _, messages = run(ActionHandover(), tracker("jeg vil snakke med et menneske", "human_handover", slots=slots), domain)
    assert messages[0]["text"] == ("Du kan snakke med NAV om «Registrer deg som arbeidssøker». De har åpent nå. "
                                   "Telefon: 55 55 33 33. Du kan også skrive til dem i chat: https://www.nav.no/kontaktoss")
    assert messages[1]["custom"]["agency"]["phone"] == "55 55 33 33"


def test_handover_before_any_life_event(domain, monkeypatch):
    _pin(monkeypatch, date(2026, 11, 30), 10)
    events, messages = run(ActionHandover(), tracker("jeg vil snakke med et menneske", "human_handover"), domain)
    assert events == []
    message = only(messages)
    assert message["custom"] == {"type": "handover", "agency": None}
    assert message["text"].startswith("Fortell meg først hva det gjelder")


# --- start over, delete my data -----------------------------------------------------------------------------------

def test_restart(domain):
    events, messages = run(ActionRestart(), tracker("start på nytt", "restart", slots=DEATH), domain)
    assert events == [Restarted()]
    assert only(messages)["text"] == "Vi begynner på nytt. Hva har skjedd?"
    assert messages[0]["custom"] == {"type": "restarted"}


def test_delete_data(domain):
    events, messages = run(ActionDeleteData(), tracker("delete my data", "delete_data",
                                                       slots=dict(DEATH, language="en")), domain)
    assert events == [Restarted()]
    assert only(messages)["text"] == ("Your conversation has been deleted from our system. You can start again "
                                      "whenever you like.")
    assert messages[0]["custom"] == {"type": "deleted"}


@pytest.mark.parametrize("action", [ActionSmalltalk, ActionSwitchLanguage, ActionFallback, ActionFaq, ActionHandover,
                                    ActionRestart, ActionDeleteData])
def test_action_names_match_the_domain(action, domain):
    assert action().name() in domain["actions"]


def test_fallback_never_offers_intents_a_person_would_not_recognise(domain):
    # emoji only: NLU's best guesses are "deny" and "inform", which are no choice for a person
    ranking = [("nlu_fallback", 0.4), ("deny", 0.26), ("inform", 0.18), ("greet", 0.05)]
    events, messages = run(ActionFallback(), tracker("🙂🙂🙂", "nlu_fallback", ranking=ranking), domain)
    assert events == []
    message = only(messages)
    assert message["custom"] == {"type": "fallback", "band": "low"}
    assert message["buttons"] == [{"title": "Snakk med et menneske", "payload": "/human_handover"}]


def test_a_choice_typed_while_nlu_thought_it_was_a_question_about_the_rules(domain):
    # "samboer" is read as the FAQ about forced shares; while the relationship is asked it is the answer
    slots = dict(DEATH, awaiting="fact:relationship")
    events, messages = run(ActionFaq(), tracker("samboer", "faq", faq="death_forced_share", slots=slots), domain)
    assert events == [SlotSet("facts", {"relationship": "cohabitant"}), SlotSet("awaiting", "fact:shared_children")]
    assert only(messages)["custom"]["fact"] == "shared_children"


def test_a_yes_that_nlu_read_as_a_question_answers_the_personalise_offer(domain):
    slots = dict(DEATH, awaiting="personalise")
    events, messages = run(ActionFaq(), tracker("ja takk", "faq", faq="death_uskifte", slots=slots), domain)
    assert events == [SlotSet("awaiting", "fact:relationship")]
    assert only(messages)["custom"]["fact"] == "relationship"


def test_a_consent_that_nlu_read_as_small_talk_answers_tell_us_once(domain):
    slots = dict(DEATH, awaiting="tuo:nav", consents={})
    events, messages = run(ActionSmalltalk(), tracker("ja takk", "thanks", slots=slots, sender="tuo-smalltalk"),
                           domain)
    assert events == [SlotSet("awaiting", "tuo:skatteetaten"), SlotSet("consents", {"nav": True})]
    assert only(messages)["custom"] == {"type": "tell_us_once_consent", "life_event": "death-and-inheritance",
                                        "agency": "skatteetaten"}


@pytest.mark.parametrize("text", ["talk to a person", "hello"])
def test_short_english_lines_are_answered_in_english(domain, monkeypatch, text):
    _pin(monkeypatch, date(2026, 11, 30), 10)
    intent, action = ("human_handover", ActionHandover) if "person" in text else ("greet", ActionSmalltalk)
    events, messages = run(action(), tracker(text, intent, slots={}), domain)
    assert events == [SlotSet("language", "en")]
    assert messages[0]["text"].startswith("First tell me what it is about" if "person" in text else "Hello! I am Veiviser")


def test_delete_my_data_in_english_without_a_stored_language(domain):
    events, messages = run(ActionDeleteData(), tracker("delete my data", "delete_data", slots={}), domain)
    assert events == [Restarted()]
    assert only(messages)["text"].startswith("Your conversation has been deleted")
