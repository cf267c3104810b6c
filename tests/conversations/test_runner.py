"""The checker itself must catch differences, or the conversation tests would pass on anything."""
from tests.conversations.runner import check_reply

CHAIN = {"type": "service_chain", "life_event": "job-loss", "language": "nb",
         "steps": [{"id": "register-jobseeker", "status": "todo"}, {"id": "notice", "status": "done", "checked": False}]}
REPLY = [{"text": "Dette er de neste stegene dine", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
         {"custom": CHAIN}]


def test_a_matching_reply_has_no_problems():
    expect = {"type": "service_chain", "life_event": "job-loss", "language": "nb", "steps": ["notice"],
              "no_steps": ["new-job"], "step_status": {"notice": "done"}, "unchecked_steps": ["notice"],
              "text": ["neste steg"], "buttons": ["ja"], "payload": {"language": "nb"}}
    assert check_reply(REPLY, expect) == []


def test_each_kind_of_difference_is_reported():
    cases = {
        "type": {"type": "faq_answer"},
        "life_event": {"life_event": "death-and-inheritance"},
        "no_life_event": {"no_life_event": True},
        "language": {"language": "en"},
        "steps": {"steps": ["new-job"]},
        "no_steps": {"no_steps": ["notice"]},
        "step_status": {"step_status": {"register-jobseeker": "done"}},
        "unchecked": {"unchecked_steps": ["register-jobseeker"]},
        "text": {"text": ["gravferd"]},
        "no_text": {"no_text": ["stegene"]},
        "buttons": {"buttons": ["Nei"]},
        "payload": {"payload": {"language": "en"}},
        "unknown key": {"colour": "blue"},
    }
    for name, expect in cases.items():
        assert check_reply(REPLY, expect), f"{name} difference was not reported"


def test_an_empty_reply_is_a_problem():
    assert check_reply([], {}) == ["the assistant sent no reply"]
