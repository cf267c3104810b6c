"""bot/nlu_add_examples.py: new examples land in their intent's block, and never as copies of test messages."""
import pytest
import yaml

from bot.nlu_add_examples import add, near_copy
from bot.nlu_eval import load_blind_set, load_examples, split

DATA = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hei

- intent: thanks
  examples: |
    - takk
"""


@pytest.fixture
def nlu_dir(tmp_path):
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "control.yml").write_text(DATA, encoding="utf-8")
    return tmp_path


def examples(nlu_dir):
    blocks = yaml.safe_load((nlu_dir / "nb" / "control.yml").read_text(encoding="utf-8"))["nlu"]
    return {b["intent"]: [line[2:] for line in b["examples"].splitlines()] for b in blocks}


def test_a_new_example_is_appended_to_its_intents_block(nlu_dir):
    report = add([("greet", "heisann sveisann, godt folk")], "nb", nlu_dir)
    assert report["added"] == {"greet": ["heisann sveisann, godt folk"]}
    assert examples(nlu_dir) == {"greet": ["hei", "heisann sveisann, godt folk"], "thanks": ["takk"]}


def test_an_example_that_exists_is_left_out(nlu_dir):
    text = load_examples()[0][0]
    report = add([("greet", text.upper())], "nb", nlu_dir)
    assert report["added"] == {}
    assert report["left_out"] == [(text.upper(), "already an example")]


@pytest.mark.parametrize("pick", [lambda: split(load_examples())[1][0][0], lambda: load_blind_set()[0][0]])
def test_a_reworded_test_message_is_left_out(nlu_dir, pick):
    message = pick()
    reworded = message + "!!"
    report = add([("greet", reworded)], "nb", nlu_dir)
    assert report["added"] == {}
    assert "near-copy of the test message" in report["left_out"][0][1]
    assert examples(nlu_dir)["greet"] == ["hei"]


def test_an_unknown_intent_changes_no_file(nlu_dir):
    with pytest.raises(KeyError, match="no block '- intent: gret'"):
        add([("greet", "heisann sveisann, godt folk"), ("gret", "hallo hallo, godt folk")], "nb", nlu_dir)
    assert examples(nlu_dir) == {"greet": ["hei"], "thanks": ["takk"]}


def test_near_copy():
    assert near_copy("Kan du skrive på engelsk?", ["kan du skrive på engelsk"]) == "kan du skrive på engelsk"
    assert near_copy("min far døde i går", ["hvor mye koster en pizza"]) is None
