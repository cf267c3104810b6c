"""The training examples themselves: enough of each kind, and no text that teaches two meanings."""
from collections import Counter, defaultdict

import pytest

from bot.nlu_eval import _norm, load_examples

ROWS = load_examples()
COUNTS = Counter((intent if not intent.startswith("faq/") else intent, lang) for _, intent, lang in ROWS)
INTENTS = sorted({intent for _, intent, _ in ROWS if not intent.startswith("faq/")})

# The floors of docs/nlu.md ("Adding examples"): below them the held-out figures fall.
FLOORS = {"what_next": 150, "step_done": 150, "check_status": 150, "affirm": 150, "deny": 150,
          "inform": 350, "out_of_scope": 350}


def floor(intent: str) -> int:
    if intent.startswith("event_"):
        return 180
    return FLOORS.get(intent, 100)


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_intent_has_its_floor_of_examples(intent, lang):
    assert COUNTS[(intent, lang)] >= floor(intent), f"{intent} [{lang}] has {COUNTS[(intent, lang)]} examples"


def test_every_faq_question_has_twenty_four_examples_per_language():
    short = {key: n for key, n in COUNTS.items() if key[0].startswith("faq/") and n < 24}
    assert not short, short


def test_no_text_is_an_example_of_two_intents():
    labels = defaultdict(set)
    for text, intent, _ in ROWS:
        labels[_norm(text)].add(intent)
    clashes = {text: sorted(found) for text, found in labels.items() if len(found) > 1}
    assert not clashes, clashes
