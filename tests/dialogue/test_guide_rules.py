"""Rules of bot/dialogue that the action tests do not pin down one by one."""
from datetime import date

from bot.dialogue import guide
from bot.dialogue.state import ConversationState

TODAY = date(2026, 11, 30)
DEATH = ConversationState(life_events=("death-and-inheritance",))
CHILD = ConversationState(life_events=("having-a-child",))


def test_a_birth_date_in_the_past_means_the_child_is_born_and_is_not_asked_again():
    state = guide.with_date_implications(CHILD.with_(event_dates={"birth_date": "2026-11-03"}), TODAY)
    assert state.facts == {"born": True}
    reply = guide.ask_next(state.with_(awaiting="date:birth_date"), TODAY)
    assert reply.state.awaiting != "fact:born"


def test_a_future_date_implies_nothing_and_a_given_answer_is_kept():
    assert guide.with_date_implications(CHILD.with_(event_dates={"birth_date": "2027-03-01"}), TODAY).facts == {}
    kept = CHILD.with_(event_dates={"birth_date": "2026-11-03"}, facts={"born": False})
    assert guide.with_date_implications(kept, TODAY).facts == {"born": False}


def test_typed_answers_match_labels_keywords_and_close_typos():
    fact = guide._find_fact(DEATH, "relationship")
    cases = {"gift": "spouse", "jeg var gift med ham": "spouse", "ektefele": "spouse", "samboar": "cohabitant",
             "det var faren min": "child", "sønnen min": "parent", "my wife": "spouse", "bla bla": None}
    assert {text: guide._interpret_fact(fact, text, None, None) for text in cases} == cases


def test_yes_and_no_lead_a_sentence():
    assert guide.yes_or_no("nei, hun skrev ikke testament") is False
    assert guide.yes_or_no("Yes, please make it personal") is True
    assert guide.yes_or_no("ikke sikker") is None
    assert guide.yes_or_no("") is None


def test_the_persons_done_beats_an_older_agency_status():
    state = DEATH.with_(done_steps=("funeral-grant",), observed={"funeral-grant": "waiting"},
                        event_dates={"date_of_death": "2026-11-20"})
    plan = guide.build_plan(state, TODAY)
    assert next(s for s in plan.steps if s.id == "funeral-grant").status == "done"


def test_what_can_be_done_now_comes_first():
    plan = guide.build_plan(DEATH.with_(event_dates={"date_of_death": "2026-11-29"}), TODAY)
    first = plan.next_steps(limit=1)[0]
    assert first.id == "arrange-funeral" and first.due == date(2026, 12, 11)


def test_labels_match_without_their_parenthesis_and_short_ids_only_as_words():
    fact = guide._find_fact(ConversationState(life_events=("starting-a-business",)), "org_form")
    cases = {"a sole proprietorship": "enk", "det er et aksjeselskap": "as", "AS": "as", "I was thinking": None,
             "it has": None}
    assert {text: guide._interpret_fact(fact, text, None, None) for text in cases} == cases


def test_a_long_first_message_gets_the_chain_and_says_only_its_beginning_was_read():
    story = "Jeg skriver fordi faren min døde i går. " * 100
    first = guide.start_life_event(ConversationState(), "death-and-inheritance", story, TODAY, None).messages[0]
    short = guide.start_life_event(ConversationState(), "death-and-inheritance", "faren min døde", TODAY, None)
    assert first.text.startswith("Det var en lang melding, så jeg har lest begynnelsen av den.")
    assert first.custom["type"] == "service_chain"
    assert "lang melding" not in short.messages[0].text
